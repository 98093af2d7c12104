import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import type { Worker } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { INTEGRATIONS } from '../../src/domain/integrations';
import { SEARCH_ATTRIBUTES } from '../../src/domain/processes';
import { breakerWorkflowId } from '../../src/workflows/breaker-messages';
import { executableFor } from '../../scripts/lib/temporal-binaries';

const INDEXED_VALUE_TYPE_KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
let runtimeInstalled = false;

/** Quiet SDK logs in tests: warnings and errors only. */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** The Java time-skipping test server: timers fire as soon as nothing else is running. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableFor(process.env.TEMPORAL_TEST_SERVER_PATH) },
  });
  // The Java test server validates search attributes as a real cluster does: register ours.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  return env;
}

/** The Temporal CLI dev server, with our search attributes registered: what `npm start` runs. */
export async function createDevServerEnv(
  persistence: { dbFilename?: string; port?: number } = {},
): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  return await TestWorkflowEnvironment.createLocal({
    server: {
      executable: executableFor(process.env.TEMPORAL_CLI_PATH),
      searchAttributes: [...SEARCH_ATTRIBUTES],
      ...persistence,
    },
  });
}

/** The workflows bundled once by the global setup. */
export function workflowBundle(): WorkflowBundleOption {
  const codePath = process.env.INFLOOENS_WORKFLOW_BUNDLE;
  if (!codePath)
    throw new Error(
      'INFLOOENS_WORKFLOW_BUNDLE is unset: run tests through jest (global setup bundles the workflows)',
    );
  return { codePath };
}

/** A task queue no other test uses. */
export function uniqueTaskQueue(name: string): string {
  return `${name}-${randomUUID()}`;
}

/** Ends every breaker workflow so that a test starts with all breakers closed. */
export async function resetBreakers(client: Client): Promise<void> {
  await Promise.all(
    INTEGRATIONS.map((integration) =>
      client.workflow
        .getHandle(breakerWorkflowId(integration))
        .terminate('test reset')
        .catch(() => undefined),
    ),
  );
}

/** Runs `fn` while every given worker polls; they all shut down when it settles. */
export async function runWorkersUntil<T>(workers: readonly Worker[], fn: () => Promise<T>): Promise<T> {
  return await workers.reduce<() => Promise<T>>((inner, worker) => () => worker.runUntil(inner), fn)();
}
