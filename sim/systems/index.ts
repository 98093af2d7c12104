import type { SystemFactory } from '../harness';
import { twilioSim } from './twilio';

/** Every simulated external system, in the order `npm start` lists them. */
export const ALL_SYSTEMS: readonly SystemFactory[] = [twilioSim];
