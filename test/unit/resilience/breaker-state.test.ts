import {
  initialBreakerState,
  recordOutcomes,
  recordProbe,
  startProbe,
} from '../../../src/resilience/breaker-state';
import type { BreakerPolicy } from '../../../src/resilience/breaker-state';

const policy: BreakerPolicy = {
  consecutiveFailures: 3,
  failureRate: 0.5,
  minimumCalls: 10,
  windowMs: 60_000,
  coolDownMs: 30_000,
  maxCoolDownMs: 100_000,
};

describe('breaker state machine', () => {
  it('when failures run past the threshold in a row, then it opens with the first cool-down', () => {
    let state = initialBreakerState(0);
    state = recordOutcomes(state, { successes: 0, failures: 2 }, policy, 1);
    expect(state.status).toBe('closed');
    state = recordOutcomes(state, { successes: 0, failures: 1, lastFailure: 'sms: 503' }, policy, 2);
    expect(state).toMatchObject({ status: 'open', openedAt: 2, coolDownMs: 30_000, lastFailure: 'sms: 503' });
  });

  it('when a success comes between failures, then the run starts again', () => {
    let state = initialBreakerState(0);
    state = recordOutcomes(state, { successes: 0, failures: 2 }, policy, 1);
    state = recordOutcomes(state, { successes: 1, failures: 1 }, policy, 2);
    expect(state).toMatchObject({ status: 'closed', consecutiveFailures: 1 });
  });

  it('when the failure rate over enough calls passes the threshold, then it opens even without a run', () => {
    const state = recordOutcomes(initialBreakerState(0), { successes: 5, failures: 5 }, policy, 1);
    expect(state.status).toBe('open');
  });

  it('when the window has passed, then old calls no longer count towards the rate', () => {
    let state = recordOutcomes(initialBreakerState(0), { successes: 4, failures: 2 }, policy, 1);
    state = recordOutcomes(state, { successes: 2, failures: 2 }, policy, 61_002);
    expect(state).toMatchObject({ status: 'closed', windowCalls: 4, windowFailures: 2 });
  });

  it('when a probe fails, then it re-opens with a doubled cool-down capped at the maximum', () => {
    let state = recordOutcomes(initialBreakerState(0), { successes: 0, failures: 3 }, policy, 0);
    state = recordProbe(startProbe(state), false, policy, 30_000, 'still down');
    expect(state).toMatchObject({
      status: 'open',
      coolDownMs: 60_000,
      openedAt: 30_000,
      lastFailure: 'still down',
    });
    state = recordProbe(startProbe(state), false, policy, 90_000);
    expect(state.coolDownMs).toBe(100_000);
  });

  it('when a probe succeeds, then it closes with fresh counts', () => {
    const open = recordOutcomes(initialBreakerState(0), { successes: 0, failures: 3 }, policy, 0);
    const state = recordProbe(startProbe(open), true, policy, 30_000);
    expect(state).toMatchObject({ status: 'closed', consecutiveFailures: 0, windowCalls: 0 });
  });

  it('when outcomes arrive while open, then they change nothing', () => {
    const open = recordOutcomes(initialBreakerState(0), { successes: 0, failures: 3 }, policy, 0);
    expect(recordOutcomes(open, { successes: 10, failures: 0 }, policy, 1)).toBe(open);
  });
});
