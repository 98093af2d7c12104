import { proxyActivities } from '@temporalio/workflow';
import type { MessagingActivities } from '../activities/messaging';
import type { MessageDeliveryReceipt, SmsRequest } from '../domain/message';
import { ActivityPolicy } from '../resilience/policies';
import { whenHealthy } from './integration-health';

const { sendSmsToBorrower } = proxyActivities<MessagingActivities>(ActivityPolicy.singleSubmit);

/**
 * Delivers one message to a borrower; the workflow ID (from the caller's idempotency key) makes it once.
 * While the provider's breaker is open the message waits durably and goes out when the provider recovers.
 */
export async function messageDelivery(request: SmsRequest): Promise<MessageDeliveryReceipt> {
  return await whenHealthy('sms', () => sendSmsToBorrower(request));
}
