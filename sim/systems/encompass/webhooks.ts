import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EncompassSimConfig } from './config';
import { ENCOMPASS_SIM_INSTANCE_ID, ENCOMPASS_SIM_WEBHOOK_SIGNING_KEY } from './credentials';

export const LOAN_EVENT_TYPES = ['create', 'change'] as const;
export type LoanEventType = (typeof LOAN_EVENT_TYPES)[number];

/** Body of `POST /webhook/v1/subscriptions`. */
export const subscriptionInputSchema = z.object({
  endpoint: z.url(),
  resource: z.literal('Loan').default('Loan'),
  events: z
    .array(z.enum(LOAN_EVENT_TYPES))
    .min(1)
    .default([...LOAN_EVENT_TYPES]),
  signingkey: z.string().min(1).optional(),
});

export interface Subscription {
  subscriptionId: string;
  endpoint: string;
  resource: 'Loan';
  events: LoanEventType[];
  signingkey: string;
}

/** One attempt to deliver one notification, as the control API lists them. */
export interface DeliveryAttempt {
  eventId: string;
  eventType: LoanEventType;
  loanId: string;
  subscriptionId: string;
  attempt: number;
  at: string;
  status?: number;
  error?: string;
  acknowledged: boolean;
}

/**
 * Loan notifications, signed with `Elli-Signature` and redelivered with the same `eventId` until a 2xx
 * acknowledges them or the attempts run out.
 */
export class WebhookDispatcher {
  private readonly subscriptions = new Map<string, Subscription>();
  private attempts: DeliveryAttempt[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  // Deliveries still in flight at a reset belong to the old generation and are dropped when they return.
  private generation = 0;

  constructor(private readonly config: () => EncompassSimConfig) {}

  subscribe(input: z.output<typeof subscriptionInputSchema>): Subscription {
    const subscription = {
      ...input,
      subscriptionId: randomUUID(),
      signingkey: input.signingkey ?? ENCOMPASS_SIM_WEBHOOK_SIGNING_KEY,
    };
    this.subscriptions.set(subscription.subscriptionId, subscription);
    return subscription;
  }

  list(): Subscription[] {
    return [...this.subscriptions.values()];
  }

  deliveries(): DeliveryAttempt[] {
    return [...this.attempts];
  }

  /** Notifies every subscriber to `eventType`; the body names the loan and carries none of its data. */
  emit(eventType: LoanEventType, loanId: string, userId: string): void {
    const event = {
      eventId: randomUUID(),
      eventTime: new Date().toISOString(),
      eventType,
      meta: {
        userId,
        resourceType: 'Loan',
        resourceId: loanId,
        instanceId: ENCOMPASS_SIM_INSTANCE_ID,
        resourceRef: `/encompass/v3/loans/${loanId}`,
      },
    };
    const body = JSON.stringify(event);
    for (const subscription of this.subscriptions.values()) {
      if (subscription.events.includes(eventType)) {
        void this.deliver(subscription, { eventId: event.eventId, eventType, loanId }, body, 1);
      }
    }
  }

  reset(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.subscriptions.clear();
    this.attempts = [];
  }

  private async deliver(
    subscription: Subscription,
    event: Pick<DeliveryAttempt, 'eventId' | 'eventType' | 'loanId'>,
    body: string,
    attempt: number,
  ): Promise<void> {
    const generation = this.generation;
    const { webhookAttempts, webhookRetryIntervalMs, webhookTimeoutMs } = this.config();
    const at = new Date().toISOString();
    let outcome: { status?: number; error?: string };
    try {
      const response = await fetch(subscription.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'elli-signature': createHmac('sha256', subscription.signingkey).update(body).digest('base64'),
          'elli-subscriptionid': subscription.subscriptionId,
          'elli-environment': 'sim',
        },
        body,
        signal: AbortSignal.timeout(webhookTimeoutMs),
      });
      await response.body?.cancel();
      outcome = { status: response.status };
    } catch (err) {
      outcome = { error: (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name };
    }
    if (generation !== this.generation) return;
    const acknowledged = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
    this.attempts.push({
      ...event,
      subscriptionId: subscription.subscriptionId,
      attempt,
      at,
      ...outcome,
      acknowledged,
    });
    if (acknowledged || attempt >= webhookAttempts) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(subscription, event, body, attempt + 1);
    }, webhookRetryIntervalMs);
    // A pending redelivery must not keep a test run or `npm start` alive.
    timer.unref();
    this.timers.add(timer);
  }
}
