import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from './activities';
import type { Activities } from './activities';
import { createIntegrationClients, healthProbesFor } from './clients';
import { loadConfig, workerEnvSchema } from './config';
import type { WorkerConfig } from './config';
import { DEFAULT_RETRY_SHAPING } from './resilience/activity-failure';
import { createBreakerGate } from './resilience/breaker-gate';
import type { BreakerGate } from './resilience/breaker-gate';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** A prebuilt bundle (tests bundle once); without it the worker bundles `./workflows` itself. */
  workflowBundle?: WorkflowBundleOption;
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return await Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: deps.activities,
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle }
      : { workflowsPath: require.resolve('./workflows') }),
  });
}

/** The one wiring of activities, used by production, `npm start`, tests and benchmarks alike. */
export function createProductionActivities(config: WorkerConfig, breakers: BreakerGate): Activities {
  const clients = createIntegrationClients(config);
  const shaping = { ...DEFAULT_RETRY_SHAPING, jitter: config.RETRY_JITTER === 'on' };
  return createActivities({ ...clients, breakers, probes: healthProbesFor(clients), shaping });
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
    const worker = await createWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      activities: createProductionActivities(config, breakers),
    });
    console.log(`[worker] polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
    // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks finish (the SDK's shutdown signals).
    await worker.run();
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
