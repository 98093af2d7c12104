import { z } from 'zod';
import { simControl } from '../../../sim/control-client';
import type { SimControl } from '../../../sim/control-client';
import { startSimulators } from '../../../sim/harness';
import type { SimulatorHandle } from '../../../sim/harness';
import {
  SALESFORCE_SIM_API_VERSION,
  SALESFORCE_SIM_CLIENT_ID,
  SALESFORCE_SIM_CLIENT_SECRET,
  salesforceSim,
} from '../../../sim/systems/salesforce';
import { createSalesforceClient } from '../../../src/clients/salesforce-client';
import type { SalesforceClientOptions } from '../../../src/clients/salesforce-client';
import { PermanentIntegrationError, TransientIntegrationError } from '../../../src/resilience/errors';
import { FailureType } from '../../../src/resilience/failure-types';

const COLLECTION_UPSERT = '/services/data/v62.0/composite/sobjects/Loan__c/Encompass_Loan_Id__c';
const TOKEN = '/services/oauth2/token';
const loanSchema = z.object({ Id: z.string(), Name: z.string() });

describe('Salesforce client (jsforce) against the simulator', () => {
  let sims: SimulatorHandle;
  let control: SimControl;

  beforeAll(async () => {
    sims = await startSimulators({ systems: [salesforceSim] });
    control = simControl(sims.controlUrl);
  });
  afterAll(async () => {
    await sims?.stop();
  });
  beforeEach(async () => control.reset());

  const salesforce = () => control.system('salesforce');
  const client = (options: Partial<SalesforceClientOptions> = {}) =>
    createSalesforceClient({
      loginUrl: sims.urls.salesforce!,
      clientId: SALESFORCE_SIM_CLIENT_ID,
      clientSecret: SALESFORCE_SIM_CLIENT_SECRET,
      apiVersion: SALESFORCE_SIM_API_VERSION,
      timeoutMs: 2_000,
      ...options,
    });
  const requests = async (method: string, path: string | RegExp) =>
    (await control.requests('salesforce')).filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  async function seedLoans(count: number): Promise<string[]> {
    const records = Array.from({ length: count }, (_, i) => ({ Name: `Loan ${i}` }));
    return ((await salesforce().post('/records/Loan__c', { records })) as { ids: string[] }).ids;
  }
  const loans = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      Encompass_Loan_Id__c: `EL-${i}`,
      Loan_Amount__c: 100_000 + i,
    }));

  it('when the client makes calls, then it logs in once with client credentials and reuses the session', async () => {
    const [id] = await seedLoans(1);
    const salesforceClient = client();
    await salesforceClient.queryByIds('Loan__c', ['Id', 'Name'], [id!], loanSchema);
    await salesforceClient.limits();
    expect(await requests('POST', TOKEN)).toHaveLength(1);
    expect(await requests('GET', /^\/services\/data\/v62\.0\//)).toHaveLength(2);
  });

  it('when the client secret is wrong, then it fails as IntegrationRejected naming invalid_client', async () => {
    const failure = await client({ clientSecret: 'wrong' })
      .limits()
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PermanentIntegrationError);
    expect(failure).toMatchObject({ type: FailureType.IntegrationRejected, status: 400 });
    expect((failure as Error).message).toContain('invalid_client');
  });

  it('when Ids span several chunks and pages, then every record comes back in one query per chunk plus queryMore', async () => {
    const ids = await seedLoans(7);
    await salesforce().post('/query-page-size', { pageSize: 2 });
    const found = await client({ idsPerQuery: 3 }).queryByIds(
      'Loan__c',
      ['Id', 'Name'],
      [...ids, ids[0]!],
      loanSchema,
    );
    expect(found.map((r) => r.Id).sort()).toEqual([...ids].sort());
    expect(found[0]).toEqual({ Id: ids[0], Name: 'Loan 0' });
    expect(await requests('GET', '/services/data/v62.0/query')).toHaveLength(3);
    // Chunks of 3, 3 and 1 Ids in pages of 2: the first two chunks need one queryMore each.
    expect(await requests('GET', /^\/services\/data\/v62\.0\/query\/01g/)).toHaveLength(2);
  });

  it('when a query answers records that break the schema, then it fails as InvalidIntegrationResponse', async () => {
    await seedLoans(1);
    const failure = await client()
      .query('SELECT Id FROM Loan__c', loanSchema)
      .catch((err: unknown) => err);
    expect(failure).toMatchObject({ type: FailureType.InvalidIntegrationResponse });
  });

  it('when 450 loans are upserted, then they go in 3 collection calls of at most 200 and a repeat updates them', async () => {
    const salesforceClient = client();
    const first = await salesforceClient.upsertByExternalId('Loan__c', 'Encompass_Loan_Id__c', loans(450));
    expect(await requests('PATCH', COLLECTION_UPSERT)).toHaveLength(3);
    expect(first).toHaveLength(450);
    expect(first.every((o) => o.success && o.created === true && /^a00\w{15}$/.test(o.id!))).toBe(true);
    expect(first[449]!.externalId).toBe('EL-449');
    expect(await control.ledger({ kind: 'salesforce.record.created' })).toHaveLength(450);

    const again = await salesforceClient.upsertByExternalId('Loan__c', 'Encompass_Loan_Id__c', loans(450));
    expect(again.every((o) => o.success && o.created === false)).toBe(true);
    expect(again.map((o) => o.id)).toEqual(first.map((o) => o.id));
    expect(await salesforce().get('/records/Loan__c')).toHaveLength(450);
  });

  it('when one loan breaks a validation rule, then only its outcome fails and the others are written', async () => {
    await salesforce().post('/validation-rules', {
      sobject: 'Loan__c',
      field: 'Loan_Amount__c',
      rejectValue: 100_001,
      message: 'Loan amount is out of range',
    });
    const outcomes = await client().upsertByExternalId('Loan__c', 'Encompass_Loan_Id__c', loans(3));
    expect(outcomes.map((o) => o.success)).toEqual([true, false, true]);
    expect(outcomes[1]).toEqual({
      externalId: 'EL-1',
      success: false,
      errors: [
        {
          statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          message: 'Loan amount is out of range',
          fields: ['Loan_Amount__c'],
        },
      ],
    });
  });

  it('when the daily API budget is spent, then the call fails as QuotaExhausted', async () => {
    await salesforce().post('/api-usage', { max: 10, used: 10 });
    const failure = await client()
      .limits()
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PermanentIntegrationError);
    expect(failure).toMatchObject({ type: FailureType.QuotaExhausted, status: 403 });
    expect((failure as Error).message).toContain('REQUEST_LIMIT_EXCEEDED');
  });

  it('when Salesforce answers 503, then the call fails as transient after one request (jsforce does not retry)', async () => {
    const salesforceClient = client();
    await salesforceClient.limits();
    await control.setFault('salesforce', { mode: 'status', status: 503 });
    const failure = await salesforceClient.limits().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TransientIntegrationError);
    expect(failure).toMatchObject({ reason: 'status', options: { status: 503 } });
    expect(await requests('GET', '/services/data/v62.0/limits')).toHaveLength(2);
  });

  it('when Salesforce rate-limits, then the failure is transient and carries Retry-After', async () => {
    await control.setFault('salesforce', { mode: 'rate-limit', retryAfterSeconds: 7 });
    const failure = await client()
      .limits()
      .catch((err: unknown) => err);
    expect(failure).toMatchObject({ reason: 'status', options: { status: 429, retryAfterMs: 7_000 } });
  });

  it('when Salesforce is down, then the call fails as connection-refused', async () => {
    await control.setFault('salesforce', { mode: 'down' });
    // Let pooled keep-alive sockets from earlier tests notice the close: a reused dead socket is a reset,
    // not the refused connection this test is about.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const failure = await client()
      .limits()
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TransientIntegrationError);
    expect(failure).toMatchObject({ reason: 'connection-refused' });
  });

  it('when Salesforce never answers, then the call times out at the configured deadline', async () => {
    const salesforceClient = client({ timeoutMs: 300 });
    await salesforceClient.limits();
    await control.setFault('salesforce', { mode: 'hang' });
    const startedAt = Date.now();
    const failure = await salesforceClient.limits().catch((err: unknown) => err);
    const elapsed = Date.now() - startedAt;
    expect(failure).toBeInstanceOf(TransientIntegrationError);
    expect(failure).toMatchObject({ reason: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('when the session expires, then the client logs in again once and the call succeeds', async () => {
    const salesforceClient = client();
    await salesforceClient.limits();
    await salesforce().post('/sessions/expire');
    await expect(salesforceClient.limits()).resolves.toMatchObject({ dailyApiRequests: { max: 100_000 } });
    expect(await requests('POST', TOKEN)).toHaveLength(2);
  });

  it('when every new session is refused too, then the call fails as IntegrationRejected after one re-login', async () => {
    const salesforceClient = client();
    await salesforceClient.limits();
    await control.setFault('salesforce', {
      mode: 'status',
      status: 401,
      body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
      times: 3,
    });
    const failure = await salesforceClient.limits().catch((err: unknown) => err);
    expect(failure).toMatchObject({ type: FailureType.IntegrationRejected, status: 401 });
    expect((failure as Error).message).toContain('INVALID_SESSION_ID');
  });

  it('when calls are made, then apiUsage reports the last Sforce-Limit-Info and limits() the remaining budget', async () => {
    await salesforce().post('/api-usage', { max: 500, used: 40 });
    const salesforceClient = client();
    expect(salesforceClient.apiUsage()).toBeUndefined();
    await salesforceClient.upsertByExternalId('Loan__c', 'Encompass_Loan_Id__c', loans(1));
    expect(salesforceClient.apiUsage()).toEqual({ used: 41, max: 500 });
    expect(await salesforceClient.limits()).toEqual({ dailyApiRequests: { max: 500, remaining: 458 } });
    expect(salesforceClient.apiUsage()).toEqual({ used: 42, max: 500 });
  });

  it('when a record lacks its external ID or a name is not an identifier, then nothing is sent', async () => {
    const salesforceClient = client();
    await expect(
      salesforceClient.upsertByExternalId('Loan__c', 'Encompass_Loan_Id__c', [{ Loan_Amount__c: 1 }]),
    ).rejects.toThrow(RangeError);
    await expect(
      salesforceClient.queryByIds('Loan__c', ['Id'], ["a00' OR Name != '"], loanSchema),
    ).rejects.toThrow(RangeError);
    expect(await control.requests('salesforce')).toHaveLength(0);
  });
});
