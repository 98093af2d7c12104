import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

describe('time-skipping test server', () => {
  it('when the environment is created and torn down several times in a row, then each start succeeds', async () => {
    const startMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const began = performance.now();
      const env = await createTimeSkippingEnv();
      startMs.push(performance.now() - began);
      expect(env.supportsTimeSkipping).toBe(true);
      await env.teardown();
    }
    console.log(`time-skipping server start-up (ms): ${startMs.map((ms) => ms.toFixed(0)).join(', ')}`);
  });

  it('when a workflow sleeps 30 days, then it completes in seconds of wall time', async () => {
    const env = await createTimeSkippingEnv();
    try {
      const taskQueue = uniqueTaskQueue('timer');
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: workflowBundle(),
      });
      const began = performance.now();
      const days = await worker.runUntil(
        env.client.workflow.execute('durableTimerProbe', {
          taskQueue,
          workflowId: `timer-${taskQueue}`,
          args: [30],
        }),
      );
      const wallSeconds = (performance.now() - began) / 1000;
      expect(days).toBeGreaterThanOrEqual(30);
      expect(wallSeconds).toBeLessThan(20);
    } finally {
      await env.teardown();
    }
  });
});
