import { proxyActivities } from '@temporalio/workflow';
import type { MessagingActivities } from '../../src/activities/messaging';
import type { MessageDeliveryReceipt, SmsRequest } from '../../src/domain/message';
import { ActivityPolicy } from '../../src/resilience/policies';

const { sendSmsToBorrower } = proxyActivities<MessagingActivities>(ActivityPolicy.singleSubmit);

/**
 * bench/thundering-herd.ts only: messageDelivery's activity and policy, minus the breaker wait. The bench
 * holds each first attempt in its worker until one shared instant. A workflow timer cannot do that here:
 * 300 timers firing together need 300 workflow tasks, which two cores run at about 100 a second, so the
 * first attempts spread over ~3 s instead of failing together.
 */
export async function herdSms(request: SmsRequest): Promise<MessageDeliveryReceipt> {
  return await sendSmsToBorrower(request);
}
