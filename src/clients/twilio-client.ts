import { z } from 'zod';
import { callIntegration, parseIntegrationResponse } from './http';

export interface TwilioClientOptions {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  fromNumber: string;
  timeoutMs: number;
}

const messageResourceSchema = z.object({
  sid: z.string().regex(/^SM[0-9a-f]{32}$/),
  status: z.string(),
  date_created: z.string(),
});
export type TwilioMessage = z.infer<typeof messageResourceSchema>;

/** Twilio Programmable Messaging: the SMS provider. */
export interface TwilioClient {
  sendSms(to: string, body: string): Promise<TwilioMessage>;
  /** Reads the account: the breaker's health probe. */
  fetchAccount(): Promise<void>;
}

export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const auth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  return {
    async sendSms(to, body) {
      const answer = await callIntegration('sms', {
        method: 'POST',
        url: `${options.baseUrl}/2010-04-01/Accounts/${options.accountSid}/Messages.json`,
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ To: to, From: options.fromNumber, Body: body }),
        timeoutMs: options.timeoutMs,
      });
      return parseIntegrationResponse('sms', messageResourceSchema, answer.body);
    },
    async fetchAccount() {
      await callIntegration('sms', {
        method: 'GET',
        url: `${options.baseUrl}/2010-04-01/Accounts/${options.accountSid}.json`,
        headers: { authorization: auth },
        timeoutMs: options.timeoutMs,
      });
    },
  };
}
