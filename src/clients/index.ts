import type { WorkerConfig } from '../config';
import type { IntegrationName } from '../domain/integrations';
import type { BureauName } from '../domain/credit';
import type { CreditBureauClient } from './bureaus/credit-bureau';
import { createEquifaxClient } from './bureaus/equifax-client';
import { createExperianClient } from './bureaus/experian-client';
import { createTransUnionClient } from './bureaus/transunion-client';
import { createEncompassClient } from './encompass-client';
import type { EncompassClient } from './encompass-client';
import { createSalesforceClient } from './salesforce-client';
import type { SalesforceClient } from './salesforce-client';
import { createTwilioClient } from './twilio-client';
import type { TwilioClient } from './twilio-client';

export interface IntegrationClients {
  salesforce: SalesforceClient;
  encompass: EncompassClient;
  bureaus: Readonly<Record<BureauName, CreditBureauClient>>;
  twilio: TwilioClient;
}

/** One client per external system, from validated configuration; each HTTP call gets HTTP_TIMEOUT_MS. */
export function createIntegrationClients(config: WorkerConfig): IntegrationClients {
  const timeoutMs = config.HTTP_TIMEOUT_MS;
  return {
    salesforce: createSalesforceClient({
      loginUrl: config.SALESFORCE_LOGIN_URL,
      clientId: config.SALESFORCE_CLIENT_ID,
      clientSecret: config.SALESFORCE_CLIENT_SECRET,
      apiVersion: config.SALESFORCE_API_VERSION,
      timeoutMs,
    }),
    encompass: createEncompassClient({
      baseUrl: config.ENCOMPASS_BASE_URL,
      instanceId: config.ENCOMPASS_INSTANCE_ID,
      clientId: config.ENCOMPASS_CLIENT_ID,
      clientSecret: config.ENCOMPASS_CLIENT_SECRET,
      username: config.ENCOMPASS_USERNAME,
      password: config.ENCOMPASS_PASSWORD,
      timeoutMs,
    }),
    bureaus: {
      experian: createExperianClient({
        baseUrl: config.EXPERIAN_BASE_URL,
        clientId: config.EXPERIAN_CLIENT_ID,
        clientSecret: config.EXPERIAN_CLIENT_SECRET,
        username: config.EXPERIAN_USERNAME,
        password: config.EXPERIAN_PASSWORD,
        subscriberCode: config.EXPERIAN_SUBSCRIBER_CODE,
        timeoutMs,
      }),
      equifax: createEquifaxClient({
        baseUrl: config.EQUIFAX_BASE_URL,
        clientId: config.EQUIFAX_CLIENT_ID,
        clientSecret: config.EQUIFAX_CLIENT_SECRET,
        memberNumber: config.EQUIFAX_MEMBER_NUMBER,
        securityCode: config.EQUIFAX_SECURITY_CODE,
        endUserName: config.EQUIFAX_END_USER_NAME,
        timeoutMs,
      }),
      transunion: createTransUnionClient({
        baseUrl: config.TRANSUNION_BASE_URL,
        systemId: config.TRANSUNION_SYSTEM_ID,
        systemPassword: config.TRANSUNION_SYSTEM_PASSWORD,
        industryCode: config.TRANSUNION_INDUSTRY_CODE,
        memberCode: config.TRANSUNION_MEMBER_CODE,
        inquirySubscriberPrefixCode: config.TRANSUNION_PREFIX_CODE,
        subscriberPassword: config.TRANSUNION_SUBSCRIBER_PASSWORD,
        timeoutMs,
      }),
    },
    twilio: createTwilioClient({
      baseUrl: config.TWILIO_BASE_URL,
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      fromNumber: config.TWILIO_FROM_NUMBER,
      timeoutMs,
    }),
  };
}

/** The cheap call each breaker's half-open probe makes: it reaches the API and changes nothing. */
export function healthProbesFor(
  clients: IntegrationClients,
): Partial<Record<IntegrationName, () => Promise<void>>> {
  const bureauProbe = (client: CreditBureauClient) => async () =>
    void (await client.findReportByReference('health-probe'));
  return {
    salesforce: async () => void (await clients.salesforce.limits()),
    encompass: async () => void (await clients.encompass.findLoanByReference('health-probe')),
    experian: bureauProbe(clients.bureaus.experian),
    equifax: bureauProbe(clients.bureaus.equifax),
    transunion: bureauProbe(clients.bureaus.transunion),
    sms: clients.twilio.fetchAccount,
  };
}
