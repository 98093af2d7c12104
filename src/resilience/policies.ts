import type { ActivityOptions } from '@temporalio/common';
import { NON_RETRYABLE_FAILURES } from './failure-types';

const nonRetryableErrorTypes = [...NON_RETRYABLE_FAILURES];

/** Exponential from one second, doubling, and never retrying what no retry can fix. */
function exponentialRetry(maximumAttempts: number, maximumInterval: '1 minute' | '2 minutes' = '1 minute') {
  return {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval,
    maximumAttempts,
    nonRetryableErrorTypes,
  } as const;
}

/**
 * The only retry policies and timeouts in the project: every `proxyActivities` picks one of these by
 * name. Activities set a jittered `nextRetryDelay` on transient failures, so the intervals here are
 * the fallback shape; attempts and timeouts are what these policies really decide. Each HTTP call's own
 * timeout (client options) is shorter than the start-to-close timeout here.
 */
export const ActivityPolicy = {
  /** A read that is cheap to repeat: a GET by ID, a selective query. */
  quickRead: {
    startToCloseTimeout: '20 seconds',
    retry: exponentialRetry(6),
  },
  /** A write made idempotent by the vendor (upsert by external ID) or by a look-up before it. */
  idempotentWrite: {
    startToCloseTimeout: '45 seconds',
    retry: exponentialRetry(8, '2 minutes'),
  },
  /**
   * A call that must not be repeated blindly (an SMS, a hard credit pull): one attempt, plus retries
   * only for failures that certainly never reached the vendor (the activity decides, see
   * `toActivityFailure`).
   */
  singleSubmit: {
    startToCloseTimeout: '60 seconds',
    // Only failures that never reached the vendor are retried, so more attempts cost no duplicates; with
    // full jitter the mean delay is about half Temporal's own, hence more attempts for the same window.
    retry: exponentialRetry(8),
  },
  /** Several reads in one activity (a reconciliation batch): it heartbeats after each, so a stuck one shows. */
  batchRead: {
    startToCloseTimeout: '3 minutes',
    heartbeatTimeout: '30 seconds',
    retry: exponentialRetry(6),
  },
  /**
   * A credit pull at one bureau: look-up, Submit only when no report exists, store. Repeatable (timeouts
   * too), but briefly: two other bureaus and the workflow's durable wait are the remedy for a bureau that
   * stays down, and a borrower is waiting meanwhile (jittered waits of about 3.5 s in all before failover).
   */
  bureauPull: {
    startToCloseTimeout: '60 seconds',
    retry: exponentialRetry(4),
  },
  /** A breaker's half-open probe: one cheap call, one attempt; its verdict is the answer. */
  healthProbe: {
    startToCloseTimeout: '15 seconds',
    retry: { maximumAttempts: 1 },
  },
  /** Local bookkeeping against Temporal itself (breaker state, signals): fast and always retried. */
  bookkeeping: {
    startToCloseTimeout: '10 seconds',
    retry: {
      initialInterval: '500 milliseconds',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
      nonRetryableErrorTypes,
    },
  },
} as const satisfies Record<string, ActivityOptions>;

export type ActivityPolicyName = keyof typeof ActivityPolicy;
