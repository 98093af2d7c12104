/**
 * Failure types as they travel through Temporal (`ApplicationFailure.type`). Workflows compare these
 * strings rather than using `instanceof`, which does not survive the sandbox boundary.
 */
export const FailureType = {
  /** Network error, timeout, 408 or 5xx: the integration may succeed later. */
  IntegrationUnavailable: 'IntegrationUnavailable',
  /** 429 or a vendor quota: retry after the delay the vendor asked for. */
  IntegrationRateLimited: 'IntegrationRateLimited',
  /** A 4xx other than 408/429: repeating the same request cannot succeed. */
  IntegrationRejected: 'IntegrationRejected',
  /** The vendor answered, but not in the shape its contract promises. */
  InvalidIntegrationResponse: 'InvalidIntegrationResponse',
  /** The circuit breaker is open: no call was made. Workflows fail over or wait until it closes. */
  BreakerOpen: 'BreakerOpen',
  /** The call may or may not have taken effect and it is not safe to repeat it blindly. */
  OutcomeUnknown: 'OutcomeUnknown',
  /**
   * The vendor's metered budget is spent (Salesforce `REQUEST_LIMIT_EXCEEDED`): not retried by the
   * activity; the workflow waits durably for the budget to come back.
   */
  QuotaExhausted: 'QuotaExhausted',
  /** Our own input was invalid: a bug or bad data, never retried. */
  InvalidInput: 'InvalidInput',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Failure types a retry can never fix; every retry policy lists them as non-retryable. */
export const NON_RETRYABLE_FAILURES: readonly FailureType[] = [
  FailureType.IntegrationRejected,
  FailureType.InvalidIntegrationResponse,
  FailureType.OutcomeUnknown,
  FailureType.QuotaExhausted,
  FailureType.BreakerOpen,
  FailureType.InvalidInput,
];
