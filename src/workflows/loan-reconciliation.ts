import { ApplicationFailure } from '@temporalio/common';
import { continueAsNew, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LoanReconciliationActivities } from '../activities/loan-reconciliation';
import {
  batchesOf,
  driftedFields,
  emptyReconciliationSummary,
  reconciliationOptionsOf,
} from '../domain/reconciliation';
import type {
  LinkedLoan,
  LoanRepair,
  ReconciliationOptions,
  ReconciliationSummary,
} from '../domain/reconciliation';
import { encompassTaskQueue } from '../domain/task-queues';
import { FailureType } from '../resilience/failure-types';
import { ActivityPolicy } from '../resilience/policies';
import { whenHealthy } from './integration-health';

const { readLinkedLoanPage } = proxyActivities<LoanReconciliationActivities>(ActivityPolicy.quickRead);
const { readEncompassLoans } = proxyActivities<LoanReconciliationActivities>({
  ...ActivityPolicy.batchRead,
  taskQueue: encompassTaskQueue(workflowInfo().taskQueue),
});
const { requestLoanRepairs } = proxyActivities<LoanReconciliationActivities>(ActivityPolicy.bookkeeping);

/** Signals per repair activity: keeps each well inside the bookkeeping policy's timeout. */
const REPAIRS_PER_ACTIVITY = 50;

export interface LoanReconciliationInput extends Partial<ReconciliationOptions> {
  /** Carried across continue-as-new: where the next page starts, and the totals so far. */
  carried?: { afterId: string; summary: ReconciliationSummary };
}

/**
 * The nightly comparison of every loan linked between Salesforce and Encompass. Pages through Salesforce
 * with one keyset query per page, reads the Encompass twins in batches on the Encompass task queue (so its
 * concurrency cap holds), and hands each loan whose mapped fields disagree to that loan's sync, whose
 * merge repairs it by the field map's rules. Continues as new every few pages so history stays bounded.
 */
export async function loanReconciliation(
  input: LoanReconciliationInput = {},
): Promise<ReconciliationSummary> {
  const { carried, ...given } = input;
  const options = reconciliationOptionsOf(given);
  if (!options) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: 'pageSize (1-2000), encompassBatchSize (1-25) and pagesPerRun (1-20) must be in range',
      nonRetryable: true,
    });
  }
  const summary = carried
    ? { ...carried.summary, runs: carried.summary.runs + 1 }
    : emptyReconciliationSummary();
  let afterId = carried?.afterId;

  for (let page = 0; page < options.pagesPerRun; page++) {
    const { loans, salesforceApiCalls } = await whenHealthy('salesforce', () =>
      readLinkedLoanPage({ afterId, limit: options.pageSize }),
    );
    summary.pages++;
    summary.salesforceApiCalls += salesforceApiCalls;
    if (loans.length > 0) await reconcilePage(loans, options, summary);
    // A short page is the last one; a full one may be followed by more (or by an empty page).
    if (loans.length < options.pageSize) return finished(summary);
    afterId = loans[loans.length - 1]!.loanId;
    if (workflowInfo().continueAsNewSuggested) break;
  }
  return await continueAsNew<typeof loanReconciliation>({
    ...given,
    carried: { afterId: afterId!, summary },
  });
}

async function reconcilePage(
  loans: LinkedLoan[],
  options: ReconciliationOptions,
  summary: ReconciliationSummary,
): Promise<void> {
  const reads = await Promise.all(
    batchesOf(
      loans.map((l) => l.encompassLoanId),
      options.encompassBatchSize,
    ).map((encompassLoanIds) => whenHealthy('encompass', () => readEncompassLoans({ encompassLoanIds }))),
  );
  const encompass = new Map(reads.flat().map((r) => [r.encompassLoanId, r.state]));
  const repairs: LoanRepair[] = [];
  for (const loan of loans) {
    const twin = encompass.get(loan.encompassLoanId);
    if (!twin) {
      summary.encompassLoansMissing++;
      continue;
    }
    summary.loansCompared++;
    const fields = driftedFields(loan.salesforce.fields, twin.fields);
    if (fields.length === 0) continue;
    summary.loansDrifted++;
    for (const field of fields) summary.driftByField[field] = (summary.driftByField[field] ?? 0) + 1;
    repairs.push({ ...loan, encompass: twin });
  }
  const requested = await Promise.all(
    batchesOf(repairs, REPAIRS_PER_ACTIVITY).map((batch) => requestLoanRepairs({ repairs: batch })),
  );
  summary.repairsRequested += requested.reduce((sum, r) => sum + r.requested, 0);
}

function finished(summary: ReconciliationSummary): ReconciliationSummary {
  log.info('loan reconciliation finished', { ...summary });
  return summary;
}
