import { proxyActivities } from '@temporalio/workflow';
import type { MessagingActivities } from '../activities/messaging';
import type { MessageDeliveryReceipt, SmsRequest } from '../domain/message';
import { ActivityPolicy } from '../resilience/policies';

const { sendSmsToBorrower } = proxyActivities<MessagingActivities>(ActivityPolicy.singleSubmit);

/** Delivers one message to a borrower; the workflow ID (from the caller's idempotency key) makes it once. */
export async function messageDelivery(request: SmsRequest): Promise<MessageDeliveryReceipt> {
  return await sendSmsToBorrower(request);
}
