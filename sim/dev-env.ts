import { EQUIFAX_SIM_CREDENTIALS } from './systems/bureaus/equifax';
import { EXPERIAN_SIM_CREDENTIALS } from './systems/bureaus/experian';
import { TRANSUNION_SIM_CREDENTIALS } from './systems/bureaus/transunion';
import {
  ENCOMPASS_SIM_CLIENT_ID,
  ENCOMPASS_SIM_CLIENT_SECRET,
  ENCOMPASS_SIM_INSTANCE_ID,
  ENCOMPASS_SIM_PASSWORD,
  ENCOMPASS_SIM_USERNAME,
  ENCOMPASS_SIM_WEBHOOK_SIGNING_KEY,
} from './systems/encompass';
import {
  SALESFORCE_SIM_API_VERSION,
  SALESFORCE_SIM_CLIENT_ID,
  SALESFORCE_SIM_CLIENT_SECRET,
} from './systems/salesforce';
import { TWILIO_SIM_ACCOUNT_SID, TWILIO_SIM_AUTH_TOKEN } from './systems/twilio';

/**
 * The worker's integration settings when every external system is a simulator: what `npm start`, the
 * tests and the benchmarks feed to the same `workerEnvSchema` production uses.
 */
export function workerEnvForSimulators(urls: Readonly<Record<string, string>>): Record<string, string> {
  return {
    SALESFORCE_LOGIN_URL: required(urls, 'salesforce'),
    SALESFORCE_CLIENT_ID: SALESFORCE_SIM_CLIENT_ID,
    SALESFORCE_CLIENT_SECRET: SALESFORCE_SIM_CLIENT_SECRET,
    SALESFORCE_API_VERSION: SALESFORCE_SIM_API_VERSION,
    ENCOMPASS_BASE_URL: required(urls, 'encompass'),
    ENCOMPASS_INSTANCE_ID: ENCOMPASS_SIM_INSTANCE_ID,
    ENCOMPASS_CLIENT_ID: ENCOMPASS_SIM_CLIENT_ID,
    ENCOMPASS_CLIENT_SECRET: ENCOMPASS_SIM_CLIENT_SECRET,
    ENCOMPASS_USERNAME: ENCOMPASS_SIM_USERNAME,
    ENCOMPASS_PASSWORD: ENCOMPASS_SIM_PASSWORD,
    EXPERIAN_BASE_URL: required(urls, 'experian'),
    EXPERIAN_CLIENT_ID: EXPERIAN_SIM_CREDENTIALS.clientId,
    EXPERIAN_CLIENT_SECRET: EXPERIAN_SIM_CREDENTIALS.clientSecret,
    EXPERIAN_USERNAME: EXPERIAN_SIM_CREDENTIALS.username,
    EXPERIAN_PASSWORD: EXPERIAN_SIM_CREDENTIALS.password,
    EXPERIAN_SUBSCRIBER_CODE: EXPERIAN_SIM_CREDENTIALS.subscriberCode,
    EQUIFAX_BASE_URL: required(urls, 'equifax'),
    EQUIFAX_CLIENT_ID: EQUIFAX_SIM_CREDENTIALS.clientId,
    EQUIFAX_CLIENT_SECRET: EQUIFAX_SIM_CREDENTIALS.clientSecret,
    EQUIFAX_MEMBER_NUMBER: EQUIFAX_SIM_CREDENTIALS.memberNumber,
    EQUIFAX_SECURITY_CODE: EQUIFAX_SIM_CREDENTIALS.securityCode,
    EQUIFAX_END_USER_NAME: 'INFLOOENS MORTGAGE',
    TRANSUNION_BASE_URL: required(urls, 'transunion'),
    TRANSUNION_SYSTEM_ID: TRANSUNION_SIM_CREDENTIALS.systemId,
    TRANSUNION_SYSTEM_PASSWORD: TRANSUNION_SIM_CREDENTIALS.systemPassword,
    TRANSUNION_INDUSTRY_CODE: TRANSUNION_SIM_CREDENTIALS.industryCode,
    TRANSUNION_MEMBER_CODE: TRANSUNION_SIM_CREDENTIALS.memberCode,
    TRANSUNION_PREFIX_CODE: TRANSUNION_SIM_CREDENTIALS.inquirySubscriberPrefixCode,
    TRANSUNION_SUBSCRIBER_PASSWORD: TRANSUNION_SIM_CREDENTIALS.subscriberPassword,
    TWILIO_BASE_URL: required(urls, 'twilio'),
    TWILIO_ACCOUNT_SID: TWILIO_SIM_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: TWILIO_SIM_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: '+14155550100',
  };
}

/** The starter's Encompass webhook key when Encompass is the simulator. */
export const SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY = ENCOMPASS_SIM_WEBHOOK_SIGNING_KEY;

function required(urls: Readonly<Record<string, string>>, system: string): string {
  const url = urls[system];
  if (!url) throw new Error(`simulator ${system} is not running`);
  return url;
}
