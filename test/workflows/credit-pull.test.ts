import { WorkflowFailedError } from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { BureauName } from '../../src/domain/credit';
import { creditReferenceFor, CreditPullFailure } from '../../src/domain/credit-pull';
import type { CreditPullOptions, CreditPullResult } from '../../src/domain/credit-pull';
import { createBreakerGate } from '../../src/resilience/breaker-gate';
import type { BreakerGate } from '../../src/resilience/breaker-gate';
import { DEFAULT_BREAKER_POLICY } from '../../src/resilience/breaker-state';
import { createProductionActivities } from '../../src/worker';
import {
  breakerStateQuery,
  breakerWorkflowId,
  reportOutcomesSignal,
} from '../../src/workflows/breaker-messages';
import type { CircuitBreakerInput } from '../../src/workflows/circuit-breaker';
import type { creditPull } from '../../src/workflows/credit-pull';
import { creditPullRequest, TEST_SSN } from '../fixtures/credit';
import { configAgainst } from '../helpers/activities';
import { startTestSimulators } from '../helpers/simulators';
import type { TestSimulators } from '../helpers/simulators';
import { createTimeSkippingEnv, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

const EXPERIAN_REPORTS_PATH = '/consumerservices/credit-profile/v2/credit-report';
const BUREAU_NAMES: readonly BureauName[] = ['experian', 'equifax', 'transunion'];

type SalesforceRecord = Record<string, unknown>;

describe('creditPull workflow', () => {
  let env: TestWorkflowEnvironment;
  let sims: TestSimulators;
  let worker: Worker;
  let running: Promise<void>;
  let breakers: BreakerGate;
  let loanId: string;
  const taskQueue = uniqueTaskQueue('credit-pull');

  // A time-skipping server and worker per test: breaker and writer workflows run beside each pull, and
  // terminating them between tests (resetBreakers) can leave the test server's time lock held, after
  // which timers only pass in real time. A fresh server costs a second or two and isolates every test.
  beforeAll(async () => {
    sims = await startTestSimulators();
  });
  afterAll(async () => {
    await sims?.stop();
  });
  beforeEach(async () => {
    [env] = await Promise.all([createTimeSkippingEnv(), sims.control.reset()]);
    // The worker's breaker gate is the test's own, so it can be closed before its server goes away.
    breakers = createBreakerGate({ client: env.client, taskQueue });
    const config = { ...configAgainst(sims, { timeoutMs: 500 }), TEMPORAL_TASK_QUEUE: taskQueue };
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: createProductionActivities(config, { client: env.client, breakers }),
    });
    running = worker.run();
    const seeded = (await sims.control.system('salesforce').post('/records/Loan__c', {
      records: [{ Name: 'Lovelace purchase' }],
    })) as { ids: string[] };
    loanId = seeded.ids[0]!;
  });
  afterEach(async () => {
    // A breaker read the gate started is a query that only a running worker answers: let the worker
    // answer the last ones before it stops, or they hang until their server is gone and then fail loudly.
    await new Promise((r) => setTimeout(r, 300));
    await breakers?.close();
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const start = async (options: CreditPullOptions = {}): Promise<WorkflowHandle<typeof creditPull>> =>
    await env.client.workflow.start<typeof creditPull>('creditPull', {
      taskQueue,
      workflowId: uniqueTaskQueue('credit-pull:test'),
      args: [creditPullRequest(loanId), options],
    });

  const pull = async (options: CreditPullOptions = {}): Promise<CreditPullResult> =>
    await (await start(options)).result();

  /** Hard inquiries per bureau, as the bureaus' own ledgers recorded them. */
  async function hardInquiries(): Promise<Record<BureauName, number>> {
    const entries = await sims.control.ledger({ kind: 'bureau.inquiry.hard' });
    return Object.fromEntries(
      BUREAU_NAMES.map((b) => [b, entries.filter((e) => e.system === b).length]),
    ) as Record<BureauName, number>;
  }

  const records = async (sobject: string) =>
    (await sims.control.system('salesforce').get(`/records/${sobject}`)) as SalesforceRecord[];

  /**
   * Lets `ms` of server time pass while workflows keep running, as awaiting a result does: time skipping is
   * unlocked and the server fast-forwards whenever no task is in flight. Not `env.sleep`: that only skips
   * when nothing holds the time lock at the instant it is called, and otherwise sleeps in real time, which
   * races with the activities of a workflow just started.
   */
  async function letServerTimePass(ms: number): Promise<void> {
    const testService = env.connection.testService!;
    const until = (await env.currentTimeMs()) + ms;
    await testService.unlockTimeSkipping({});
    try {
      while ((await env.currentTimeMs()) < until) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await testService.lockTimeSkipping({});
    }
  }

  /** The Salesforce writer batches for a couple of seconds: poll until the record shows what is expected. */
  async function eventually(sobject: string, match: (r: SalesforceRecord) => boolean) {
    for (let i = 0; i < 100; i++) {
      const found = (await records(sobject)).find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${sobject} record matched`);
  }

  it('when Experian is down, then Equifax gives the report and only Equifax made a hard inquiry', async () => {
    await sims.control.setFault('experian', { mode: 'down' });
    const result = await pull();
    expect(result.bureau).toBe('equifax');
    expect(await hardInquiries()).toEqual({ experian: 0, equifax: 1, transunion: 0 });
    const inquiries = await sims.control.system('equifax').get('/inquiries');
    expect(inquiries).toEqual([expect.objectContaining({ hard: 1, soft: 0 })]);
  });

  it('when the bureau order is configured, then the first bureau in that order is asked', async () => {
    const result = await pull({ bureauOrder: ['transunion', 'experian'] });
    expect(result.bureau).toBe('transunion');
    expect(await hardInquiries()).toEqual({ experian: 0, equifax: 0, transunion: 1 });
    expect(await sims.control.requests('equifax')).toHaveLength(0);
  });

  it("when Experian's breaker is open, then Experian is skipped without a single request", async () => {
    // Open it as the gates do (their batched failure reports are the circuit-breaker tests' business), with a
    // long cool-down so that no half-open probe reaches Experian during the test.
    const policy = { ...DEFAULT_BREAKER_POLICY, coolDownMs: 24 * 3_600_000, maxCoolDownMs: 24 * 3_600_000 };
    const input: CircuitBreakerInput = { integration: 'experian', policy };
    await env.client.workflow.signalWithStart('circuitBreaker', {
      workflowId: breakerWorkflowId('experian'),
      taskQueue,
      args: [input],
      signal: reportOutcomesSignal,
      signalArgs: [{ successes: 0, failures: policy.consecutiveFailures, lastFailure: 'test outage' }],
    });
    const breaker = env.client.workflow.getHandle(breakerWorkflowId('experian'));
    for (
      let i = 0;
      i < 200 && (await breaker.query(breakerStateQuery).catch(() => undefined))?.status !== 'open';
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    expect((await breaker.query(breakerStateQuery)).status).toBe('open');

    // Experian itself is healthy: only the open breaker can keep the pull away from it.
    const result = await pull();
    expect(await sims.control.requests('experian')).toHaveLength(0);
    expect(result.bureau).toBe('equifax');
    expect(await hardInquiries()).toEqual({ experian: 0, equifax: 1, transunion: 0 });
  });

  it("when Experian's Submit commits but its answer never arrives, then the retry finds that report and there is exactly one hard inquiry", async () => {
    await sims.control.setFault('experian', {
      mode: 'commit-then-hang',
      times: 1,
      match: { method: 'POST', pathPrefix: EXPERIAN_REPORTS_PATH },
    });
    const result = await pull();
    expect(result.bureau).toBe('experian');
    expect(await hardInquiries()).toEqual({ experian: 1, equifax: 0, transunion: 0 });
    const submits = (await sims.control.requests('experian')).filter(
      (r) => r.method === 'POST' && r.path === EXPERIAN_REPORTS_PATH,
    );
    expect(submits).toHaveLength(1);
    const [inquiry] = await sims.control.ledger({ kind: 'bureau.inquiry.hard' });
    expect(result.reportId).toBe(inquiry!.data.reportId);
  });

  it('when Salesforce cannot store the report, then the pull does not fail over but comes back to the same bureau, and one hard inquiry is made', async () => {
    await sims.control.setFault('salesforce', { mode: 'down' });
    const handle = await start();
    await letServerTimePass(5 * 60_000);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await hardInquiries()).toEqual({ experian: 1, equifax: 0, transunion: 0 });

    await sims.control.clearFault('salesforce');
    const result = await handle.result();
    expect(result.bureau).toBe('experian');
    expect(await hardInquiries()).toEqual({ experian: 1, equifax: 0, transunion: 0 });
    expect(await sims.control.ledger({ kind: 'bureau.report.reissued' })).toHaveLength(0);
    const stored = await records('Credit_Report__c');
    expect(stored.map((r) => r.Report_Id__c)).toEqual([result.reportId]);
  });

  it('when every bureau is down, then the request waits durably, says so in Salesforce, and completes once a bureau recovers', async () => {
    for (const bureau of BUREAU_NAMES) await sims.control.setFault(bureau, { mode: 'down' });
    const handle = await start();
    await letServerTimePass(20 * 60_000);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await eventually('Loan__c', (r) => r.Id === loanId && r.Credit_Pull_Status__c === 'Queued');
    expect(await hardInquiries()).toEqual({ experian: 0, equifax: 0, transunion: 0 });

    for (const bureau of BUREAU_NAMES) await sims.control.clearFault(bureau);
    const result = await handle.result();
    // Whichever bureau's breaker closes first gives the report; what matters is that exactly one pulled.
    const inquiries = await hardInquiries();
    expect(Object.values(inquiries).reduce((a, b) => a + b)).toBe(1);
    expect(inquiries[result.bureau]).toBe(1);
    const loan = await eventually(
      'Loan__c',
      (r) => r.Id === loanId && r.Credit_Pull_Status__c === 'Completed',
    );
    expect(loan).toMatchObject({ Credit_Bureau__c: result.bureau, Credit_Report_Id__c: result.reportId });
    expect(loan.Borrower_Credit_Score__c).toBe(result.scores[0]!.value);
  });

  it('when every bureau stays down past the deadline, then it fails as CreditBureausUnavailable and the loan shows Failed', async () => {
    for (const bureau of BUREAU_NAMES) await sims.control.setFault(bureau, { mode: 'down' });
    const failure = await pull({ deadlineMs: 2 * 3_600_000 }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe(CreditPullFailure.BureausUnavailable);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toContain('no bureau produced a report within 2 h');
    expect(cause.message).not.toContain(TEST_SSN);
    const loan = await eventually('Loan__c', (r) => r.Id === loanId && r.Credit_Pull_Status__c === 'Failed');
    expect(loan.Credit_Pull_Detail__c).toBe('no bureau produced a report within 2 h');
    expect(await hardInquiries()).toEqual({ experian: 0, equifax: 0, transunion: 0 });
  });

  it('when a report arrives, then the full report is in Salesforce, the pull is audited, and neither the SSN nor the tradelines are in the results in history', async () => {
    const handle = await start();
    const result = await handle.result();
    const reference = creditReferenceFor(handle.workflowId);
    expect(reference).toMatch(/^INF[0-9A-Z]{17}$/);

    const [stored] = (await records('Credit_Report__c')).filter((r) => r.Request_Reference__c === reference);
    expect(stored).toMatchObject({ Loan__c: loanId, Bureau__c: 'experian', Report_Id__c: result.reportId });
    expect(stored!.Id).toBe(result.reportRecordId);
    const report = JSON.parse(stored!.Report_JSON__c as string);
    expect(report.borrowers[0].tradelines.count).toBeGreaterThan(0);
    expect(report.borrowers[0].ssnLast4).toBe('6789');
    expect(stored!.Report_JSON__c).not.toContain(TEST_SSN);

    const audit = await eventually('Credit_Pull_Audit__c', (r) => r.Request_Reference__c === reference);
    expect(audit).toMatchObject({
      Audit_Key__c: `${reference}-experian`,
      Bureau__c: 'experian',
      Permissible_Purpose__c: 'credit-transaction',
      Requested_By__c: 'loan.officer@lender.example',
      Pull_Type__c: 'hard',
      Report_Id__c: result.reportId,
      Outcome__c: 'Report Received',
    });
    expect(JSON.stringify(audit)).not.toContain(TEST_SSN);

    // The workflow's *input* still carries the SSN until the payload codec exists; what must never be in
    // history is what came back: every activity result and the workflow's own result.
    const history = await handle.fetchHistory();
    const results = (history.events ?? []).flatMap((event) => [
      ...(event.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
      ...(event.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
    ]);
    expect(results.length).toBeGreaterThanOrEqual(2);
    const text = results.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
    expect(text).toContain(result.reportId);
    for (const secret of [TEST_SSN, '123-45-6789', '1985-12-10', 'tradelines', 'inquiries', 'Lovelace'])
      expect(text).not.toContain(secret);
  });
});
