import { TWILIO_SIM_ACCOUNT_SID, TWILIO_SIM_AUTH_TOKEN } from './systems/twilio';

/** The worker's integration settings when every external system is a simulator (npm start, benchmarks). */
export function workerEnvForSimulators(urls: Readonly<Record<string, string>>): Record<string, string> {
  return {
    TWILIO_BASE_URL: required(urls, 'twilio'),
    TWILIO_ACCOUNT_SID: TWILIO_SIM_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: TWILIO_SIM_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: '+14155550100',
  };
}

function required(urls: Readonly<Record<string, string>>, system: string): string {
  const url = urls[system];
  if (!url) throw new Error(`simulator ${system} is not running`);
  return url;
}
