import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createWorkers } from '../../src/worker';
import { activitiesAgainst } from '../helpers/activities';
import { eventually, startLoanSyncStage } from '../helpers/loan-sync-fixture';
import { startTestSimulators } from '../helpers/simulators';
import type { TestSimulators } from '../helpers/simulators';
import { createDevServerEnv, runWorkersUntil, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

async function freePort(): Promise<number> {
  return await new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('durability across a Temporal dev-server restart', () => {
  let sims: TestSimulators;
  beforeAll(async () => {
    sims = await startTestSimulators();
  });
  afterAll(async () => sims?.stop());

  it('when Salesforce edits arrive while no worker runs and the server restarts, then the edits still reach Encompass', async () => {
    const persistence = {
      dbFilename: path.join(mkdtempSync(path.join(os.tmpdir(), 'inflooens-db-')), 'temporal.sqlite'),
      port: await freePort(),
    };
    const taskQueue = uniqueTaskQueue('durable');

    let env: TestWorkflowEnvironment = await createDevServerEnv(persistence);
    let stage = await startLoanSyncStage(env, sims, taskQueue);
    const loanId = await stage.seedSalesforceLoan({ loanAmount: 300000, borrowerLastName: 'Okafor' });
    await stage.salesforceEdits([{ loanId, fields: { loanAmount: 315000, borrowerLastName: 'Okafor' } }]);
    await stage.stop();
    await env.teardown();

    env = await createDevServerEnv(persistence);
    stage = await startLoanSyncStage(env, sims, taskQueue);
    try {
      const workers = await createWorkers({
        connection: env.nativeConnection,
        namespace: 'default',
        taskQueue,
        workflowBundle: workflowBundle(),
        activities: activitiesAgainst(sims, { client: env.client, taskQueue }),
        encompassConcurrency: 4,
      });
      await runWorkersUntil(workers, async () => {
        const status = await eventually(async () => {
          const s = await stage.status(loanId);
          expect(s).toMatchObject({ phase: 'idle', encompassLoanId: expect.any(String) });
          return s;
        });
        expect(await stage.encompassLoan(status.encompassLoanId!)).toMatchObject({
          borrowerRequestedLoanAmount: 315000,
        });
      });
    } finally {
      await stage.stop();
      await env.teardown();
    }
  });
});
