import { ApplicationFailure } from '@temporalio/common';
import { log, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { CreditPullActivities } from '../activities/credit-pull';
import type { SalesforceWriterActivities } from '../activities/salesforce-writer';
import type { BureauName, CreditPullRequest } from '../domain/credit';
import {
  bureauOrderOf,
  creditReferenceFor,
  CreditPullFailure,
  DEFAULT_CREDIT_PULL_DEADLINE_MS,
} from '../domain/credit-pull';
import type { CreditPullOptions, CreditPullResult } from '../domain/credit-pull';
import { creditAuditWrite, loanCreditStatusWrite } from '../domain/credit-pull-records';
import type { BureauAttemptOutcome, CreditPullStatus } from '../domain/credit-pull-records';
import type { SalesforceWrite } from '../domain/salesforce-writes';
import { jitteredDelay } from '../resilience/backoff';
import type { BackoffOptions } from '../resilience/backoff';
import { FailureType } from '../resilience/failure-types';
import { ActivityPolicy } from '../resilience/policies';
import { attemptBureau } from './credit-pull-attempt';

const { pullCreditReport } = proxyActivities<CreditPullActivities>(ActivityPolicy.bureauPull);
const { queueSalesforceWrites } = proxyActivities<SalesforceWriterActivities>(ActivityPolicy.bookkeeping);

/** Between rounds in which no bureau gave a report: full jitter, 30 s growing to 10 min, so that a
 * recovered bureau is noticed within minutes and a backlog of queued pulls does not return at once. */
const ROUND_BACKOFF: BackoffOptions = { initialMs: 30_000, maxMs: 10 * 60_000 };

/**
 * One credit report for a loan's borrowers, pulled at most once per bureau. Bureaus are tried in order;
 * one whose breaker is open is skipped at once, one that fails is retried (its look-up resolves a timed-out
 * Submit) and then left for the next. When none gives a report the request waits durably and goes round
 * again until its deadline. The full report goes to Salesforce from the activity; only the PII-free
 * summary passes through here. (The request itself still carries PII into history until the payload codec
 * exists.)
 */
export async function creditPull(
  request: CreditPullRequest,
  options: CreditPullOptions = {},
): Promise<CreditPullResult> {
  const order = bureauOrderOf(options);
  if (!order) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: 'bureauOrder must name known bureaus, each at most once',
      nonRetryable: true,
    });
  }
  const reference = creditReferenceFor(workflowInfo().workflowId);
  const deadlineMs = options.deadlineMs ?? DEFAULT_CREDIT_PULL_DEADLINE_MS;
  const deadline = Date.now() + deadlineMs;
  /** Audit records not yet handed to the writer, the latest outcome per bureau. */
  const audit = new Map<BureauName, SalesforceWrite>();
  const status = (value: CreditPullStatus, detail: string, result?: CreditPullResult) =>
    loanCreditStatusWrite(request.loanId, reference, value, detail, result);
  /** A bureau holding our report that Salesforce has not taken yet: the only one tried from then on. */
  let holding: BureauName | undefined;
  let queued = false;

  const record = (bureau: BureauName, outcome: BureauAttemptOutcome, at: string, reportId?: string) =>
    void audit.set(bureau, creditAuditWrite(request, reference, bureau, outcome, at, reportId));
  const flush = async (extra: SalesforceWrite[]) => {
    const writes = [...audit.values(), ...extra];
    if (writes.length > 0) await queueSalesforceWrites(writes);
    audit.clear();
  };

  for (let round = 1; ; round++) {
    const left: BureauAttemptOutcome[] = [];
    for (const bureau of holding ? [holding] : order) {
      const at = new Date().toISOString();
      const attempt = await attemptBureau(() => pullCreditReport({ bureau, reference, request }));
      if (attempt.kind === 'report') {
        record(bureau, 'Report Received', at, attempt.result.reportId);
        await flush([status('Completed', `report from ${bureau}`, attempt.result)]);
        return attempt.result;
      }
      if (attempt.kind === 'skipped') {
        log.info('credit pull: breaker open, bureau skipped', { reference, bureau });
      } else if (attempt.kind === 'held') {
        holding = bureau;
        record(bureau, 'Report Not Stored', at, attempt.reportId);
        log.warn('credit pull: report not stored, will come back to its bureau', { reference, bureau });
        break;
      } else {
        // A bureau holding our report keeps its audit record as it is: a report exists there.
        if (bureau !== holding) record(bureau, attempt.outcome, at);
        left.push(attempt.outcome);
        log.warn('credit pull: bureau left', { reference, bureau, outcome: attempt.outcome });
      }
    }

    if (!holding && left.length === order.length && left.every((o) => o === 'Rejected')) {
      await flush([status('Failed', 'every bureau refused the order')]);
      throw ApplicationFailure.create({
        type: CreditPullFailure.Rejected,
        message: `every bureau refused the credit order ${reference} (${order.join(', ')})`,
        nonRetryable: true,
      });
    }
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      const hours = Math.round((deadlineMs / 3_600_000) * 10) / 10;
      const detail = holding
        ? `the ${holding} report could not be stored in Salesforce within ${hours} h`
        : `no bureau produced a report within ${hours} h`;
      await flush([status('Failed', detail)]);
      throw ApplicationFailure.create({
        type: holding ? CreditPullFailure.ReportNotStored : CreditPullFailure.BureausUnavailable,
        message: `credit order ${reference}: ${detail} (bureaus ${order.join(', ')})`,
        nonRetryable: true,
      });
    }
    // Tell the requester it is queued (once), and keep the audit trail current while waiting.
    const waiting = holding
      ? `report from ${holding} received; storing it`
      : 'every bureau is unavailable; retrying';
    await flush(queued ? [] : [status('Queued', waiting)]);
    queued = true;
    await sleep(Math.min(jitteredDelay(round, ROUND_BACKOFF), remainingMs));
  }
}
