import express from 'express';
import { z } from 'zod';
import { encompassLoanSchema } from '../../../src/clients/encompass-loan';
import type { TokenIssuer } from './auth';
import type { CallCounter } from './calls';
import type { ConcurrencyGate } from './concurrency';
import { encompassSimConfigSchema } from './config';
import type { EncompassSimConfig } from './config';
import type { LoanStore, PublishLoanChange } from './loan-store';
import { subscriptionInputSchema } from './webhooks';
import type { WebhookDispatcher } from './webhooks';

/** In the desktop client a processor may also move milestones and locks, which the loan API cannot. */
const processorEditSchema = encompassLoanSchema.omit({ id: true, lastModified: true }).partial();
const seedSchema = processorEditSchema.extend({ id: z.guid().optional() });
const editSchema = z.object({
  userId: z.string().min(1).default('processor1'),
  changes: processorEditSchema,
});

export interface EncompassControlDeps {
  store: LoanStore;
  publish: PublishLoanChange;
  webhooks: WebhookDispatcher;
  tokens: TokenIssuer;
  gate: ConcurrencyGate;
  calls: CallCounter;
  config: EncompassSimConfig;
}

/** Routes under `/systems/encompass/` on the control port: what tests do to Encompass from outside. */
export function encompassControl(deps: EncompassControlDeps): express.Router {
  const { store, publish, webhooks, tokens, gate, calls, config } = deps;
  const router = express.Router();

  /** A loan that already exists: neither a ledger entry nor a webhook. */
  router.post('/loans', (req, res) => {
    const seed = seedSchema.safeParse(req.body);
    if (!seed.success) return void res.status(400).json({ error: seed.error.message });
    const { id, ...loan } = seed.data;
    res.status(201).json(store.create(loan, id).loan);
  });

  router.get('/loans/:loanId', (req, res) => {
    const loan = store.get(req.params.loanId);
    if (!loan) return void res.status(404).json({ error: `no loan ${req.params.loanId}` });
    res.json(loan);
  });

  /** A processor saves the loan in Encompass: the change is ledgered and subscribers are notified. */
  router.post('/loans/:loanId/edit', (req, res) => {
    const edit = editSchema.safeParse(req.body);
    if (!edit.success) return void res.status(400).json({ error: edit.error.message });
    const change = store.update(req.params.loanId, edit.data.changes);
    if (!change) return void res.status(404).json({ error: `no loan ${req.params.loanId}` });
    publish('updated', change, { source: 'ui', userId: edit.data.userId });
    res.json(change.loan);
  });

  router.post('/subscriptions', (req, res) => {
    const input = subscriptionInputSchema.safeParse(req.body);
    if (!input.success) return void res.status(400).json({ error: input.error.message });
    res.status(201).json(webhooks.subscribe(input.data));
  });

  router.get('/deliveries', (_req, res) => {
    res.json(webhooks.deliveries());
  });

  router.post('/config', (req, res) => {
    const changes = encompassSimConfigSchema.partial().safeParse(req.body);
    if (!changes.success) return void res.status(400).json({ error: changes.error.message });
    Object.assign(config, changes.data);
    res.json(config);
  });

  router.get('/stats', (_req, res) => {
    res.json({
      calls: calls.snapshot(),
      concurrency: { limit: config.concurrencyLimit, ...gate.snapshot() },
    });
  });

  /** Ends every session, as when an administrator revokes them: the next call with a token gets 401. */
  router.post('/tokens/expire', (_req, res) => {
    tokens.expireAll();
    res.status(204).end();
  });

  return router;
}
