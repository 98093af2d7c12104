import { simControl } from '../../../sim/control-client';
import type { SimControl } from '../../../sim/control-client';
import { startSimulators } from '../../../sim/harness';
import type { SimulatorHandle } from '../../../sim/harness';
import { BUREAU_SYSTEMS } from '../../../sim/systems/bureaus';
import { borrowerKeyOf, creditFileFor } from '../../../sim/systems/bureaus/credit-file';
import { EQUIFAX_SIM_CREDENTIALS } from '../../../sim/systems/bureaus/equifax';
import { EXPERIAN_SIM_CREDENTIALS } from '../../../sim/systems/bureaus/experian';
import { TRANSUNION_SIM_CREDENTIALS } from '../../../sim/systems/bureaus/transunion';
import { submitOrderOnce } from '../../../src/clients/bureaus/credit-bureau';
import type { CreditBureauClient, CreditOrder } from '../../../src/clients/bureaus/credit-bureau';
import { createEquifaxClient } from '../../../src/clients/bureaus/equifax-client';
import { createExperianClient } from '../../../src/clients/bureaus/experian-client';
import { createTransUnionClient } from '../../../src/clients/bureaus/transunion-client';
import { creditPullRequestSchema, MORTGAGE_SCORE_MODEL } from '../../../src/domain/credit';
import type { BureauName, CreditPullRequest } from '../../../src/domain/credit';
import { PermanentIntegrationError, TransientIntegrationError } from '../../../src/resilience/errors';
import { FailureType } from '../../../src/resilience/failure-types';

const MARIA_SSN = '666234567';
const DANIEL_SSN = '666123456';
const address = {
  line1: '1200 Market St',
  line2: 'Apt 4',
  city: 'San Francisco',
  state: 'CA',
  postalCode: '94102-1234',
};
const jointRequest: CreditPullRequest = creditPullRequestSchema.parse({
  loanId: 'a0X5e000001AbCdEAK',
  borrowers: [
    {
      firstName: 'Maria',
      lastName: 'Lopez',
      ssn: '666-23-4567',
      dateOfBirth: '1984-07-19',
      currentAddress: address,
    },
    {
      firstName: 'Daniel',
      lastName: 'Lopez',
      ssn: '666-12-3456',
      dateOfBirth: '1982-02-03',
      currentAddress: address,
    },
  ],
  pullType: 'hard',
  permissiblePurpose: 'credit-transaction',
  requestedBy: 'lo@lender.example',
});
const soloRequest: CreditPullRequest = { ...jointRequest, borrowers: jointRequest.borrowers.slice(0, 1) };
const PII = [MARIA_SSN, '666-23-4567', '1984-07-19', '07191984'];

type ClientFactory = (baseUrl: string, timeoutMs: number) => CreditBureauClient;

const FACTORIES: Record<BureauName, ClientFactory> = {
  experian: (baseUrl, timeoutMs) => createExperianClient({ baseUrl, ...EXPERIAN_SIM_CREDENTIALS, timeoutMs }),
  equifax: (baseUrl, timeoutMs) =>
    createEquifaxClient({
      baseUrl,
      ...EQUIFAX_SIM_CREDENTIALS,
      endUserName: 'INFLOOENS MORTGAGE',
      timeoutMs,
    }),
  transunion: (baseUrl, timeoutMs) =>
    createTransUnionClient({ baseUrl, ...TRANSUNION_SIM_CREDENTIALS, timeoutMs }),
};
const WRONG_CREDENTIALS: Record<BureauName, ClientFactory> = {
  experian: (baseUrl, timeoutMs) =>
    createExperianClient({ baseUrl, ...EXPERIAN_SIM_CREDENTIALS, clientSecret: 'wrong', timeoutMs }),
  equifax: (baseUrl, timeoutMs) =>
    createEquifaxClient({
      baseUrl,
      ...EQUIFAX_SIM_CREDENTIALS,
      clientSecret: 'wrong',
      endUserName: 'INFLOOENS MORTGAGE',
      timeoutMs,
    }),
  transunion: (baseUrl, timeoutMs) =>
    createTransUnionClient({ baseUrl, ...TRANSUNION_SIM_CREDENTIALS, systemPassword: 'wrong', timeoutMs }),
};

