import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { SEARCH_ATTRIBUTES } from '../../src/domain/processes';
import { executableFor } from '../../scripts/lib/temporal-binaries';

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
  return await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableFor(process.env.TEMPORAL_TEST_SERVER_PATH) },
  });
}

/** The Temporal CLI dev server, with our search attributes registered: what `npm start` runs. */
export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  return await TestWorkflowEnvironment.createLocal({
    server: {
      executable: executableFor(process.env.TEMPORAL_CLI_PATH),
      searchAttributes: [...SEARCH_ATTRIBUTES],
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
