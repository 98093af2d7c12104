import { createActivities } from '../../src/activities';
import type { Activities } from '../../src/activities';
import { createTwilioClient } from '../../src/clients/twilio-client';
import { TWILIO_SIM_ACCOUNT_SID, TWILIO_SIM_AUTH_TOKEN } from '../../sim/systems/twilio';
import type { TestSimulators } from './simulators';

export const TEST_FROM_NUMBER = '+14155550100';

/** The production activities wired to the simulators, with a short HTTP timeout so hangs show quickly. */
export function activitiesAgainst(sims: TestSimulators, { timeoutMs = 1_000 } = {}): Activities {
  return createActivities({
    twilio: createTwilioClient({
      baseUrl: sims.urls.twilio!,
      accountSid: TWILIO_SIM_ACCOUNT_SID,
      authToken: TWILIO_SIM_AUTH_TOKEN,
      fromNumber: TEST_FROM_NUMBER,
      timeoutMs,
    }),
  });
}
