import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { isCancellation } from '@temporalio/workflow';
import { CreditPullFailure } from '../domain/credit-pull';
import type { CreditPullResult } from '../domain/credit-pull';
import type { BureauAttemptOutcome } from '../domain/credit-pull-records';
import { FailureType } from '../resilience/failure-types';
import { isBreakerOpen } from './integration-health';

/** What one bureau's turn in a round came to, and so what the workflow does next. */
export type BureauAttempt =
  /** A report: the request is done. */
  | { kind: 'report'; result: CreditPullResult }
  /** The breaker is open: no call was made, so the next bureau is tried at once. */
  | { kind: 'skipped' }
  /** The bureau produced a report that Salesforce did not take: come back here, never fail over. */
  | { kind: 'held'; reportId?: string }
  /** The bureau refused, broke its contract, or stayed unavailable through every retry: fail over. */
  | { kind: 'left'; outcome: BureauAttemptOutcome };

/**
 * Runs one bureau's pull and classifies how it ended. An unknown outcome (a timeout after the order may
 * have been sent) never reaches here as such: the activity retries the same bureau, whose look-up by
 * reference resolves it, and only a bureau still unavailable when the retry policy gives up is left.
 */
export async function attemptBureau(pull: () => Promise<CreditPullResult>): Promise<BureauAttempt> {
  try {
    return { kind: 'report', result: await pull() };
  } catch (err) {
    if (isCancellation(err)) throw err;
    if (isBreakerOpen(err)) return { kind: 'skipped' };
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    const type = cause instanceof ApplicationFailure ? cause.type : undefined;
    switch (type) {
      case CreditPullFailure.ReportNotStored: {
        const details = (cause as ApplicationFailure).details?.[0] as { reportId?: string } | undefined;
        return { kind: 'held', reportId: details?.reportId };
      }
      case FailureType.IntegrationRejected:
        return { kind: 'left', outcome: 'Rejected' };
      case FailureType.InvalidIntegrationResponse:
        // The bureau answered a Submit with a report we cannot read: another bureau's is the only usable one.
        return { kind: 'left', outcome: 'Invalid Response' };
      default:
        return { kind: 'left', outcome: 'Unavailable' };
    }
  }
}
