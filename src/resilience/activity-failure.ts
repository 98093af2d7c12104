import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_BACKOFF, nextRetryDelayMs } from './backoff';
import type { BackoffOptions } from './backoff';
import { isBreakerOpenError } from './breaker-gate';
import { isPermanentIntegrationError, isTransientIntegrationError } from './errors';
import { FailureType } from './failure-types';

export interface RetryShaping {
  /** Compute each retry's delay with full jitter (off only to measure the herd it prevents). */
  readonly jitter: boolean;
  readonly backoff: BackoffOptions;
}

export const DEFAULT_RETRY_SHAPING: RetryShaping = Object.freeze({ jitter: true, backoff: DEFAULT_BACKOFF });

/**
 * Turns a client error into the failure Temporal should see. Transient errors carry their own jittered
 * `nextRetryDelay` (Temporal's policy has exponential backoff but no jitter); permanent ones are
 * non-retryable with their type. A call that is not safe to repeat and may have reached the vendor
 * becomes `OutcomeUnknown`, so the workflow resolves it (look-up by reference) instead of repeating it.
 */
export function toActivityFailure(
  err: unknown,
  attempt: number,
  { repeatable, shaping = DEFAULT_RETRY_SHAPING }: { repeatable: boolean; shaping?: RetryShaping },
): unknown {
  if (isBreakerOpenError(err)) {
    return ApplicationFailure.create({
      type: FailureType.BreakerOpen,
      message: err.message,
      nonRetryable: true,
      details: [{ integration: err.integration }],
    });
  }
  if (isPermanentIntegrationError(err)) {
    return ApplicationFailure.create({
      type: err.type,
      message: err.message,
      nonRetryable: true,
      details: [{ integration: err.integration, status: err.status }],
    });
  }
  if (!isTransientIntegrationError(err)) return err;
  const details = [{ integration: err.integration, reason: err.reason, status: err.options.status }];
  if (!repeatable && !err.notDelivered) {
    return ApplicationFailure.create({
      type: FailureType.OutcomeUnknown,
      message: err.message,
      nonRetryable: true,
      details,
    });
  }
  const retryAfterMs = err.options.retryAfterMs;
  const nextRetryDelay =
    shaping.jitter || retryAfterMs !== undefined
      ? nextRetryDelayMs(attempt, retryAfterMs, shaping.backoff)
      : undefined;
  return ApplicationFailure.create({
    type: err.rateLimited ? FailureType.IntegrationRateLimited : FailureType.IntegrationUnavailable,
    message: err.message,
    nextRetryDelay,
    details,
  });
}
