import fc from 'fast-check';
import {
  backoffCeiling,
  jitterFloor,
  jitteredDelay,
  nextRetryDelayMs,
} from '../../../src/resilience/backoff';

const options = fc.record({
  initialMs: fc.integer({ min: 1, max: 10_000 }),
  maxMs: fc.integer({ min: 10_000, max: 3_600_000 }),
  exponent: fc.double({ min: 1.1, max: 4, noNaN: true }),
});
const attempt = fc.integer({ min: 1, max: 60 });
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('jittered backoff', () => {
  it('when any attempt is drawn, then the delay lies between the floor and the capped exponential ceiling', () => {
    fc.assert(
      fc.property(attempt, options, unit, (n, opts, r) => {
        const delay = jitteredDelay(n, opts, () => r);
        expect(delay).toBeGreaterThanOrEqual(jitterFloor(opts));
        expect(delay).toBeLessThanOrEqual(Math.min(opts.maxMs, backoffCeiling(n, opts)) + 1);
      }),
    );
  });

  it('when attempts grow, then the ceiling never shrinks and never passes the cap', () => {
    fc.assert(
      fc.property(attempt, options, (n, opts) => {
        expect(backoffCeiling(n + 1, opts)).toBeGreaterThanOrEqual(backoffCeiling(n, opts));
        expect(backoffCeiling(n, opts)).toBeLessThanOrEqual(opts.maxMs);
      }),
    );
  });

  it('when many callers fail together, then their delays spread over the window instead of coinciding', () => {
    const delays = Array.from({ length: 500 }, () => jitteredDelay(1, { initialMs: 1_000, maxMs: 60_000 }));
    const distinctTenths = new Set(delays.map((d) => Math.floor(d / 100)));
    expect(distinctTenths.size).toBeGreaterThanOrEqual(9);
    const laterAttempt = Array.from({ length: 500 }, () =>
      jitteredDelay(6, { initialMs: 1_000, maxMs: 60_000 }),
    );
    expect(new Set(laterAttempt.map((d) => Math.floor(d / 1_000))).size).toBeGreaterThan(25);
  });

  it('when the vendor sent Retry-After, then the delay is at least that and at most one initial interval more', () => {
    fc.assert(
      fc.property(attempt, options, fc.integer({ min: 0, max: 600_000 }), unit, (n, opts, retryAfter, r) => {
        const delay = nextRetryDelayMs(n, retryAfter, opts, () => r);
        expect(delay).toBeGreaterThanOrEqual(retryAfter);
        expect(delay).toBeLessThanOrEqual(retryAfter + opts.initialMs);
      }),
    );
  });
});
