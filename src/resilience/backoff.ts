/** Exponential backoff shape; the jitter spreads each delay over its whole window. */
export interface BackoffOptions {
  /** The first retry's ceiling, and the floor of every delay so that no retry fires at once. */
  readonly initialMs: number;
  readonly maxMs: number;
  readonly exponent?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({
  initialMs: 1_000,
  maxMs: 5 * 60_000,
  exponent: 2,
});

/** The exponential ceiling for a 1-based attempt number, capped at `maxMs`. */
export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = options.exponent ?? 2;
  const ceiling = options.initialMs * Math.pow(exponent, Math.max(0, attempt - 1));
  return Math.min(options.maxMs, ceiling);
}

/**
 * Full jitter ("Exponential Backoff and Jitter", AWS Architecture Blog): a uniform draw over the attempt's
 * window, floored at `initialMs`. Callers that all failed together come back spread over the window
 * instead of in one wave.
 */
export function jitteredDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeiling(attempt, options);
  const floor = Math.min(options.initialMs, ceiling);
  return Math.round(floor + random() * (ceiling - floor));
}

/**
 * The delay before the next attempt: a vendor's `Retry-After` wins (plus up to one initial interval of
 * jitter so that everyone told "60 s" does not return at the same instant), else full jitter.
 */
export function nextRetryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs + Math.round(random() * options.initialMs);
  return jitteredDelay(attempt, options, random);
}
