import type { SystemFactory } from '../harness';
import { BUREAU_SYSTEMS } from './bureaus';
import { encompassSim } from './encompass';
import { salesforceSim } from './salesforce';
import { twilioSim } from './twilio';

/** Every simulated external system, in the order `npm start` gives them ports. */
export const ALL_SYSTEMS: readonly SystemFactory[] = [
  salesforceSim,
  encompassSim,
  ...BUREAU_SYSTEMS,
  twilioSim,
];