describe.each(['experian', 'equifax', 'transunion'] as const)('%s client', (bureau) => {
  let sims: SimulatorHandle;
  let control: SimControl;
  let client: CreditBureauClient;

  beforeAll(async () => {
    sims = await startSimulators({ systems: BUREAU_SYSTEMS });
    control = simControl(sims.controlUrl);
  });
  afterAll(async () => sims?.stop());
  beforeEach(async () => {
    await control.reset();
    client = FACTORIES[bureau](sims.urls[bureau]!, 300);
  });

  const order = (reference: string, request = soloRequest): CreditOrder => ({ reference, request });
  const hardInquiries = async () => await control.ledger({ system: bureau, kind: 'bureau.inquiry.hard' });

  /** A first call fetches the OAuth token, so that a fault set afterwards meets the order itself. */
  async function warmUp(): Promise<void> {
    await client.findReportByReference('warm-up');
  }

  it('when an order is submitted, then the report is normalised from the bureau’s own shape', async () => {
    const report = await client.submitOrder(order('req-1'));
    const file = creditFileFor(MARIA_SSN, bureau);
    const [hard] = await hardInquiries();
    expect(report).toMatchObject({
      bureau,
      reportId: hard!.data.reportId,
      clientReference: 'req-1',
      pullType: 'hard',
    });
    expect(Date.parse(report.pulledAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(report.borrowers).toEqual([
      {
        role: 'borrower',
        firstName: 'Maria',
        lastName: 'Lopez',
        ssnLast4: '4567',
        score: { model: MORTGAGE_SCORE_MODEL[bureau], value: file.score, reasonCodes: file.reasonCodes },
        tradelines: expect.objectContaining({
          count: file.tradelines.length,
          mortgageCount: file.tradelines.filter((t) => t.kind === 'mortgage').length,
          totalBalance: file.tradelines.reduce((sum, t) => sum + t.balance, 0),
          totalMonthlyPayment: file.tradelines.reduce((sum, t) => sum + t.monthlyPayment, 0),
          derogatoryCount: file.tradelines.filter((t) => t.status !== 'current').length,
        }),
        inquiries: file.inquiries.map((i) => ({ date: i.date, subscriber: i.subscriber })),
        publicRecordCount: file.publicRecords.length,
      },
    ]);
    expect(report.borrowers[0]!.tradelines.revolvingUtilisationPercent).toEqual(expect.any(Number));
  });

  it('when a joint order is submitted, then both borrowers come back by role and neither SSN nor DOB leaks', async () => {
    const report = await client.submitOrder(order('req-joint', jointRequest));
    expect(report.borrowers.map((b) => [b.role, b.ssnLast4])).toEqual([
      ['borrower', '4567'],
      ['co-borrower', '3456'],
    ]);
    expect(report.borrowers[1]!.score.value).toBe(creditFileFor(DANIEL_SSN, bureau).score);
    const serialised = JSON.stringify(report);
    for (const pii of [...PII, DANIEL_SSN, '1982-02-03']) expect(serialised).not.toContain(pii);
  });

  it('when a soft order is submitted, then the report says soft and the bureau counted a soft inquiry', async () => {
    const soft = {
      ...soloRequest,
      pullType: 'soft' as const,
      permissiblePurpose: 'written-instruction' as const,
    };
    const report = await client.submitOrder(order('req-soft', soft));
    expect(report.pullType).toBe('soft');
    expect(await control.system(bureau).get(`/inquiries/${borrowerKeyOf(MARIA_SSN)}`)).toMatchObject({
      hard: 0,
      soft: 1,
    });
  });

  it('when a reference is looked up, then the report ordered under it comes back; an unknown one is undefined', async () => {
    const ordered = await client.submitOrder(order('req-1'));
    expect(await client.findReportByReference('req-1')).toEqual(ordered);
    expect(await client.findReportByReference('never-ordered')).toBeUndefined();
    expect(await hardInquiries()).toHaveLength(1);
  });

  it('when a report is reissued, then it is the same report and no inquiry is made', async () => {
    const ordered = await client.submitOrder(order('req-1'));
    expect(await client.reissueReport(ordered.reportId)).toEqual(ordered);
    expect(await hardInquiries()).toHaveLength(1);
    expect(await control.ledger({ system: bureau, kind: 'bureau.report.reissued' })).toHaveLength(1);
  });

  it('when a Submit commits but its answer is lost, then it times out and submitOrderOnce returns that report without a second pull', async () => {
    await warmUp();
    await control.setFault(bureau, { mode: 'commit-then-hang', times: 1 });
    const lost = await client.submitOrder(order('req-lost')).catch((err: unknown) => err);
    expect(lost).toBeInstanceOf(TransientIntegrationError);
    expect((lost as TransientIntegrationError).reason).toBe('timeout');

    const report = await submitOrderOnce(client, order('req-lost'));
    const inquiries = await hardInquiries();
    expect(inquiries).toHaveLength(1);
    expect(report.reportId).toBe(inquiries[0]!.data.reportId);
  });

  it('when no report exists under the reference, then submitOrderOnce submits one', async () => {
    const report = await submitOrderOnce(client, order('req-new'));
    expect(report.clientReference).toBe('req-new');
    expect(await hardInquiries()).toHaveLength(1);
  });

  it('when the bureau answers 503, then the error is transient and known not to have been processed', async () => {
    await warmUp();
    await control.setFault(bureau, { mode: 'status', status: 503, times: 1 });
    const err = await client.submitOrder(order('req-1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientIntegrationError);
    expect((err as TransientIntegrationError).notDelivered).toBe(true);
    expect(await hardInquiries()).toHaveLength(0);
  });

  it('when the bureau rate-limits, then the error is transient and carries Retry-After', async () => {
    await warmUp();
    await control.setFault(bureau, { mode: 'rate-limit', retryAfterSeconds: 7, times: 1 });
    const err = (await client
      .submitOrder(order('req-1'))
      .catch((e: unknown) => e)) as TransientIntegrationError;
    expect(err.rateLimited).toBe(true);
    expect(err.options.retryAfterMs).toBe(7_000);
  });

  it('when the bureau is down, then the error is transient: connection refused', async () => {
    await control.setFault(bureau, { mode: 'down' });
    const err = await client.submitOrder(order('req-1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientIntegrationError);
    expect((err as TransientIntegrationError).reason).toBe('connection-refused');
  });

  it('when the bureau hangs, then the call times out as a transient error', async () => {
    await warmUp();
    await control.setFault(bureau, { mode: 'hang' });
    const err = await client.reissueReport('ANY').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientIntegrationError);
    expect((err as TransientIntegrationError).reason).toBe('timeout');
  });

  it('when the bureau rejects the order with 400, then the error is permanent and names no PII', async () => {
    await warmUp();
    await control.setFault(bureau, { mode: 'status', status: 400, times: 1 });
    const err = await client.submitOrder(order('req-1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentIntegrationError);
    expect((err as PermanentIntegrationError).type).toBe(FailureType.IntegrationRejected);
    for (const pii of PII) expect(String((err as Error).message)).not.toContain(pii);
  });

  it('when the credentials are wrong, then the error is permanent (401) and no inquiry is made', async () => {
    const unauthorised = WRONG_CREDENTIALS[bureau](sims.urls[bureau]!, 300);
    const err = await unauthorised.submitOrder(order('req-1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentIntegrationError);
    expect((err as PermanentIntegrationError).status).toBe(401);
    expect(await control.ledger()).toHaveLength(0);
  });

  it('when several calls are made, then the client authenticates once', async () => {
    await client.submitOrder(order('req-1'));
    await client.findReportByReference('req-1');
    const paths = (await control.requests(bureau)).map((r) => r.path);
    expect(paths.filter((p) => /oauth/.test(p))).toHaveLength(bureau === 'transunion' ? 0 : 1);
    expect(paths.filter((p) => !/oauth/.test(p))).toHaveLength(2);
  });
});
