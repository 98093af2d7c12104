import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { INFLOOENS_REFERENCE_FIELD } from '../../src/clients/encompass-loan';
import {
  ENCOMPASS_ID_FIELD,
  fromEncompassLoan,
  LOAN_SOBJECT,
  toSalesforceFields,
} from '../../src/domain/loan-field-map';
import { createWorkers } from '../../src/worker';
import type { loanReconciliation, LoanReconciliationInput } from '../../src/workflows/loan-reconciliation';
import { activitiesAgainst } from '../helpers/activities';
import { eventually } from '../helpers/loan-sync-fixture';
import { startTestSimulators } from '../helpers/simulators';
import type { TestSimulators } from '../helpers/simulators';
import {
  createTimeSkippingEnv,
  resetBreakers,
  runWorkersUntil,
  uniqueTaskQueue,
  workflowBundle,
} from '../helpers/temporal';

const LINKED = 30;
const ENCOMPASS_CONCURRENCY = 3;

/** The i-th loan as Encompass holds it (every mapped field set, so both sides can agree on all of them). */
function encompassLoanOf(i: number) {
  return {
    loanNumber: `2607${String(i).padStart(6, '0')}`,
    borrowerRequestedLoanAmount: 300_000 + i * 1_000,
    requestedInterestRatePercent: 6.5,
    estimatedClosingDate: '2026-09-30',
    applications: [
      {
        borrower: {
          firstName: `Dana${i}`,
          lastName: 'Reyes',
          emailAddressText: `dana${i}@example.com`,
          mobilePhone: '+14155550123',
        },
      },
    ],
    property: {
      streetAddress: `${i} Main St`,
      city: 'Austin',
      state: 'TX',
      postalCode: '78701',
      loanPurposeType: 'Purchase' as const,
    },
    milestoneCurrentName: 'Processing',
    rateLock: { rateStatus: 'NotLocked' },
  };
}

