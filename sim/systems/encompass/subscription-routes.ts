import express from 'express';
import { sendEncompassError } from './responses';
import { subscriptionInputSchema } from './webhooks';
import type { WebhookDispatcher } from './webhooks';

/** The Webhook API's subscriptions: `POST` answers 201 with the subscription's `Location`. */
export function subscriptionRoutes(webhooks: WebhookDispatcher): express.Router {
  const router = express.Router();
  router.post('/webhook/v1/subscriptions', (req, res) => {
    const input = subscriptionInputSchema.safeParse(req.body);
    if (!input.success) return sendEncompassError(res, 400, 'Bad Request', input.error.message);
    const subscription = webhooks.subscribe(input.data);
    res.status(201).location(`/webhook/v1/subscriptions/${subscription.subscriptionId}`).json(subscription);
  });
  router.get('/webhook/v1/subscriptions', (_req, res) => {
    res.json(webhooks.list());
  });
  return router;
}
