import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureReconciliationSchedule, RECONCILIATION_SCHEDULE_ID } from '../../src/schedules';
import { createDevServerEnv, uniqueTaskQueue } from '../helpers/temporal';

// The Java time-skipping server does not implement schedules, so this runs on the dev server.
describe('the nightly reconciliation schedule on the dev server', () => {
  let env: TestWorkflowEnvironment;
  const taskQueue = uniqueTaskQueue('reconciliation-schedule');
  const chicago = { cron: '0 2 * * *', timezone: 'America/Chicago' };

  beforeAll(async () => {
    env = await createDevServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  const handle = () => env.client.schedule.getHandle(RECONCILIATION_SCHEDULE_ID);
  const scheduleIds = async () => {
    const ids: string[] = [];
    for await (const s of env.client.schedule.list()) ids.push(s.scheduleId);
    return ids;
  };

  it('when the worker starts, then the schedule runs loanReconciliation at 2 AM in the configured zone, skipping overlaps', async () => {
    expect(await ensureReconciliationSchedule(env.client, taskQueue, chicago)).toBe('created');
    const schedule = await handle().describe();
    expect(schedule.spec.timezone).toBe('America/Chicago');
    expect(schedule.spec.calendars).toEqual([
      expect.objectContaining({
        hour: [{ start: 2, end: 2, step: 1 }],
        minute: [{ start: 0, end: 0, step: 1 }],
      }),
    ]);
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'loanReconciliation',
      taskQueue,
    });
    expect(schedule.policies.overlap).toBe('SKIP');
    // The next run is at 2 AM Chicago time, whatever the server's zone.
    const next = schedule.info.nextActionTimes[0]!;
    const hourInChicago = Number(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/Chicago',
        hour: 'numeric',
        hourCycle: 'h23',
      }).format(next),
    );
    expect(hourInChicago).toBe(2);
  });

  it('when every worker restarts with the same configuration, then the schedule is left as it is, pause included', async () => {
    await handle().pause('operator: month-end freeze');
    expect(await ensureReconciliationSchedule(env.client, taskQueue, chicago)).toBe('unchanged');
    expect(await ensureReconciliationSchedule(env.client, taskQueue, chicago)).toBe('unchanged');
    expect((await scheduleIds()).filter((id) => id === RECONCILIATION_SCHEDULE_ID)).toHaveLength(1);
    expect((await handle().describe()).state.paused).toBe(true);
    await handle().unpause();
  });

  it('when the configured hour changes, then the schedule is updated in place', async () => {
    const later = { cron: '30 3 * * *', timezone: 'America/New_York' };
    expect(await ensureReconciliationSchedule(env.client, taskQueue, later)).toBe('updated');
    const schedule = await handle().describe();
    expect(schedule.spec.timezone).toBe('America/New_York');
    expect(schedule.spec.calendars).toEqual([
      expect.objectContaining({
        hour: [{ start: 3, end: 3, step: 1 }],
        minute: [{ start: 30, end: 30, step: 1 }],
      }),
    ]);
    expect(schedule.policies.overlap).toBe('SKIP');
    expect(await ensureReconciliationSchedule(env.client, taskQueue, later)).toBe('unchanged');
  });

  it('when the schedule fires, then it starts a loanReconciliation run on the task queue', async () => {
    await handle().trigger();
    const run = await waitFor(async () => (await handle().describe()).info.recentActions[0]?.action);
    const started = await env.client.workflow.getHandle(run.workflow.workflowId).describe();
    expect(started).toMatchObject({ type: 'loanReconciliation', taskQueue });
    expect(run.workflow.workflowId).toMatch(/^loan-reconciliation-/);
    await env.client.workflow.getHandle(run.workflow.workflowId).terminate('no worker in this test');
  });
});

async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
