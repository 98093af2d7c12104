import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { LoanSideState, LoanSnapshot } from '../domain/loan-field-map';
import type { FieldResolution } from '../domain/loan-merge';

/** A loan officer's edit in Salesforce (from the starter; one callout may carry many loans). */
export interface SalesforceLoanChange {
  state: LoanSideState;
}

/** A loan as fetched from Encompass after a webhook (which carries only the loan GUID). */
export interface EncompassLoanChange {
  eventId: string;
  encompassLoanId: string;
  state: LoanSideState;
}

/**
 * Both sides of a loan the nightly reconciliation found disagreeing: each joins its side's pending changes,
 * so the ordinary merge repairs the drift (a lost callout or webhook) by the field map's rules.
 */
export interface LoanReconciliation {
  encompassLoanId: string;
  salesforce: LoanSideState;
  encompass: LoanSideState;
}

export const salesforceLoanChangedSignal = defineSignal<[SalesforceLoanChange]>('salesforceLoanChanged');
export const encompassLoanChangedSignal = defineSignal<[EncompassLoanChange]>('encompassLoanChanged');
export const reconcileLoanSignal = defineSignal<[LoanReconciliation]>('reconcileLoan');

export type LoanSyncPhase = 'idle' | 'syncing' | 'waiting-for-encompass';

export interface LoanSyncView {
  loanId: string;
  encompassLoanId?: string;
  phase: LoanSyncPhase;
  synced: LoanSnapshot;
  lastSyncedAt?: string;
  lastError?: string;
  pushesToEncompass: number;
  writesToSalesforce: number;
  /** The latest conflict resolutions, newest last. */
  resolutions: (FieldResolution & { at: string })[];
}
export const loanSyncStatusQuery = defineQuery<LoanSyncView>('loanSyncStatus');
