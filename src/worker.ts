import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from './activities';
import type { Activities } from './activities';
import { createIntegrationClients, healthProbesFor } from './clients';
import { loadConfig, workerEnvSchema } from './config';
import type { WorkerConfig } from './config';
import { DEFAULT_RETRY_SHAPING } from './resilience/activity-failure';
import { encompassTaskQueue } from './domain/task-queues';
import { createBreakerGate } from './resilience/breaker-gate';
import type { BreakerGate } from './resilience/breaker-gate';
import { ensureReconciliationSchedule } from './schedules';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** Concurrent Encompass calls this worker may make (its share of the lender's 30). */
  encompassConcurrency: number;
  /** A prebuilt bundle (tests bundle once); without it the worker bundles `./workflows` itself. */
  workflowBundle?: WorkflowBundleOption;
  /** Workflows kept in memory (sticky execution); 0 turns stickiness off. SDK default when unset. */
  maxCachedWorkflows?: number;
}

/**
 * Two workers per process: the main one runs workflows and most activities; the Encompass one runs only
 * activities from the Encompass task queue, with bounded concurrency.
 */
export async function createWorkers(deps: WorkerDeps): Promise<[Worker, Worker]> {
  const main = await Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: deps.activities,
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle }
      : { workflowsPath: require.resolve('./workflows') }),
    ...(deps.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: deps.maxCachedWorkflows }),
  });
  const encompass = await Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: encompassTaskQueue(deps.taskQueue),
    activities: deps.activities,
    maxConcurrentActivityTaskExecutions: deps.encompassConcurrency,
  });
  return [main, encompass];
}

/** The one wiring of activities, used by production, `npm start`, tests and benchmarks alike. */
export function createProductionActivities(
  config: WorkerConfig,
  temporal: { client: Client; breakers: BreakerGate },
): Activities {
  const clients = createIntegrationClients(config);
  const shaping = { ...DEFAULT_RETRY_SHAPING, jitter: config.RETRY_JITTER === 'on' };
  return createActivities({
    ...clients,
    ...temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    probes: healthProbesFor(clients),
    shaping,
  });
}

async function main(): Promise<void> {
  const config = loadConfig(workerEnvSchema, process.env);
  if (config.METRICS_BIND_ADDRESS) {
    Runtime.install({
      telemetryOptions: { metrics: { prometheus: { bindAddress: config.METRICS_BIND_ADDRESS } } },
    });
  }
  const [connection, clientConnection] = await Promise.all([
    NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
    Connection.connect({ address: config.TEMPORAL_ADDRESS }),
  ]);
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const breakers = createBreakerGate({ client, taskQueue: config.TEMPORAL_TASK_QUEUE });
  try {
    const workers = await createWorkers({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      activities: createProductionActivities(config, { client, breakers }),
      encompassConcurrency: config.ENCOMPASS_MAX_CONCURRENT_CALLS,
    });
    const schedule = await ensureReconciliationSchedule(client, config.TEMPORAL_TASK_QUEUE, {
      cron: config.RECONCILIATION_CRON,
      timezone: config.RECONCILIATION_TIMEZONE,
    });
    console.log(
      `[worker] nightly reconciliation (${config.RECONCILIATION_CRON}, ${config.RECONCILIATION_TIMEZONE}): ${schedule}`,
    );
    console.log(
      `[worker] polling task queue ${config.TEMPORAL_TASK_QUEUE} (+ -encompass) on ${config.TEMPORAL_ADDRESS}`,
    );
    // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks finish (the SDK's shutdown signals).
    await Promise.all(workers.map((worker) => worker.run()));
  } finally {
    await breakers.close();
    await Promise.all([connection.close(), clientConnection.close()]);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
