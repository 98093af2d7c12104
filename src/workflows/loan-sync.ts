import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { LoanSyncActivities } from '../activities/loan-sync';
import type { SalesforceWriterActivities } from '../activities/salesforce-writer';
import { ENCOMPASS_ID_FIELD, LOAN_SOBJECT, toSalesforceFields } from '../domain/loan-field-map';
import type { LoanSideState, LoanSnapshot } from '../domain/loan-field-map';
import { foldSideState, isEmptySnapshot, mergeLoan } from '../domain/loan-merge';
import type { FieldOrigins, FieldResolution } from '../domain/loan-merge';
import type { SalesforceWrite } from '../domain/salesforce-writes';
import { encompassTaskQueue } from '../domain/task-queues';
import { jitteredDelay } from '../resilience/backoff';
import { FailureType } from '../resilience/failure-types';
import { ActivityPolicy } from '../resilience/policies';
import { isBreakerOpen, waitUntilHealthy } from './integration-health';
import {
  encompassLoanChangedSignal,
  loanSyncStatusQuery,
  reconcileLoanSignal,
  salesforceLoanChangedSignal,
} from './loan-sync-messages';
import type { LoanSyncPhase, LoanSyncView } from './loan-sync-messages';

const { findOrCreateEncompassLoan, pushLoanToEncompass } = proxyActivities<LoanSyncActivities>({
  ...ActivityPolicy.idempotentWrite,
  taskQueue: encompassTaskQueue(workflowInfo().taskQueue),
});
const { queueSalesforceWrites } = proxyActivities<SalesforceWriterActivities>(ActivityPolicy.bookkeeping);

/** Carried across continue-as-new: everything the loan's sync knows. */
export interface LoanSyncCarry {
  synced: LoanSnapshot;
  origins: FieldOrigins;
  encompassLoanId?: string;
  /** The newest Encompass modification time the sync has seen: a loan modified later is re-read first. */
  encompassModifiedAt?: string;
  pendingSalesforce?: LoanSideState;
  pendingEncompass?: LoanSideState;
  seenEventIds: string[];
  lastSyncedAt?: string;
  lastError?: string;
  pushesToEncompass: number;
  writesToSalesforce: number;
  resolutions: LoanSyncView['resolutions'];
}

export interface LoanSyncInput {
  /** The Salesforce record ID of the loan: the workflow ID is `loan-sync:<loanId>`. */
  loanId: string;
  carried?: LoanSyncCarry;
}

const HISTORY_LIMIT = 4_000;
const REMEMBERED_EVENTS = 200;
const REMEMBERED_RESOLUTIONS = 20;
/** Backoff between rounds when Encompass stays unreachable after an activity's own retries. */
const OUTAGE_BACKOFF = { initialMs: 60_000, maxMs: 30 * 60_000 };

/**
 * Keeps one loan equal in Salesforce and Encompass, for the loan's whole life. Changes from either side
 * queue in the workflow and are coalesced; each round merges them against the last synced snapshot
 * (echoes vanish, conflicts follow the field map), writes Encompass, then queues the Salesforce writes.
 * While Encompass is unreachable the round waits durably and picks up every change made meanwhile, so the
 * loan is pushed once, with its merged state, when Encompass is back.
 */
