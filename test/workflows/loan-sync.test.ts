import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createWorkers } from '../../src/worker';
import { workflowIdFor } from '../../src/domain/processes';
import { activitiesAgainst } from '../helpers/activities';
import { eventually, startLoanSyncStage } from '../helpers/loan-sync-fixture';
import { startTestSimulators } from '../helpers/simulators';
import type { TestSimulators } from '../helpers/simulators';
import {
  createTimeSkippingEnv,
  resetBreakers,
  runWorkersUntil,
  uniqueTaskQueue,
  workflowBundle,
} from '../helpers/temporal';

const loan = {
  loanAmount: 400000,
  interestRatePercent: 6.5,
  loanPurpose: 'Purchase',
  borrowerFirstName: 'Dana',
  borrowerLastName: 'Reyes',
  borrowerEmail: 'dana@example.com',
  propertyCity: 'Austin',
  propertyState: 'TX',
};

describe('loanSync workflow', () => {
  let env: TestWorkflowEnvironment;
  let sims: TestSimulators;
  let stage: Awaited<ReturnType<typeof startLoanSyncStage>>;
  const taskQueue = uniqueTaskQueue('loan-sync');

  beforeAll(async () => {
    [env, sims] = await Promise.all([createTimeSkippingEnv(), startTestSimulators()]);
    stage = await startLoanSyncStage(env, sims, taskQueue);
  });
  afterAll(async () => {
    await stage?.stop();
    await Promise.all([env?.teardown(), sims?.stop()]);
  });
  beforeEach(async () => {
    await Promise.all([sims.control.reset(), resetBreakers(env.client)]);
    await stage.subscribeWebhooks();
  });

  const workers = async (encompassConcurrency = 8): Promise<Worker[]> =>
    await createWorkers({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: activitiesAgainst(sims, { client: env.client, taskQueue, timeoutMs: 2_000 }),
      encompassConcurrency,
      // Long-lived workflows (loan syncs, the Salesforce writer) outlive each test's workers, and the Java
      // test server never falls back from a stopped worker's sticky queue (a real cluster does after 5 s).
      maxCachedWorkflows: 0,
    });
  const ledger = (kind: string, key?: string) => sims.control.ledger({ kind, ...(key ? { key } : {}) });

  /** A Salesforce loan that has synced once: its Encompass twin exists and both sides agree. */
  async function syncedLoan(fields = loan): Promise<{ loanId: string; encompassLoanId: string }> {
    const loanId = await stage.seedSalesforceLoan(fields);
    await stage.salesforceEdits([{ loanId, fields }]);
    const status = await eventually(async () => {
      const s = await stage.status(loanId);
      expect(s).toMatchObject({ phase: 'idle', encompassLoanId: expect.any(String) });
      return s;
    });
    return { loanId, encompassLoanId: status.encompassLoanId! };
  }

  it('when a loan officer edits a new loan in Salesforce, then one Encompass loan is created and the link and status come back', async () => {
    await runWorkersUntil(await workers(), async () => {
      const { loanId, encompassLoanId } = await syncedLoan();
      expect(await ledger('encompass.loan.created')).toHaveLength(1);
      expect(await stage.encompassLoan(encompassLoanId)).toMatchObject({
        borrowerRequestedLoanAmount: 400000,
        property: { city: 'Austin' },
      });
      await eventually(async () =>
        expect(await stage.salesforceLoan(loanId)).toMatchObject({
          Encompass_Loan_Id__c: encompassLoanId,
          Sync_Status__c: 'synced',
        }),
      );
    });
  });

  it('when Encompass echoes our own write back by webhook, then nothing is written back to either side', async () => {
    await runWorkersUntil(await workers(), async () => {
      const { loanId, encompassLoanId } = await syncedLoan();
      // The create's webhook brings what Encompass itself assigned (loan number, milestone) to Salesforce once.
      await eventually(async () => expect((await stage.status(loanId)).writesToSalesforce).toBe(1));
      await eventually(async () =>
        expect(await stage.salesforceLoan(loanId)).toMatchObject({ Loan_Number__c: expect.any(String) }),
      );

      await stage.salesforceEdits([{ loanId, fields: { ...loan, loanAmount: 410000 } }]);
      await eventually(async () => expect((await stage.status(loanId)).pushesToEncompass).toBe(2));
      await eventually(async () => {
        const deliveries = (await sims.control.system('encompass').get('/deliveries')) as {
          loanId: string;
          acknowledged: boolean;
        }[];
        expect(deliveries.filter((d) => d.loanId === encompassLoanId && d.acknowledged)).toHaveLength(2);
      });
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await stage.status(loanId)).toMatchObject({
        phase: 'idle',
        pushesToEncompass: 2,
        writesToSalesforce: 1,
      });
      expect(await ledger('encompass.loan.updated')).toHaveLength(1);
    });
  });

  it('when a processor edits a field in Encompass, then Salesforce receives it', async () => {
    await runWorkersUntil(await workers(), async () => {
      const { loanId, encompassLoanId } = await syncedLoan();
      await stage.processorEdit(encompassLoanId, {
        milestoneCurrentName: 'Processing',
        requestedInterestRatePercent: 6.25,
      });
      await eventually(async () =>
        expect(await stage.salesforceLoan(loanId)).toMatchObject({
          Milestone__c: 'Processing',
          Interest_Rate__c: 6.25,
        }),
      );
    });
  });

  it('when both sides change the same field, then the later edit wins on both sides and the resolution is recorded', async () => {
    await runWorkersUntil(await workers(), async () => {
      const { loanId, encompassLoanId } = await syncedLoan();
      // The loan officer saves first; the processor saves a moment later; Salesforce's callout arrives last.
      const earlier = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      await stage.processorEdit(encompassLoanId, { requestedInterestRatePercent: 6.875 });
      await stage.salesforceEdits([{ loanId, fields: { interestRatePercent: 6.125 }, modifiedAt: earlier }]);
      await eventually(async () => {
        expect(await stage.salesforceLoan(loanId)).toMatchObject({ Interest_Rate__c: 6.875 });
        expect((await stage.status(loanId)).resolutions).toEqual([
          expect.objectContaining({
            field: 'interestRatePercent',
            winner: 'encompass',
            salesforceValue: 6.125,
            encompassValue: 6.875,
          }),
        ]);
      });
      expect(await stage.encompassLoan(encompassLoanId)).toMatchObject({
        requestedInterestRatePercent: 6.875,
      });
      await eventually(async () => {
        const records = (await sims.control
          .system('salesforce')
          .get('/records/Loan_Sync_Resolution__c')) as Record<string, unknown>[];
        expect(records).toEqual([
          expect.objectContaining({
            Loan__c: loanId,
            Field__c: 'interestRatePercent',
            Winner__c: 'encompass',
          }),
        ]);
      });
    });
  });

  it('when Encompass is down for two hours while 50 edits arrive, then each loan is pushed once after recovery with its last values', async () => {
    await runWorkersUntil(await workers(), async () => {
      const loans = await Promise.all(Array.from({ length: 10 }, () => syncedLoan()));
      await sims.control.setFault('encompass', { mode: 'down' });
      const updatesBefore = (await ledger('encompass.loan.updated')).length;
      for (let round = 1; round <= 5; round++) {
        await stage.salesforceEdits(
          loans.map((l, i) => ({ loanId: l.loanId, fields: { loanAmount: 500000 + i * 1000 + round } })),
        );
        await env.sleep('20 minutes');
      }
      await env.sleep('20 minutes');
      for (const l of loans) expect((await stage.status(l.loanId)).phase).toBe('waiting-for-encompass');
      expect((await ledger('encompass.loan.updated')).length).toBe(updatesBefore);

      await sims.control.clearFault('encompass');
      await env.sleep('15 minutes');
      await eventually(async () => {
        for (const [i, l] of loans.entries()) {
          expect(await stage.encompassLoan(l.encompassLoanId)).toMatchObject({
            borrowerRequestedLoanAmount: 500000 + i * 1000 + 5,
          });
          expect((await stage.status(l.loanId)).phase).toBe('idle');
        }
      });
      const updates = (await ledger('encompass.loan.updated')).slice(updatesBefore);
      expect(updates.map((u) => u.key).sort()).toEqual(loans.map((l) => l.encompassLoanId).sort());
      await eventually(async () => {
        for (const [i, l] of loans.entries()) {
          expect(await stage.salesforceLoan(l.loanId)).toMatchObject({
            Loan_Amount__c: 500000 + i * 1000 + 5,
            Sync_Status__c: 'synced',
          });
        }
      });
    });
  });

  it('when the create times out after Encompass saved the loan, then the retry finds it and no second loan is made', async () => {
    await sims.control.setFault('encompass', {
      mode: 'commit-then-hang',
      times: 1,
      match: { method: 'POST', pathPrefix: '/encompass/v3/loans' },
    });
    await runWorkersUntil(await workers(), async () => {
      const { loanId, encompassLoanId } = await syncedLoan();
      expect(await ledger('encompass.loan.created')).toHaveLength(1);
      expect((await ledger('encompass.loan.created'))[0]!.key).toBe(encompassLoanId);
      expect((await stage.status(loanId)).pushesToEncompass).toBe(1);
    });
  });

  it('when the worker dies in the middle of a push, then a new worker finishes it and the loan ends in the edited state', async () => {
    const firstWorkers = await workers();
    const { loanId, encompassLoanId } = await runWorkersUntil(firstWorkers, async () => {
      const synced = await syncedLoan();
      await sims.control.setFault('encompass', {
        mode: 'latency',
        ms: 3_000,
        times: 1,
        match: { method: 'PATCH' },
      });
      await stage.salesforceEdits([{ loanId: synced.loanId, fields: { loanAmount: 777000 } }]);
      await eventually(async () =>
        expect((await sims.control.requests('encompass')).some((r) => r.method === 'PATCH')).toBe(true),
      );
      return synced;
    });
    await runWorkersUntil(await workers(), async () => {
      await env.sleep('2 minutes');
      await eventually(async () => {
        expect(await stage.encompassLoan(encompassLoanId)).toMatchObject({
          borrowerRequestedLoanAmount: 777000,
        });
        expect((await stage.status(loanId)).phase).toBe('idle');
      });
    });
  });

  it('when Encompass redelivers a webhook, then the event is taken once', async () => {
    await runWorkersUntil(await workers(), async () => {
      const { loanId, encompassLoanId } = await syncedLoan();
      const eventId = stage.newEventId();
      expect((await stage.postWebhook(eventId, encompassLoanId)).status).toBe(200);
      expect((await stage.postWebhook(eventId, encompassLoanId)).status).toBe(200);
      const intake = await env.client.workflow.getHandle(`encompass-event:${eventId}`).describe();
      expect(intake.status.name).not.toBe('FAILED');
      await env.client.workflow.getHandle(`encompass-event:${eventId}`).result();
      await new Promise((r) => setTimeout(r, 500));
      const history = await env.client.workflow.getHandle(workflowIdFor('loan-sync', loanId)).fetchHistory();
      const signals = history.events!.filter((e) => {
        const attributes = e.workflowExecutionSignaledEventAttributes;
        const payload = attributes?.input?.payloads?.[0]?.data;
        return (
          attributes?.signalName === 'encompassLoanChanged' &&
          Buffer.from(payload ?? [])
            .toString()
            .includes(eventId)
        );
      });
      expect(signals).toHaveLength(1);
    });
  });

  it('when many loans sync at once, then the Encompass concurrency cap is never exceeded', async () => {
    await sims.control.system('encompass').post('/config', { concurrencyLimit: 4, latencyMs: 100 });
    await runWorkersUntil(await workers(3), async () => {
      await Promise.all(Array.from({ length: 12 }, () => syncedLoan()));
      const stats = (await sims.control.system('encompass').get('/stats')) as {
        concurrency: { maxObserved: number; rejected: number };
      };
      expect(stats.concurrency.maxObserved).toBeLessThanOrEqual(3);
      expect(stats.concurrency.rejected).toBe(0);
    });
  });
});
