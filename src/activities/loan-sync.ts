import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { EncompassClient } from '../clients/encompass-client';
import { INFLOOENS_REFERENCE_FIELD } from '../clients/encompass-loan';
import type { EncompassLoan } from '../clients/encompass-loan';
import { fromEncompassLoan, toEncompassPatch } from '../domain/loan-field-map';
import type { LoanSideState, LoanSnapshot } from '../domain/loan-field-map';
import { LOAN_ID, PROCESS, workflowIdFor } from '../domain/processes';
import { DEFAULT_RETRY_SHAPING, toActivityFailure } from '../resilience/activity-failure';
import type { RetryShaping } from '../resilience/activity-failure';
import type { BreakerGate } from '../resilience/breaker-gate';
import { encompassLoanChangedSignal } from '../workflows/loan-sync-messages';
import type { LoanSyncInput } from '../workflows/loan-sync';

export interface LoanSyncDeps {
  encompass: EncompassClient;
  breakers: BreakerGate;
  client: Client;
  taskQueue: string;
  shaping?: RetryShaping;
}

export function createLoanSyncActivities({
  encompass,
  breakers,
  client,
  taskQueue,
  shaping = DEFAULT_RETRY_SHAPING,
}: LoanSyncDeps) {
  /** Every Encompass call goes through its breaker; errors leave as classified failures. */
  async function callEncompass<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await breakers.run('encompass', call);
    } catch (err) {
      // Each call here is safe to repeat: reads, PATCH of absolute values, and a create guarded by a look-up.
      throw toActivityFailure(err, Context.current().info.attempt, { repeatable: true, shaping });
    }
  }

  return {
    /**
     * Finds the Encompass loan for a Salesforce loan, creating it only if no loan carries our reference:
     * a create that timed out after Encompass saved it is found here instead of being made twice.
     */
    async findOrCreateEncompassLoan(input: {
      loanId: string;
      fields: LoanSnapshot;
    }): Promise<{ encompassLoanId: string; created: boolean }> {
      return await callEncompass(async () => {
        const existing = await encompass.findLoanByReference(input.loanId);
        if (existing) return { encompassLoanId: existing.loanId, created: false };
        const encompassLoanId = await encompass.createLoan({
          ...toEncompassPatch(input.fields),
          customFields: [{ fieldName: INFLOOENS_REFERENCE_FIELD, stringValue: input.loanId }],
        });
        return { encompassLoanId, created: true };
      });
    },

    /**
     * Writes the merged fields to the Encompass loan, unless the loan changed since the sync last saw it:
     * then nothing is written and the newer loan comes back to be merged first, so an edit a processor
     * just saved is never overwritten by an older one from Salesforce.
     */
    async pushLoanToEncompass(input: {
      encompassLoanId: string;
      fields: LoanSnapshot;
      knownModifiedAt?: string;
    }): Promise<{ pushed: true; modifiedAt: string } | { pushed: false; current: LoanSideState }> {
      return await callEncompass(async () => {
        const current = await encompass.getLoan(input.encompassLoanId);
        if (input.knownModifiedAt && current.lastModified > input.knownModifiedAt) {
          return {
            pushed: false,
            current: { fields: fromEncompassLoan(current), modifiedAt: current.lastModified },
          };
        }
        const saved = await encompass.updateLoan(input.encompassLoanId, toEncompassPatch(input.fields));
        return { pushed: true, modifiedAt: saved.lastModified };
      });
    },

    /**
     * Turns an Encompass webhook (loan GUID only) into a change for the loan's sync workflow: fetches the
     * loan, finds our Salesforce reference on it, and signals (starting if need be) that loan's workflow.
     */
    async routeEncompassChange(input: {
      eventId: string;
      encompassLoanId: string;
    }): Promise<{ loanId?: string }> {
      const loan = await callEncompass(() => encompass.getLoan(input.encompassLoanId));
      const loanId = referenceOf(loan);
      if (!loanId) return {};
      const state: LoanSideState = { fields: fromEncompassLoan(loan), modifiedAt: loan.lastModified };
      const syncInput: LoanSyncInput = { loanId };
      await client.workflow.signalWithStart('loanSync', {
        workflowId: workflowIdFor('loan-sync', loanId),
        taskQueue,
        args: [syncInput],
        signal: encompassLoanChangedSignal,
        signalArgs: [{ eventId: input.eventId, encompassLoanId: input.encompassLoanId, state }],
        typedSearchAttributes: [
          { key: LOAN_ID, value: loanId },
          { key: PROCESS, value: 'loan-sync' },
        ],
      });
      return { loanId };
    },
  };
}

function referenceOf(loan: EncompassLoan): string | undefined {
  return loan.customFields?.find((f) => f.fieldName === INFLOOENS_REFERENCE_FIELD)?.stringValue || undefined;
}

export type LoanSyncActivities = ReturnType<typeof createLoanSyncActivities>;