describe('loanReconciliation workflow', () => {
  let env: TestWorkflowEnvironment;
  let sims: TestSimulators;
  const taskQueue = uniqueTaskQueue('loan-reconciliation');

  beforeAll(async () => {
    [env, sims] = await Promise.all([createTimeSkippingEnv(), startTestSimulators()]);
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), sims?.stop()]);
  });
  beforeEach(async () => {
    await Promise.all([sims.control.reset(), resetBreakers(env.client)]);
  });

  const salesforce = () => sims.control.system('salesforce');
  const encompass = () => sims.control.system('encompass');
  const workers = async (): Promise<Worker[]> =>
    await createWorkers({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: activitiesAgainst(sims, { client: env.client, taskQueue, timeoutMs: 2_000 }),
      encompassConcurrency: ENCOMPASS_CONCURRENCY,
      // Loan syncs outlive each test's workers; see test/workflows/loan-sync.test.ts.
      maxCachedWorkflows: 0,
    });
  const reconcile = async (input: LoanReconciliationInput) =>
    // By name: importing the workflow module outside a workflow would run its proxies.
    await env.client.workflow.execute<typeof loanReconciliation>('loanReconciliation', {
      taskQueue,
      workflowId: `loan-reconciliation-${randomUUID()}`,
      args: [input],
    });
  const salesforceLoans = async () =>
    (await salesforce().get(`/records/${LOAN_SOBJECT}`)) as Record<string, unknown>[];
  const pageQueries = async () =>
    (await sims.control.requests('salesforce')).filter(
      (r) => r.method === 'GET' && r.path.endsWith('/query'),
    );

  /**
   * Loans that once synced: each Salesforce loan links its Encompass twin (which carries our reference) and
   * both hold the same values. No loan sync workflow exists for any of them.
   */
  async function seedLinkedLoans(count: number): Promise<{ loanId: string; encompassLoanId: string }[]> {
    const twins = Array.from({ length: count }, (_, i) => ({ guid: randomUUID(), loan: encompassLoanOf(i) }));
    const { ids } = (await salesforce().post(`/records/${LOAN_SOBJECT}`, {
      records: twins.map((t) => ({
        ...toSalesforceFields(fromEncompassLoan(t.loan)),
        [ENCOMPASS_ID_FIELD]: t.guid,
      })),
    })) as { ids: string[] };
    for (const [i, t] of twins.entries()) {
      await encompass().post('/loans', {
        id: t.guid,
        ...t.loan,
        customFields: [{ fieldName: INFLOOENS_REFERENCE_FIELD, stringValue: ids[i] }],
      });
    }
    return twins.map((t, i) => ({ loanId: ids[i]!, encompassLoanId: t.guid }));
  }

  it('when some linked loans drifted, then it compares every one with a few page queries and the loan syncs repair the drifted ones', async () => {
    await encompass().post('/config', { concurrencyLimit: 10 });
    const loans = await seedLinkedLoans(LINKED);
    // Not linked (never synced) and linked to a loan Encompass does not have: neither is compared.
    await salesforce().post(`/records/${LOAN_SOBJECT}`, {
      records: [
        { Loan_Amount__c: 1 },
        { Loan_Amount__c: 2 },
        { Loan_Amount__c: 3, [ENCOMPASS_ID_FIELD]: randomUUID() },
      ],
    });
    await new Promise((r) => setTimeout(r, 20)); // the edits below are strictly later than the seeds
    // Five loan officers' edits whose callouts were lost: Salesforce is newer on a last-writer-wins field.
    const edited = loans.slice(0, 5);
    for (const [i, l] of edited.entries())
      await salesforce().post(`/records/${LOAN_SOBJECT}/${l.loanId}/edit`, {
        fields: { Loan_Amount__c: 900_000 + i },
      });
    // A milestone moved in Encompass whose webhook never came: an Encompass-owned field.
    const moved = loans[5]!;
    await encompass().post(`/loans/${moved.encompassLoanId}/edit`, {
      changes: { milestoneCurrentName: 'Underwriting' },
    });

    const updatesBefore = (await sims.control.ledger({ kind: 'encompass.loan.updated' })).length;

    await runWorkersUntil(await workers(), async () => {
      const summary = await reconcile({ pageSize: 10, pagesPerRun: 2, encompassBatchSize: 4 });
      expect(summary).toEqual({
        loansCompared: LINKED,
        loansDrifted: 6,
        repairsRequested: 6,
        encompassLoansMissing: 1,
        driftByField: { loanAmount: 5, milestone: 1 },
        // 31 linked loans in pages of 10: 10, 10 (continue-as-new), 10, 1.
        pages: 4,
        salesforceApiCalls: 4,
        runs: 2,
      });
      expect(await pageQueries()).toHaveLength(summary.salesforceApiCalls);

      await eventually(async () => {
        for (const [i, l] of edited.entries())
          expect(await encompass().get(`/loans/${l.encompassLoanId}`)).toMatchObject({
            borrowerRequestedLoanAmount: 900_000 + i,
          });
        const moved_ = (await salesforceLoans()).find((r) => r.Id === moved.loanId);
        expect(moved_).toMatchObject({ Milestone__c: 'Underwriting', Sync_Status__c: 'synced' });
      });
      // Salesforce won on the five edited loans, so only their Encompass twins were written, once each.
      const updates = (await sims.control.ledger({ kind: 'encompass.loan.updated' })).slice(updatesBefore);
      expect(updates.map((u) => u.key).sort()).toEqual(edited.map((l) => l.encompassLoanId).sort());

      // Both sides now agree: a second pass finds nothing to repair.
      const again = await reconcile({ pageSize: 200 });
      expect(again).toMatchObject({
        loansCompared: LINKED,
        loansDrifted: 0,
        pages: 1,
        salesforceApiCalls: 1,
      });
    });
    const stats = (await encompass().get('/stats')) as { concurrency: { maxObserved: number } };
    expect(stats.concurrency.maxObserved).toBeLessThanOrEqual(ENCOMPASS_CONCURRENCY);
  });

  it('when a loan sync already knows a loan, then the reconciled views merge against what it synced', async () => {
    const [loan] = await seedLinkedLoans(1);
    await runWorkersUntil(await workers(), async () => {
      // A first pass with drift starts the loan's sync; a second drift is then repaired by that same workflow.
      await salesforce().post(`/records/${LOAN_SOBJECT}/${loan!.loanId}/edit`, {
        fields: { Interest_Rate__c: 6.25 },
      });
      expect(await reconcile({})).toMatchObject({ loansDrifted: 1 });
      await eventually(async () =>
        expect(await encompass().get(`/loans/${loan!.encompassLoanId}`)).toMatchObject({
          requestedInterestRatePercent: 6.25,
        }),
      );
      await encompass().post(`/loans/${loan!.encompassLoanId}/edit`, {
        changes: { rateLock: { rateStatus: 'Locked' } },
      });
      expect(await reconcile({})).toMatchObject({ loansDrifted: 1, driftByField: { rateLockStatus: 1 } });
      await eventually(async () =>
        expect((await salesforceLoans()).find((r) => r.Id === loan!.loanId)).toMatchObject({
          Rate_Lock_Status__c: 'Locked',
          Interest_Rate__c: 6.25,
        }),
      );
      expect(await reconcile({})).toMatchObject({ loansCompared: 1, loansDrifted: 0 });
    });
  });

  it('when the options are out of range, then the run fails at once as invalid input', async () => {
    await runWorkersUntil(await workers(), async () => {
      await expect(reconcile({ pageSize: 5_000 })).rejects.toMatchObject({
        cause: { type: 'InvalidInput' },
      });
    });
  });
});
