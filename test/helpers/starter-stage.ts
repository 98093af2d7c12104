import { Worker } from '@temporalio/worker';
import { createApp } from '../../src/starter';
import { activitiesAgainst } from './activities';
import { startTestSimulators } from './simulators';
import { createDevServerEnv, uniqueTaskQueue, workflowBundle } from './temporal';

export const STARTER_TEST_TOKEN = 'test-api-token-0123456789abcdef';

/** What Salesforce talks to, on a dev server: the starter app, one worker with the production activities, the simulators. */
export async function startStarterStage(name: string) {
  const taskQueue = uniqueTaskQueue(name);
  const [env, sims] = await Promise.all([createDevServerEnv(), startTestSimulators()]);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: activitiesAgainst(sims, { client: env.client, taskQueue }),
  });
  const running = worker.run();
  const app = createApp({
    client: env.client,
    taskQueue,
    apiToken: STARTER_TEST_TOKEN,
    fingerprintKey: 'fingerprint-key-for-tests',
    encompassSigningKey: 'unused-in-this-test',
  });
  return {
    env,
    sims,
    app,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await Promise.all([env.teardown(), sims.stop()]);
    },
  };
}

export type StarterStage = Awaited<ReturnType<typeof startStarterStage>>;
