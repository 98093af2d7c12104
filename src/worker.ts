import { NativeConnection, Worker } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from './activities';
import type { Activities } from './activities';
import { createTwilioClient } from './clients/twilio-client';
import { loadConfig, workerEnvSchema } from './config';
import type { WorkerConfig } from './config';

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

/** The production wiring: one client per integration, from validated configuration. */
export function createProductionActivities(config: WorkerConfig): Activities {
  return createActivities({
    twilio: createTwilioClient({
      baseUrl: config.TWILIO_BASE_URL,
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      fromNumber: config.TWILIO_FROM_NUMBER,
      timeoutMs: config.HTTP_TIMEOUT_MS,
    }),
  });
}

async function main(): Promise<void> {
  const config = loadConfig(workerEnvSchema, process.env);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const worker = await createWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      activities: createProductionActivities(config),
    });
    console.log(`[worker] polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
    // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks finish (the SDK's shutdown signals).
    await worker.run();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
