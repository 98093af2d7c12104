import type { Client } from '@temporalio/client';
import type { Activities } from '../../src/activities';
import { loadConfig, workerEnvSchema } from '../../src/config';
import type { WorkerConfig } from '../../src/config';
import { createBreakerGate } from '../../src/resilience/breaker-gate';
import type { BreakerGateOptions } from '../../src/resilience/breaker-gate';
import { createProductionActivities } from '../../src/worker';
import { workerEnvForSimulators } from '../../sim/dev-env';
import type { TestSimulators } from './simulators';

export const TEST_FROM_NUMBER = '+14155550100';

export interface TestActivityOptions {
  client: Client;
  taskQueue: string;
  /** Short by default so that hangs show quickly. */
  timeoutMs?: number;
  breaker?: Partial<BreakerGateOptions>;
  jitter?: 'on' | 'off';
}

/** The worker configuration production would parse, pointed at the simulators. */
export function configAgainst(
  sims: TestSimulators,
  options: { timeoutMs?: number; jitter?: 'on' | 'off' } = {},
): WorkerConfig {
  return loadConfig(workerEnvSchema, {
    ...workerEnvForSimulators(sims.urls),
    TWILIO_FROM_NUMBER: TEST_FROM_NUMBER,
    HTTP_TIMEOUT_MS: String(options.timeoutMs ?? 1_000),
    RETRY_JITTER: options.jitter ?? 'on',
  });
}

/** The production activities wired to the simulators and to real durable breakers on the test server. */
export function activitiesAgainst(sims: TestSimulators, options: TestActivityOptions): Activities {
  const breakers = createBreakerGate({
    client: options.client,
    taskQueue: options.taskQueue,
    ...options.breaker,
  });
  return createProductionActivities(
    { ...configAgainst(sims, options), TEMPORAL_TASK_QUEUE: options.taskQueue },
    { client: options.client, breakers },
  );
}
