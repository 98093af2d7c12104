import type { Client } from '@temporalio/client';
import { createActivities } from '../../src/activities';
import type { Activities } from '../../src/activities';
import { createTwilioClient } from '../../src/clients/twilio-client';
import { createBreakerGate } from '../../src/resilience/breaker-gate';
import type { BreakerGateOptions } from '../../src/resilience/breaker-gate';
import type { RetryShaping } from '../../src/resilience/activity-failure';
import { TWILIO_SIM_ACCOUNT_SID, TWILIO_SIM_AUTH_TOKEN } from '../../sim/systems/twilio';
import type { TestSimulators } from './simulators';

export const TEST_FROM_NUMBER = '+14155550100';

export interface TestActivityOptions {
  client: Client;
  taskQueue: string;
  /** Short by default so that hangs show quickly. */
  timeoutMs?: number;
  breaker?: Partial<BreakerGateOptions>;
  shaping?: RetryShaping;
}

/** The production activities wired to the simulators and to real durable breakers on the test server. */
export function activitiesAgainst(sims: TestSimulators, options: TestActivityOptions): Activities {
  const twilio = createTwilioClient({
    baseUrl: sims.urls.twilio!,
    accountSid: TWILIO_SIM_ACCOUNT_SID,
    authToken: TWILIO_SIM_AUTH_TOKEN,
    fromNumber: TEST_FROM_NUMBER,
    timeoutMs: options.timeoutMs ?? 1_000,
  });
  const breakers = createBreakerGate({
    client: options.client,
    taskQueue: options.taskQueue,
    ...options.breaker,
  });
  return createActivities({
    twilio,
    breakers,
    probes: { sms: twilio.fetchAccount },
    shaping: options.shaping,
  });
}
