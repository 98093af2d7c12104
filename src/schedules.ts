import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type {
  Client,
  ScheduleOptions,
  ScheduleOptionsStartWorkflowAction,
  ScheduleUpdateOptions,
} from '@temporalio/client';
import { PROCESS } from './domain/processes';
import type { loanReconciliation } from './workflows/loan-reconciliation';

export const RECONCILIATION_SCHEDULE_ID = 'loan-reconciliation-nightly';
/** Runs are named `loan-reconciliation-<scheduled time>` (the server appends the time). */
const RECONCILIATION_WORKFLOW_ID = 'loan-reconciliation';
/** The action's memo key holding the config it was made from: how a restart tells "unchanged". */
const CONFIG_MEMO_KEY = 'scheduleConfig';

export interface ReconciliationScheduleConfig {
  /** Five-field cron, e.g. `0 2 * * *`. */
  cron: string;
  /** IANA time zone the cron is read in, e.g. `America/Chicago`. */
  timezone: string;
}

export type ScheduleOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Makes sure the nightly reconciliation is scheduled as configured. Every worker calls this at start-up,
 * so it is idempotent: it creates the schedule, or updates it when the configuration changed, or leaves it
 * (and any pause an operator set) alone. Overlap SKIP: a run still going at the next night's hour is not
 * doubled. A run missed by more than the catch-up window (cluster down) waits for the next night rather
 * than starting during business hours.
 */
export async function ensureReconciliationSchedule(
  client: Client,
  taskQueue: string,
  config: ReconciliationScheduleConfig,
): Promise<ScheduleOutcome> {
  const fingerprint = JSON.stringify({ ...config, taskQueue });
  const action: ScheduleOptionsStartWorkflowAction<typeof loanReconciliation> = {
    type: 'startWorkflow',
    workflowType: 'loanReconciliation',
    workflowId: RECONCILIATION_WORKFLOW_ID,
    taskQueue,
    args: [{}],
    memo: { [CONFIG_MEMO_KEY]: fingerprint },
    typedSearchAttributes: [{ key: PROCESS, value: 'loan-reconciliation' }],
  };
  const desired: Omit<ScheduleOptions, 'scheduleId'> = {
    spec: { cronExpressions: [config.cron], timezone: config.timezone },
    action,
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '2 hours' },
  };
  try {
    await client.schedule.create({ scheduleId: RECONCILIATION_SCHEDULE_ID, ...desired });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(RECONCILIATION_SCHEDULE_ID);
  const current = await handle.describe();
  if (current.action.memo?.[CONFIG_MEMO_KEY] === fingerprint) return 'unchanged';
  // Keep the schedule's state (paused, notes); replace what configuration decides.
  await handle.update((previous): ScheduleUpdateOptions => ({ ...previous, ...desired }));
  return 'updated';
}
