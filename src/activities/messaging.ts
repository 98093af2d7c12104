import { Context } from '@temporalio/activity';
import type { TwilioClient } from '../clients/twilio-client';
import type { BreakerGate } from '../resilience/breaker-gate';
import type { MessageDeliveryReceipt, SmsRequest } from '../domain/message';
import { DEFAULT_RETRY_SHAPING, toActivityFailure } from '../resilience/activity-failure';
import type { RetryShaping } from '../resilience/activity-failure';

export interface MessagingDeps {
  twilio: TwilioClient;
  breakers: BreakerGate;
  shaping?: RetryShaping;
}

export function createMessagingActivities({
  twilio,
  breakers,
  shaping = DEFAULT_RETRY_SHAPING,
}: MessagingDeps) {
  return {
    /** Hands one SMS to the provider. Not repeatable: a timeout after sending becomes OutcomeUnknown. */
    async sendSmsToBorrower(request: SmsRequest): Promise<MessageDeliveryReceipt> {
      try {
        const message = await breakers.run('sms', () => twilio.sendSms(request.to, request.body));
        return {
          channel: 'sms',
          providerMessageId: message.sid,
          providerStatus: message.status,
          acceptedAt: new Date(message.date_created).toISOString(),
        };
      } catch (err) {
        throw toActivityFailure(err, Context.current().info.attempt, { repeatable: false, shaping });
      }
    },
  };
}

export type MessagingActivities = ReturnType<typeof createMessagingActivities>;
