/** Exponential backoff shape; the jitter spreads each delay over its whole window. */
export interface BackoffOptions {
  /** The first retry's ceiling, as Temporal's `initialInterval`. */
  readonly initialMs: number;
  readonly maxMs: number;
  readonly exponent?: number;
}

/** Matches the policies' initial interval; capped at their maximum interval. */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({
  initialMs: 1_000,
  maxMs: 60_000,
  exponent: 2,
});

/** The un-jittered delay after a 1-based attempt fails (Temporal's own schedule), capped at `maxMs`. */
export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = options.exponent ?? 2;
  const ceiling = options.initialMs * Math.pow(exponent, Math.max(0, attempt - 1));
  return Math.min(options.maxMs, ceiling);
}

/**
 * Full jitter ("Exponential Backoff and Jitter", AWS Architecture Blog): a uniform draw over the whole
 * window up to the attempt's ceiling, so callers that failed together come back spread out instead of in
 * one wave. The floor (a tenth of the initial interval) only keeps a retry from firing instantly.
 */
export function jitteredDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeiling(attempt, options);
  const floor = jitterFloor(options);
  return Math.round(floor + random() * (ceiling - floor));
}

export function jitterFloor(options: BackoffOptions): number {
  return Math.max(1, Math.floor(options.initialMs / 10));
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
