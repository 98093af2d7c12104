import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../src/starter';
import { LOAN_SOBJECT, toSalesforceFields } from '../../src/domain/loan-field-map';
import type { LoanSnapshot } from '../../src/domain/loan-field-map';
import { workflowIdFor } from '../../src/domain/processes';
import { loanSyncStatusQuery } from '../../src/workflows/loan-sync-messages';
import type { LoanSyncView } from '../../src/workflows/loan-sync-messages';
import { SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY } from '../../sim/dev-env';
import type { TestSimulators } from './simulators';

export const STARTER_TOKEN = 'loan-sync-test-token-0123456789';

/**
 * The loan-sync stage for tests: a real starter on a free port that Encompass's simulator posts its signed
 * webhooks to, and helpers that act as Salesforce and as a processor in Encompass.
 */
export async function startLoanSyncStage(
  env: TestWorkflowEnvironment,
  sims: TestSimulators,
  taskQueue: string,
) {
  const app = createApp({
    client: env.client,
    taskQueue,
    apiToken: STARTER_TOKEN,
    fingerprintKey: 'loan-sync-test-fingerprint',
    encompassSigningKey: SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY,
  });
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const starterUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const salesforce = sims.control.system('salesforce');
  const encompass = sims.control.system('encompass');

  const stage = {
    app,
    async subscribeWebhooks() {
      await encompass.post('/subscriptions', {
        endpoint: `${starterUrl}/webhooks/encompass`,
        signingkey: SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY,
      });
    },
    /** A loan as Salesforce holds it before it ever synced. */
    async seedSalesforceLoan(fields: LoanSnapshot): Promise<string> {
      const { ids } = (await salesforce.post(`/records/${LOAN_SOBJECT}`, {
        records: [toSalesforceFields(fields)],
      })) as { ids: string[] };
      return ids[0]!;
    },
    /** Loan officers save loans in Salesforce, and Salesforce's change callout reports them. */
    async salesforceEdits(edits: { loanId: string; fields: LoanSnapshot; modifiedAt?: string }[]) {
      for (const e of edits)
        await salesforce.post(`/records/${LOAN_SOBJECT}/${e.loanId}/edit`, {
          fields: toSalesforceFields(e.fields),
        });
      const changes = edits.map((e) => ({
        loanId: e.loanId,
        modifiedAt: e.modifiedAt ?? new Date().toISOString(),
        fields: toSalesforceFields(e.fields),
      }));
      await request(app)
        .post('/v1/loan-sync/salesforce-changes')
        .set('Authorization', `Bearer ${STARTER_TOKEN}`)
        .send({ changes })
        .expect(202);
    },
    async processorEdit(encompassLoanId: string, changes: Record<string, unknown>) {
      return await encompass.post(`/loans/${encompassLoanId}/edit`, { changes });
    },
    async encompassLoan(encompassLoanId: string): Promise<Record<string, unknown>> {
      return (await encompass.get(`/loans/${encompassLoanId}`)) as Record<string, unknown>;
    },
    async salesforceLoan(loanId: string): Promise<Record<string, unknown> | undefined> {
      const records = (await salesforce.get(`/records/${LOAN_SOBJECT}`)) as Record<string, unknown>[];
      return records.find((r) => r.Id === loanId);
    },
    async status(loanId: string): Promise<LoanSyncView> {
      return await env.client.workflow
        .getHandle(workflowIdFor('loan-sync', loanId))
        .query(loanSyncStatusQuery);
    },
    /** Posts a signed Encompass webhook as Encompass would (used to replay a delivery). */
    async postWebhook(eventId: string, encompassLoanId: string) {
      const body = JSON.stringify({
        eventId,
        eventTime: new Date().toISOString(),
        eventType: 'change',
        meta: {
          userId: 'processor1',
          resourceType: 'Loan',
          resourceId: encompassLoanId,
          instanceId: 'BE11223344',
          resourceRef: `/encompass/v3/loans/${encompassLoanId}`,
        },
      });
      const signature = createHmac('sha256', SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY).update(body).digest('base64');
      return await request(app)
        .post('/webhooks/encompass')
        .set('Elli-Signature', signature)
        .set('content-type', 'application/json')
        .send(body);
    },
    newEventId: () => randomUUID(),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return stage;
}

/** Polls (in real time) until `check` passes; workflows run meanwhile. */
export async function eventually<T>(
  check: () => Promise<T>,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
