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
import { createEncompassClient } from '../../../src/clients/encompass-client';
import type { EncompassClient, EncompassClientOptions } from '../../../src/clients/encompass-client';
import { INFLOOENS_REFERENCE_FIELD } from '../../../src/clients/encompass-loan';
import type { EncompassLoanInput } from '../../../src/clients/encompass-loan';
import { PermanentIntegrationError, TransientIntegrationError } from '../../../src/resilience/errors';
import { FailureType } from '../../../src/resilience/failure-types';

const REFERENCE = 'a0X5e000001AbCdEAK';

const newLoan: EncompassLoanInput = {
  borrowerRequestedLoanAmount: 420000,
  requestedInterestRatePercent: 6.75,
  estimatedClosingDate: '2026-04-15',
  applications: [{ borrower: { firstName: 'Ana', lastName: 'Lima', emailAddressText: 'ana@example.com' } }],
  property: { streetAddress: '100 Congress Ave', city: 'Austin', state: 'TX', postalCode: '78701' },
  customFields: [{ fieldName: INFLOOENS_REFERENCE_FIELD, stringValue: REFERENCE }],
};

describe('Encompass client', () => {
  let sims: SimulatorHandle;
  let control: SimControl;

  beforeAll(async () => {
    sims = await startSimulators({ systems: [encompassSim] });
    control = simControl(sims.controlUrl);
  });
  afterAll(async () => {
    await control?.reset();
    await sims?.stop();
  });
  beforeEach(async () => control.reset());

  const encompass = () => control.system('encompass');

  function clientWith(overrides: Partial<EncompassClientOptions> = {}): EncompassClient {
    return createEncompassClient({
      baseUrl: sims.urls.encompass!,
      clientId: ENCOMPASS_SIM_CLIENT_ID,
      clientSecret: ENCOMPASS_SIM_CLIENT_SECRET,
      instanceId: ENCOMPASS_SIM_INSTANCE_ID,
      timeoutMs: 1_000,
      ...overrides,
    });
  }

  async function tokenRequests(): Promise<number> {
    return (await control.requests('encompass')).filter((r) => r.path === '/oauth2/v1/token').length;
  }

  it('when a loan is created, read and updated, then each answer is the loan as Encompass saved it', async () => {
    const client = clientWith();
    const loanId = await client.createLoan(newLoan);
    const loan = await client.getLoan(loanId);
    expect(loan).toMatchObject({ id: loanId, ...newLoan });

    const updated = await client.updateLoan(loanId, {
      requestedInterestRatePercent: 6.5,
      property: { loanPurposeType: 'Purchase' },
    });
    expect(updated).toMatchObject({
      requestedInterestRatePercent: 6.5,
      property: { city: 'Austin', loanPurposeType: 'Purchase' },
      applications: [{ borrower: { firstName: 'Ana' } }],
    });
    expect(Date.parse(updated.lastModified)).toBeGreaterThan(Date.parse(loan.lastModified));
    const ledger = await control.ledger({ system: 'encompass', key: loanId });
    expect(ledger.map((e) => e.kind)).toEqual(['encompass.loan.created', 'encompass.loan.updated']);
    expect(await tokenRequests()).toBe(1);
  });

  it('when the client impersonates a user with the password grant, then its calls are accepted', async () => {
    const client = clientWith({ username: ENCOMPASS_SIM_USERNAME, password: ENCOMPASS_SIM_PASSWORD });
    await expect(client.createLoan(newLoan)).resolves.toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when a loan carries our reference, then findLoanByReference finds it, and finds nothing for another', async () => {
    const client = clientWith();
    const loanId = await client.createLoan(newLoan);
    const { loanNumber } = await client.getLoan(loanId);
    await expect(client.findLoanByReference(REFERENCE)).resolves.toEqual({
      loanId,
      loanNumber,
      lastModified: expect.any(String),
      duplicateLoanIds: [],
    });
    await expect(client.findLoanByReference('a0X5e000001ZzZzEAK')).resolves.toBeUndefined();
  });

  it('when two loans carry the same reference, then the oldest is the match and the other a duplicate', async () => {
    const client = clientWith();
    const first = await client.createLoan(newLoan);
    const second = await client.createLoan(newLoan);
    const match = await client.findLoanByReference(REFERENCE);
    expect(match).toMatchObject({ loanId: first, duplicateLoanIds: [second] });
  });

  it('when the token nears its stated expiry, then the client fetches a new one before calling', async () => {
    await encompass().post('/config', { tokenTtlMs: 1_000 });
    const client = clientWith();
    const loanId = await client.createLoan(newLoan);
    await sleep(1_100);
    await expect(client.getLoan(loanId)).resolves.toMatchObject({ id: loanId });
    expect(await tokenRequests()).toBe(2);
    // Renewed ahead of time: the read was not first refused with a lapsed token.
    expect((await control.requests('encompass')).filter((r) => r.method === 'GET')).toHaveLength(1);
  });

  it('when Encompass ends the session early, then the call gets 401, the client logs in once more and succeeds', async () => {
    const client = clientWith();
    const loanId = await client.createLoan(newLoan);
    await encompass().post('/tokens/expire');
    await expect(client.getLoan(loanId)).resolves.toMatchObject({ id: loanId });
    const gets = (await control.requests('encompass')).filter((r) => r.method === 'GET');
    expect(gets).toHaveLength(2);
    expect(await tokenRequests()).toBe(2);
  });

  it('when Encompass rejects the client credentials, then the failure is permanent', async () => {
    const failure = await clientWith({ clientSecret: 'wrong' })
      .getLoan('8d1c3f0e-1111-4a2b-9c3d-000000000000')
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PermanentIntegrationError);
    expect(failure).toMatchObject({ type: FailureType.IntegrationRejected, status: 401 });
  });

  it('when the loan does not exist, then the failure is permanent with status 404', async () => {
    const failure = await clientWith()
      .getLoan('8d1c3f0e-1111-4a2b-9c3d-000000000000')
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PermanentIntegrationError);
    expect(failure).toMatchObject({ status: 404 });
  });

  it('when the concurrency cap is reached, then the excess call fails as transient and rate limited', async () => {
    const client = clientWith();
    const loanId = await client.createLoan(newLoan);
    await encompass().post('/config', { concurrencyLimit: 1, latencyMs: 300 });
    const results = await Promise.allSettled([client.getLoan(loanId), client.getLoan(loanId)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as unknown;
    expect(failure).toBeInstanceOf(TransientIntegrationError);
    expect(failure).toMatchObject({ rateLimited: true, notDelivered: true, reason: 'status' });
  });

  it('when a create commits but its answer never arrives, then it times out and findLoanByReference finds the loan', async () => {
    const client = clientWith({ timeoutMs: 500 });
    // Logs in first, so that the fault hits the create rather than the token request.
    await expect(client.findLoanByReference(REFERENCE)).resolves.toBeUndefined();
    await control.setFault('encompass', { mode: 'commit-then-hang', times: 1 });

    const failure = await client.createLoan(newLoan).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TransientIntegrationError);
    expect(failure).toMatchObject({ reason: 'timeout', notDelivered: false });

    const match = await client.findLoanByReference(REFERENCE);
    const created = await control.ledger({ kind: 'encompass.loan.created' });
    expect(created).toHaveLength(1);
    expect(match).toMatchObject({ loanId: created[0]!.key, duplicateLoanIds: [] });
  });

  it('when Encompass is down, then the call fails as transient with connection refused', async () => {
    await control.setFault('encompass', { mode: 'down' });
    const failure = await clientWith()
      .getLoan('8d1c3f0e-1111-4a2b-9c3d-000000000000')
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TransientIntegrationError);
    expect(failure).toMatchObject({ reason: 'connection-refused', notDelivered: true });
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
