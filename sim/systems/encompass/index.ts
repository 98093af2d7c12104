import express from 'express';
import type { SystemFactory } from '../../harness';
import { TokenIssuer, requireToken, tokenRouter } from './auth';
import { CallCounter } from './calls';
import { ConcurrencyGate } from './concurrency';
import { DEFAULT_ENCOMPASS_SIM_CONFIG } from './config';
import { encompassControl } from './control';
import { loanRoutes } from './loan-routes';
import { LoanStore } from './loan-store';
import type { PublishLoanChange } from './loan-store';
import { pipelineRoutes } from './pipeline';
import { subscriptionRoutes } from './subscription-routes';
import { WebhookDispatcher } from './webhooks';

export * from './credentials';
export type { DeliveryAttempt, Subscription } from './webhooks';
export type { EncompassSimConfig } from './config';

/**
 * ICE Encompass Developer Connect: OAuth2 tokens, v3 loans, the v1 Loan Pipeline, webhook subscriptions
 * with signed, redelivered notifications, and the per-client concurrency cap. Committed loan writes go to
 * the ledger as `encompass.loan.created` / `encompass.loan.updated`, keyed by loan GUID.
 */
export const encompassSim: SystemFactory = ({ ledger }) => {
  const config = { ...DEFAULT_ENCOMPASS_SIM_CONFIG };
  const store = new LoanStore();
  const tokens = new TokenIssuer();
  const gate = new ConcurrencyGate(() => config);
  const calls = new CallCounter();
  const webhooks = new WebhookDispatcher(() => config);

  const publish: PublishLoanChange = (kind, change, by) => {
    ledger.record('encompass', `encompass.loan.${kind}`, change.loan.id, {
      fields: change.fields,
      source: by.source,
    });
    webhooks.emit(kind === 'created' ? 'create' : 'change', change.loan.id, by.userId);
  };

  const api = express.Router();
  api.use(calls.middleware);
  // The identity service is not behind the API gateway's concurrency cap.
  api.use(tokenRouter(tokens, () => config.tokenTtlMs));
  api.use(gate.middleware);
  api.use(express.json());
  api.use(requireToken(tokens));
  api.use(loanRoutes(store, publish));
  api.use(pipelineRoutes(store));
  api.use(subscriptionRoutes(webhooks));

  return {
    name: 'encompass',
    api,
    control: encompassControl({ store, publish, webhooks, tokens, gate, calls, config }),
    reset() {
      Object.assign(config, DEFAULT_ENCOMPASS_SIM_CONFIG);
      store.clear();
      tokens.clear();
      gate.reset();
      calls.clear();
      webhooks.reset();
    },
  };
};
