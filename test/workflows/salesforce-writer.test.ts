import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../src/activities';
import { PROCESS } from '../../src/domain/processes';
import type { SalesforceWrite } from '../../src/domain/salesforce-writes';
import { salesforceWriterId, salesforceWriterQuery } from '../../src/workflows/salesforce-writer-messages';
import type { SalesforceWriterView } from '../../src/workflows/salesforce-writer-messages';
import { activitiesAgainst } from '../helpers/activities';
import { startTestSimulators } from '../helpers/simulators';
import type { TestSimulators } from '../helpers/simulators';
import { createTimeSkippingEnv, resetBreakers, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

const SOBJECT = 'Loan__c';
const EXTERNAL_ID = 'Encompass_Loan_Id__c';
const COLLECTION_UPSERT = /\/composite\/sobjects\/Loan__c\/Encompass_Loan_Id__c$/;

const loanWrite = (
  id: string,
  fields: Record<string, string | number> = {},
  priority: SalesforceWrite['priority'] = 'urgent',
): SalesforceWrite => ({
  sobject: SOBJECT,
  externalIdField: EXTERNAL_ID,
  record: { [EXTERNAL_ID]: id, ...fields },
  priority,
});
const loans = (from: number, count: number, priority: SalesforceWrite['priority'] = 'urgent') =>
  Array.from({ length: count }, (_, i) =>
    loanWrite(`EL-${from + i}`, { Loan_Amount__c: 100_000 + from + i }, priority),
  );

describe('salesforceWriter workflow', () => {
  let env: TestWorkflowEnvironment;
  let sims: TestSimulators;
  let activities: Activities;
  const taskQueue = uniqueTaskQueue('salesforce-writer');
  const writerId = salesforceWriterId(SOBJECT, EXTERNAL_ID);

  beforeAll(async () => {
    [env, sims] = await Promise.all([createTimeSkippingEnv(), startTestSimulators()]);
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), sims?.stop()]);
  });
  beforeEach(async () => {
    await Promise.all([
      sims.control.reset(),
      resetBreakers(env.client),
      env.client.workflow
        .getHandle(writerId)
        .terminate('test reset')
        .catch(() => undefined),
    ]);
    activities = activitiesAgainst(sims, { client: env.client, taskQueue, timeoutMs: 500 });
  });

  const runWorker = async (test: () => Promise<void>) => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities,
    });
    await worker.runUntil(test);
  };
  const salesforce = () => sims.control.system('salesforce');
  const records = async () => (await salesforce().get(`/records/${SOBJECT}`)) as Record<string, unknown>[];
  const collectionCalls = async () =>
    (await sims.control.requests('salesforce')).filter(
      (r) => r.method === 'PATCH' && COLLECTION_UPSERT.test(r.path),
    ).length;
  const view = async () => await env.client.workflow.getHandle(writerId).query(salesforceWriterQuery);
  /** Polls the writer's view (real time) until `done` holds. */
  async function eventually(
    done: (v: SalesforceWriterView) => boolean,
    what: string,
  ): Promise<SalesforceWriterView> {
    let last: SalesforceWriterView | undefined;
    for (let i = 0; i < 100; i++) {
      last = await view().catch(() => undefined);
      if (last && done(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the writer never showed ${what}: ${JSON.stringify(last)}`);
  }

  it('when 450 loans are queued by several signals, then they leave in exactly 3 collection calls and all land', async () => {
    for (let i = 0; i < 5; i++) await activities.queueSalesforceWrites(loans(i * 90, 90));
    await runWorker(async () => {
      await eventually((v) => v.flushes === 2, 'two full batches');
      await env.sleep('3 seconds');
      const final = await eventually((v) => v.recordsWritten === 450, '450 records written');
      expect(final).toMatchObject({ flushes: 3, pending: { urgent: 0, deferrable: 0 }, recordsFailed: 0 });
    });
    expect(await collectionCalls()).toBe(3);
    const written = await records();
    expect(written).toHaveLength(450);
    expect(new Set(written.map((r) => r[EXTERNAL_ID])).size).toBe(450);
    const description = await env.client.workflow.getHandle(writerId).describe();
    expect(description.searchAttributes.Process).toEqual(['salesforce-writer']);
  });

  it('when two writes name the same loan, then one record goes out with both, the later field winning', async () => {
    await runWorker(async () => {
      await activities.queueSalesforceWrites([
        loanWrite('EL-7', { Status__c: 'Open', Loan_Amount__c: 250_000 }),
      ]);
      await activities.queueSalesforceWrites([loanWrite('EL-7', { Status__c: 'Approved' })]);
      await env.sleep('3 seconds');
      await eventually((v) => v.flushes === 1, 'one flush');
    });
    expect(await collectionCalls()).toBe(1);
    expect(await records()).toEqual([
      expect.objectContaining({ [EXTERNAL_ID]: 'EL-7', Status__c: 'Approved', Loan_Amount__c: 250_000 }),
    ]);
  });

  it('when usage is above the threshold, then urgent writes go out, deferrable ones wait for the new day', async () => {
    await salesforce().post('/api-usage', { max: 1_000, used: 900 });
    await runWorker(async () => {
      await activities.queueSalesforceWrites([...loans(0, 3, 'urgent'), ...loans(100, 5, 'deferrable')]);
      await env.sleep('3 seconds');
      const held = await eventually((v) => v.recordsWritten === 3, 'the urgent records written');
      expect(held).toMatchObject({ hold: 'api-usage', deferred: 5, pending: { urgent: 0, deferrable: 5 } });
      expect(held.lastApiUsage).toMatchObject({ max: 1_000 });
      expect((await records()).map((r) => r[EXTERNAL_ID]).sort()).toEqual(['EL-0', 'EL-1', 'EL-2']);

      await env.sleep('16 minutes');
      expect((await view()).deferred).toBe(5); // still above the threshold: held for another period

      await salesforce().post('/api-usage/reset');
      await env.sleep('16 minutes');
      const released = await eventually((v) => v.recordsWritten === 8, 'the deferrable records written');
      expect(released).toMatchObject({ hold: 'none', deferred: 0, flushes: 2 });
    });
    expect(await records()).toHaveLength(8);
    expect(await collectionCalls()).toBe(2);
  });

  it('when Salesforce answers REQUEST_LIMIT_EXCEEDED, then the batch waits and lands once the budget is back', async () => {
    await salesforce().post('/api-usage', { max: 1_000, used: 1_000 });
    await runWorker(async () => {
      await activities.queueSalesforceWrites(loans(0, 10));
      await env.sleep('3 seconds');
      await eventually(
        (v) => v.hold === 'quota-exhausted' && v.pending.urgent === 10 && v.inFlight === 0,
        'the batch held for the budget',
      );
      await env.sleep('16 minutes');
      expect(await view()).toMatchObject({ hold: 'quota-exhausted', recordsWritten: 0 });
      expect(await records()).toHaveLength(0);

      await salesforce().post('/api-usage/reset');
      await env.sleep('16 minutes');
      const landed = await eventually((v) => v.recordsWritten === 10, 'the batch written');
      expect(landed).toMatchObject({ hold: 'none', recordsFailed: 0, pending: { urgent: 0 } });
    });
    expect(await records()).toHaveLength(10);
  });

  it('when its history passes the limit, then it continues as new carrying pending writes and counts', async () => {
    const first = await env.client.workflow.start('salesforceWriter', {
      taskQueue,
      workflowId: writerId,
      args: [{ sobject: SOBJECT, externalIdField: EXTERNAL_ID, settings: { historyLimit: 20 } }],
      typedSearchAttributes: [{ key: PROCESS, value: 'salesforce-writer' }],
    });
    await runWorker(async () => {
      for (let i = 0; i < 12; i++) await activities.queueSalesforceWrites(loans(i, 1));
      await env.sleep('3 seconds');
      await eventually((v) => v.recordsWritten === 12, '12 records written');
      await env.sleep('3 seconds');
      expect(await view()).toMatchObject({ recordsWritten: 12, pending: { urgent: 0, deferrable: 0 } });
    });
    const description = await env.client.workflow.getHandle(writerId).describe();
    expect(description.runId).not.toBe(first.firstExecutionRunId);
    expect(description.searchAttributes.Process).toEqual(['salesforce-writer']);
    expect(await records()).toHaveLength(12);
  });

  it('when one record breaks a validation rule, then it shows in the query without its data and the others land', async () => {
    await salesforce().post('/validation-rules', {
      sobject: SOBJECT,
      field: 'Status__c',
      rejectValue: 'Funded',
      message: 'A loan cannot be funded before closing.',
    });
    await runWorker(async () => {
      await activities.queueSalesforceWrites([
        loanWrite('EL-1', { Status__c: 'Open' }),
        loanWrite('EL-2', { Status__c: 'Funded', Borrower_Name__c: 'Maria Lopez' }),
        loanWrite('EL-3', { Status__c: 'Open' }),
      ]);
      await env.sleep('3 seconds');
      const done = await eventually((v) => v.flushes === 1, 'one flush');
      expect(done).toMatchObject({ recordsWritten: 2, recordsFailed: 1, pending: { urgent: 0 } });
      expect(done.recentFailures).toEqual([
        {
          externalId: 'EL-2',
          statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          message: 'A loan cannot be funded before closing.',
          fields: ['Status__c'],
          at: expect.any(String),
        },
      ]);
      expect(JSON.stringify(done)).not.toContain('Maria');
    });
    expect((await records()).map((r) => r[EXTERNAL_ID]).sort()).toEqual(['EL-1', 'EL-3']);
    expect(await collectionCalls()).toBe(1);
  });
});