export async function loanSync(input: LoanSyncInput): Promise<void> {
  const { loanId } = input;
  const carry: LoanSyncCarry = input.carried ?? {
    synced: {},
    origins: {},
    seenEventIds: [],
    pushesToEncompass: 0,
    writesToSalesforce: 0,
    resolutions: [],
  };
  let phase: LoanSyncPhase = 'idle';
  const seen = new Set(carry.seenEventIds);

  setHandler(salesforceLoanChangedSignal, ({ state }) => {
    carry.pendingSalesforce = foldSideState(carry.pendingSalesforce, state);
  });
  setHandler(encompassLoanChangedSignal, ({ eventId, encompassLoanId, state }) => {
    if (seen.has(eventId)) return; // Encompass redelivered a webhook we already took.
    seen.add(eventId);
    carry.encompassLoanId ??= encompassLoanId;
    carry.pendingEncompass = foldSideState(carry.pendingEncompass, state);
    if (!carry.encompassModifiedAt || state.modifiedAt > carry.encompassModifiedAt)
      carry.encompassModifiedAt = state.modifiedAt;
  });
  // The nightly reconciliation read both sides in bulk: each view joins its side's queue like any change.
  setHandler(reconcileLoanSignal, ({ encompassLoanId, salesforce, encompass }) => {
    carry.encompassLoanId ??= encompassLoanId;
    carry.pendingSalesforce = foldSideState(carry.pendingSalesforce, salesforce);
    // Not merged: a view of another Encompass loan (Salesforce relinked), or one older than a view already
    // taken, which would only bring back stale Encompass-owned values.
    if (encompassLoanId !== carry.encompassLoanId) return;
    if (carry.encompassModifiedAt && encompass.modifiedAt < carry.encompassModifiedAt) return;
    carry.pendingEncompass = foldSideState(carry.pendingEncompass, encompass);
    carry.encompassModifiedAt = encompass.modifiedAt;
  });
  setHandler(loanSyncStatusQuery, () => ({
    loanId,
    encompassLoanId: carry.encompassLoanId,
    phase,
    synced: carry.synced,
    lastSyncedAt: carry.lastSyncedAt,
    lastError: carry.lastError,
    pushesToEncompass: carry.pushesToEncompass,
    writesToSalesforce: carry.writesToSalesforce,
    resolutions: carry.resolutions,
  }));

  const pending = () => carry.pendingSalesforce !== undefined || carry.pendingEncompass !== undefined;
  const historyFull = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_LIMIT;

  while (!historyFull()) {
    await condition(() => pending() || historyFull());
    if (!pending()) break;
    phase = 'syncing';
    await syncRound();
    phase = 'idle';
  }
  await condition(allHandlersFinished);
  carry.seenEventIds = [...seen].slice(-REMEMBERED_EVENTS);
  await continueAsNew<typeof loanSync>({ loanId, carried: carry });

  async function syncRound(): Promise<void> {
    let salesforce: LoanSideState | undefined;
    let encompass: LoanSideState | undefined;
    let waitReported = false;
    for (let outage = 1; ; outage++) {
      // Whatever arrived while the previous attempt waited joins this round: one push, merged state.
      salesforce = foldSideState(salesforce, carry.pendingSalesforce);
      encompass = foldSideState(encompass, carry.pendingEncompass);
      carry.pendingSalesforce = carry.pendingEncompass = undefined;
      const merge = mergeLoan(carry.synced, salesforce, encompass, carry.origins);
      try {
        const newer = await writeEncompass(merge.merged, merge.toEncompass);
        if (newer) {
          encompass = foldSideState(encompass, newer);
          carry.encompassModifiedAt = newer.modifiedAt;
          continue;
        }
      } catch (err) {
        if (!encompassUnreachable(err)) {
          carry.lastError = (err as Error).message;
          await queueStatus('error');
          return;
        }
        // Salesforce hears of the wait once per outage, not once per retry round.
        if (!waitReported) await queueStatus('waiting-for-encompass');
        waitReported = true;
        phase = 'waiting-for-encompass';
        if (isBreakerOpen(err)) await waitUntilHealthy('encompass');
        else await sleep(jitteredDelay(outage, OUTAGE_BACKOFF));
        phase = 'syncing';
        continue;
      }
      const now = new Date().toISOString();
      for (const r of merge.resolutions)
        log.info('loan sync conflict resolved', { loanId, field: r.field, winner: r.winner });
      carry.resolutions = [...carry.resolutions, ...merge.resolutions.map((r) => ({ ...r, at: now }))].slice(
        -REMEMBERED_RESOLUTIONS,
      );
      carry.synced = merge.merged;
      carry.origins = merge.origins;
      carry.lastSyncedAt = now;
      carry.lastError = undefined;
      await queueSalesforce(merge.toSalesforce, now, merge.resolutions);
      return;
    }
  }

  /** Creates or updates the Encompass loan; answers the loan instead when it changed unseen meanwhile. */
  async function writeEncompass(
    merged: LoanSnapshot,
    toEncompass: LoanSnapshot,
  ): Promise<LoanSideState | undefined> {
    if (!carry.encompassLoanId) {
      const { encompassLoanId, created } = await findOrCreateEncompassLoan({ loanId, fields: merged });
      carry.encompassLoanId = encompassLoanId;
      if (created) {
        carry.pushesToEncompass++;
        return undefined;
      }
    }
    if (isEmptySnapshot(toEncompass)) return undefined;
    const outcome = await pushLoanToEncompass({
      encompassLoanId: carry.encompassLoanId,
      fields: toEncompass,
      knownModifiedAt: carry.encompassModifiedAt,
    });
    if (!outcome.pushed) return outcome.current;
    carry.encompassModifiedAt = outcome.modifiedAt;
    carry.pushesToEncompass++;
    return undefined;
  }

  async function queueSalesforce(
    toSalesforce: LoanSnapshot,
    now: string,
    resolutions: FieldResolution[],
  ): Promise<void> {
    const dataChanged = !isEmptySnapshot(toSalesforce);
    const writes: SalesforceWrite[] = [
      {
        sobject: LOAN_SOBJECT,
        externalIdField: 'Id',
        record: {
          Id: loanId,
          ...toSalesforceFields(toSalesforce),
          [ENCOMPASS_ID_FIELD]: carry.encompassLoanId ?? null,
          Sync_Status__c: 'synced',
          Last_Synced_At__c: now,
          Last_Sync_Error__c: null,
        },
        // Loan data a user waits for goes out at once; a status-only touch can wait for a quiet hour.
        priority: dataChanged ? 'urgent' : 'deferrable',
      },
      ...resolutions.map((r): SalesforceWrite => ({
        sobject: 'Loan_Sync_Resolution__c',
        externalIdField: 'Resolution_Key__c',
        record: {
          Resolution_Key__c: `${loanId}:${r.field}:${now}`,
          Loan__c: loanId,
          Field__c: r.field,
          Rule__c: r.rule,
          Winner__c: r.winner,
        },
        priority: 'deferrable',
      })),
    ];
    await queueSalesforceWrites(writes);
    if (dataChanged) carry.writesToSalesforce++;
  }

  async function queueStatus(status: 'waiting-for-encompass' | 'error'): Promise<void> {
    await queueSalesforceWrites([
      {
        sobject: LOAN_SOBJECT,
        externalIdField: 'Id',
        record: { Id: loanId, Sync_Status__c: status, Last_Sync_Error__c: carry.lastError ?? null },
        priority: 'deferrable',
      },
    ]);
  }
}

/** Encompass did not answer (breaker open, or still unavailable after the activity's retries). */
function encompassUnreachable(err: unknown): boolean {
  if (isBreakerOpen(err)) return true;
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  if (!(cause instanceof ApplicationFailure)) return err instanceof ActivityFailure; // timeouts
  return (
    cause.type === FailureType.IntegrationUnavailable || cause.type === FailureType.IntegrationRateLimited
  );
}
