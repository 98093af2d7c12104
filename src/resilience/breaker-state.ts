/** When a breaker opens and how long it stays open. Plain data: it travels as a workflow argument. */
export interface BreakerPolicy {
  /** Open after this many failures in a row. */
  readonly consecutiveFailures: number;
  /** …or when at least `minimumCalls` calls in the window failed at this rate (0–1). */
  readonly failureRate: number;
  readonly minimumCalls: number;
  readonly windowMs: number;
  /** First cool-down before a half-open probe; doubles after each failed probe up to `maxCoolDownMs`. */
  readonly coolDownMs: number;
  readonly maxCoolDownMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = Object.freeze({
  consecutiveFailures: 5,
  failureRate: 0.5,
  minimumCalls: 20,
  windowMs: 60_000,
  coolDownMs: 30_000,
  maxCoolDownMs: 10 * 60_000,
});

export type BreakerStatus = 'closed' | 'open' | 'half-open';

export interface BreakerState {
  status: BreakerStatus;
  consecutiveFailures: number;
  windowStartedAt: number;
  windowCalls: number;
  windowFailures: number;
  /** When the current open period began (epoch ms), and how long it lasts before a probe. */
  openedAt?: number;
  coolDownMs?: number;
  /** A short, PII-free description of the failure that last counted. */
  lastFailure?: string;
}

/** Outcomes one worker observed since its last report. */
export interface OutcomeReport {
  successes: number;
  failures: number;
  lastFailure?: string;
}

export function initialBreakerState(now: number): BreakerState {
  return {
    status: 'closed',
    consecutiveFailures: 0,
    windowStartedAt: now,
    windowCalls: 0,
    windowFailures: 0,
  };
}

/**
 * Folds a report into the state. Reports arrive batched, so "in a row" is approximate across workers:
 * a report with failures and no successes extends the run; any success ends it.
 */
export function recordOutcomes(
  state: BreakerState,
  report: OutcomeReport,
  policy: BreakerPolicy,
  now: number,
): BreakerState {
  if (state.status !== 'closed') return state;
  const fresh = now - state.windowStartedAt > policy.windowMs;
  const windowCalls = (fresh ? 0 : state.windowCalls) + report.successes + report.failures;
  const windowFailures = (fresh ? 0 : state.windowFailures) + report.failures;
  const consecutiveFailures =
    report.successes > 0 ? report.failures : state.consecutiveFailures + report.failures;
  const next: BreakerState = {
    ...state,
    consecutiveFailures,
    windowStartedAt: fresh ? now : state.windowStartedAt,
    windowCalls,
    windowFailures,
    lastFailure: report.lastFailure ?? state.lastFailure,
  };
  const rateTripped =
    windowCalls >= policy.minimumCalls && windowFailures / windowCalls >= policy.failureRate;
  if (consecutiveFailures >= policy.consecutiveFailures || rateTripped)
    return open(next, policy.coolDownMs, now);
  return next;
}

/** The cool-down is over: let one probe through. */
export function startProbe(state: BreakerState): BreakerState {
  return state.status === 'open' ? { ...state, status: 'half-open' } : state;
}

/** The probe's verdict: healthy closes the breaker; unhealthy re-opens it with a doubled cool-down. */
export function recordProbe(
  state: BreakerState,
  healthy: boolean,
  policy: BreakerPolicy,
  now: number,
  failure?: string,
): BreakerState {
  if (healthy) return { ...initialBreakerState(now), lastFailure: state.lastFailure };
  const coolDownMs = Math.min(policy.maxCoolDownMs, (state.coolDownMs ?? policy.coolDownMs) * 2);
  return open({ ...state, lastFailure: failure ?? state.lastFailure }, coolDownMs, now);
}

function open(state: BreakerState, coolDownMs: number, now: number): BreakerState {
  return { ...state, status: 'open', openedAt: now, coolDownMs };
}
