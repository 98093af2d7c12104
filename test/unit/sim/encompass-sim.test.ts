import express from 'express';
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simControl } from '../../../sim/control-client';
import type { SimControl } from '../../../sim/control-client';
import { startSimulators } from '../../../sim/harness';
import type { SimulatorHandle } from '../../../sim/harness';
import {
  ENCOMPASS_SIM_CLIENT_ID,
  ENCOMPASS_SIM_CLIENT_SECRET,
  ENCOMPASS_SIM_INSTANCE_ID,
  ENCOMPASS_SIM_PASSWORD,
  ENCOMPASS_SIM_USERNAME,
  encompassSim,
} from '../../../sim/systems/encompass';
import type { DeliveryAttempt } from '../../../sim/systems/encompass';

const REFERENCE = 'a0X5e000001AbCdEAK';
const SIGNING_KEY = 'receiver-test-key';

describe('Encompass simulator', () => {
  let sims: SimulatorHandle;
  let control: SimControl;
  let baseUrl: string;

  beforeAll(async () => {
    sims = await startSimulators({ systems: [encompassSim] });
    control = simControl(sims.controlUrl);
    baseUrl = sims.urls.encompass!;
  });
  afterAll(async () => {
    await control?.reset();
    await sims?.stop();
  });
  beforeEach(async () => control.reset());

  const encompass = () => control.system('encompass');

  async function requestToken(form: Record<string, string>): Promise<Response> {
    return await fetch(`${baseUrl}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: ENCOMPASS_SIM_CLIENT_ID,
        client_secret: ENCOMPASS_SIM_CLIENT_SECRET,
        scope: 'lp',
        ...form,
      }),
    });
  }

  async function login(): Promise<string> {
    const response = await requestToken({
      grant_type: 'password',
      username: `${ENCOMPASS_SIM_USERNAME}@encompass:${ENCOMPASS_SIM_INSTANCE_ID}`,
      password: ENCOMPASS_SIM_PASSWORD,
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  async function api(token: string, method: string, path: string, body?: unknown): Promise<Response> {
    return await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function seedLoan(loan: Record<string, unknown> = {}): Promise<string> {
    return ((await encompass().post('/loans', loan)) as { id: string }).id;
  }

  describe('tokens', () => {
    it('when the password grant names the user at the instance, then a bearer token with its lifetime is issued', async () => {
      const response = await requestToken({
        grant_type: 'password',
        username: `${ENCOMPASS_SIM_USERNAME}@encompass:${ENCOMPASS_SIM_INSTANCE_ID}`,
        password: ENCOMPASS_SIM_PASSWORD,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 1800,
      });
    });

    it('when the grant names another instance or a wrong secret, then no token is issued', async () => {
      const otherInstance = await requestToken({ grant_type: 'client_credentials', instance_id: 'BE999' });
      expect(otherInstance.status).toBe(400);
      expect(await otherInstance.json()).toMatchObject({ error: 'invalid_grant' });
      const wrongSecret = await requestToken({
        grant_type: 'client_credentials',
        instance_id: ENCOMPASS_SIM_INSTANCE_ID,
        client_secret: 'nope',
      });
      expect(wrongSecret.status).toBe(401);
    });

    it('when a token outlives its TTL, then the API answers 401 and a new token is accepted', async () => {
      await encompass().post('/config', { tokenTtlMs: 200 });
      const loanId = await seedLoan();
      const token = await login();
      expect((await api(token, 'GET', `/encompass/v3/loans/${loanId}`)).status).toBe(200);
      await sleep(300);
      expect((await api(token, 'GET', `/encompass/v3/loans/${loanId}`)).status).toBe(401);
      expect((await api(await login(), 'GET', `/encompass/v3/loans/${loanId}`)).status).toBe(200);
    });
  });

  describe('loans', () => {
    it('when a loan is created and patched, then unpatched fields stay, lastModified moves and the ledger names the changed fields', async () => {
      const token = await login();
      const created = await api(token, 'POST', '/encompass/v3/loans', {
        borrowerRequestedLoanAmount: 350000,
        requestedInterestRatePercent: 6.875,
        applications: [{ borrower: { firstName: 'Ana', lastName: 'Lima' } }],
        property: { city: 'Austin', state: 'TX', loanPurposeType: 'Purchase' },
        customFields: [{ fieldName: 'CX.INFLOOENS.SFID', stringValue: REFERENCE }],
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect(created.headers.get('location')).toBe(`/encompass/v3/loans/${id}`);
      const before = (await (await api(token, 'GET', `/encompass/v3/loans/${id}`)).json()) as {
        lastModified: string;
        loanNumber: string;
      };
      expect(before.loanNumber).toMatch(/^\d{10}$/);

      const patched = await api(token, 'PATCH', `/encompass/v3/loans/${id}?view=entity`, {
        requestedInterestRatePercent: 6.5,
        applications: [{ borrower: { emailAddressText: 'ana@example.com' } }],
      });
      expect(patched.status).toBe(200);
      const after = (await patched.json()) as Record<string, unknown> & { lastModified: string };
      expect(after).toMatchObject({
        id,
        borrowerRequestedLoanAmount: 350000,
        requestedInterestRatePercent: 6.5,
        applications: [
          { borrower: { firstName: 'Ana', lastName: 'Lima', emailAddressText: 'ana@example.com' } },
        ],
        customFields: [{ fieldName: 'CX.INFLOOENS.SFID', stringValue: REFERENCE }],
      });
      expect(Date.parse(after.lastModified)).toBeGreaterThan(Date.parse(before.lastModified));

      const ledger = await control.ledger({ system: 'encompass', key: id });
      expect(ledger.map((e) => [e.kind, e.data.source])).toEqual([
        ['encompass.loan.created', 'api'],
        ['encompass.loan.updated', 'api'],
      ]);
      expect(ledger[1]!.data.fields).toEqual([
        'applications[0].borrower.emailAddressText',
        'requestedInterestRatePercent',
      ]);
    });

    it('when a PATCH has no view or an invalid body, then it answers 204 or 400', async () => {
      const token = await login();
      const loanId = await seedLoan();
      expect((await api(token, 'PATCH', `/encompass/v3/loans/${loanId}`, { loanNumber: 'L1' })).status).toBe(
        204,
      );
      const invalid = await api(token, 'PATCH', `/encompass/v3/loans/${loanId}`, {
        requestedInterestRatePercent: 'high',
      });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ summary: 'Bad Request' });
      expect(
        (await api(token, 'GET', '/encompass/v3/loans/8d1c3f0e-1111-4a2b-9c3d-000000000000')).status,
      ).toBe(404);
    });
  });

  describe('loan pipeline', () => {
    it('when searched by our reference, then only the loan carrying it is found, its GUID in braces', async () => {
      const token = await login();
      const ours = await seedLoan({
        customFields: [{ fieldName: 'CX.INFLOOENS.SFID', stringValue: REFERENCE }],
      });
      await seedLoan({
        customFields: [{ fieldName: 'CX.INFLOOENS.SFID', stringValue: 'a0X5e000001ZzZzEAK' }],
      });
      await seedLoan();
      const response = await api(token, 'POST', '/encompass/v1/loanPipeline', {
        filter: { canonicalName: 'Fields.CX.INFLOOENS.SFID', value: REFERENCE, matchType: 'exact' },
        fields: ['Loan.LoanNumber', 'Fields.CX.INFLOOENS.SFID'],
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([
        {
          loanGuid: `{${ours}}`,
          fields: { 'Loan.LoanNumber': expect.any(String), 'Fields.CX.INFLOOENS.SFID': REFERENCE },
        },
      ]);
    });

    it('when a canonical name is unknown, then the search answers 400', async () => {
      const response = await api(await login(), 'POST', '/encompass/v1/loanPipeline', {
        filter: { canonicalName: 'Loan.Nonsense', value: 'x', matchType: 'exact' },
      });
      expect(response.status).toBe(400);
    });
  });

  describe('webhooks', () => {
    let receiver: Receiver;
    beforeEach(async () => {
      receiver = await startReceiver();
      await encompass().post('/config', { webhookRetryIntervalMs: 50, webhookTimeoutMs: 200 });
      await encompass().post('/subscriptions', { endpoint: receiver.url, signingkey: SIGNING_KEY });
    });
    afterEach(async () => receiver.close());

    it('when an API create is not acknowledged at first, then it is redelivered, signed, with the same eventId until a 2xx', async () => {
      receiver.answers.push('hang', 500);
      const token = await login();
      const created = await api(token, 'POST', '/encompass/v3/loans', { loanNumber: 'INF-1' });
      const { id } = (await created.json()) as { id: string };

      await eventually(async () => expect(await deliveries()).toHaveLength(3));
      expect(receiver.received).toHaveLength(3);
      for (const { body, signature } of receiver.received) {
        expect(signature).toBe(createHmac('sha256', SIGNING_KEY).update(body).digest('base64'));
      }
      const events = receiver.received.map(
        (r) => JSON.parse(r.body.toString('utf8')) as Record<string, unknown>,
      );
      expect(new Set(events.map((e) => e.eventId)).size).toBe(1);
      expect(events[0]).toEqual({
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        eventTime: expect.any(String),
        eventType: 'create',
        meta: {
          userId: ENCOMPASS_SIM_USERNAME,
          resourceType: 'Loan',
          resourceId: id,
          instanceId: ENCOMPASS_SIM_INSTANCE_ID,
          resourceRef: `/encompass/v3/loans/${id}`,
        },
      });
      const attempts = await deliveries();
      expect(attempts.map((a) => [a.attempt, a.status, a.acknowledged])).toEqual([
        [1, undefined, false],
        [2, 500, false],
        [3, 200, true],
      ]);
      expect(attempts[0]!.error).toBe('TimeoutError');
      await sleep(150);
      expect(receiver.received).toHaveLength(3);
    });

    it('when a processor edits the loan, then a change event names the processor and the ledger says ui', async () => {
      const loanId = await seedLoan();
      await encompass().post(`/loans/${loanId}/edit`, {
        userId: 'jprocessor',
        changes: { milestoneCurrentName: 'Processing', estimatedClosingDate: '2026-03-31' },
      });
      await eventually(async () => expect(receiver.received).toHaveLength(1));
      const event = JSON.parse(receiver.received[0]!.body.toString('utf8')) as {
        eventType: string;
        meta: object;
      };
      expect(event).toMatchObject({
        eventType: 'change',
        meta: { userId: 'jprocessor', resourceId: loanId },
      });
      const [entry] = await control.ledger({ kind: 'encompass.loan.updated', key: loanId });
      expect(entry!.data).toEqual({ fields: ['estimatedClosingDate', 'milestoneCurrentName'], source: 'ui' });
    });

    it('when the receiver never acknowledges, then delivery stops after the configured attempts', async () => {
      await encompass().post('/config', { webhookAttempts: 3 });
      receiver.answers.push(503, 503, 503, 503, 503);
      const loanId = await seedLoan();
      await encompass().post(`/loans/${loanId}/edit`, { changes: { loanNumber: 'X' } });
      await eventually(async () => expect(await deliveries()).toHaveLength(3));
      await sleep(200);
      expect(receiver.received).toHaveLength(3);
      expect((await deliveries()).every((a) => !a.acknowledged)).toBe(true);
    });

    async function deliveries(): Promise<DeliveryAttempt[]> {
      return (await encompass().get('/deliveries')) as DeliveryAttempt[];
    }
  });

  describe('concurrency cap', () => {
    it('when more calls are in flight than the cap, then the excess gets 429 with the limit headers and the peak never passes the cap', async () => {
      await encompass().post('/config', { concurrencyLimit: 3, latencyMs: 300 });
      const loanId = await seedLoan();
      const token = await login();
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => api(token, 'GET', `/encompass/v3/loans/${loanId}`)),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
      for (const response of responses) {
        expect(response.headers.get('x-concurrency-limit-limit')).toBe('3');
        expect(Number(response.headers.get('x-concurrency-limit-remaining'))).toBeLessThan(3);
      }
      for (const refused of responses.filter((r) => r.status === 429)) {
        expect(refused.headers.get('x-concurrency-limit-remaining')).toBe('0');
      }
      const stats = (await encompass().get('/stats')) as {
        calls: Record<string, number>;
        concurrency: { limit: number; maxObserved: number; rejected: number; inFlight: number };
      };
      expect(stats.concurrency).toEqual({ limit: 3, maxObserved: 3, rejected: 3, inFlight: 0 });
      expect(stats.calls['GET /encompass/v3/loans/:loanId']).toBe(3);
      expect(stats.calls['POST /oauth2/v1/token']).toBe(1);
    });
  });
});

interface Receiver {
  url: string;
  /** What to do with the next deliveries, in order: a status, or never answer. Then 200. */
  answers: (number | 'hang')[];
  received: { body: Buffer; signature: string | undefined }[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const app = express();
  const receiver: Omit<Receiver, 'url' | 'close'> = { answers: [], received: [] };
  app.post('/hooks/encompass', express.raw({ type: '*/*' }), (req, res) => {
    receiver.received.push({ body: req.body as Buffer, signature: req.get('elli-signature') });
    const answer = receiver.answers.shift() ?? 200;
    if (answer !== 'hang') res.status(answer).end();
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    ...receiver,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/encompass`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function eventually(assertion: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(25);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
