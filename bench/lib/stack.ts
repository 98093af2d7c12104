import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { executableFor, resolveTemporalBinaries } from '../../scripts/lib/temporal-binaries';
import { simControl } from '../../sim/control-client';
import type { SimControl } from '../../sim/control-client';
import { workerEnvForSimulators } from '../../sim/dev-env';
import { startSimulators } from '../../sim/harness';
import type { SimulatorHandle } from '../../sim/harness';
import { ALL_SYSTEMS } from '../../sim/systems';
import { loadConfig, workerEnvSchema } from '../../src/config';
import type { WorkerConfig } from '../../src/config';
import { INTEGRATIONS } from '../../src/domain/integrations';
import { SEARCH_ATTRIBUTES } from '../../src/domain/processes';
import { breakerWorkflowId } from '../../src/workflows/breaker-messages';

/** What a benchmark runs against: a Temporal dev server, every simulator, the workflows bundled once. */
export interface BenchStack {
  readonly env: TestWorkflowEnvironment;
  readonly client: Client;
  readonly sims: SimulatorHandle & { readonly control: SimControl };
  readonly workflowBundle: WorkflowBundleOption;
  /** The worker configuration production would parse, pointed at the simulators. */
  workerConfig(overrides?: Record<string, string>): WorkerConfig;
  teardown(): Promise<void>;
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

/**
 * Starts the Temporal CLI dev server (in memory, loopback), the simulators on loopback ports and bundles
 * `src/workflows` (or `workflowsPath`, e.g. the bench bundle), in parallel. SDK logs are limited to errors:
 * benchmarks print their own figures.
 */
export async function startBenchStack({
  workflowsPath = require.resolve('../../src/workflows'),
}: { workflowsPath?: string } = {}): Promise<BenchStack> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const { cliPath } = resolveTemporalBinaries();
  const [env, sims, { code }] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: executableFor(cliPath),
        ip: '127.0.0.1',
        searchAttributes: [...SEARCH_ATTRIBUTES],
      },
    }),
    startSimulators({ systems: ALL_SYSTEMS, host: '127.0.0.1' }),
    bundleWorkflowCode({ workflowsPath, logger: quietLogger }),
  ]);
  return {
    env,
    client: env.client,
    sims: { ...sims, control: simControl(sims.controlUrl) },
    workflowBundle: { code },
    workerConfig: (overrides = {}) =>
      loadConfig(workerEnvSchema, { ...workerEnvForSimulators(sims.urls), ...overrides }),
    async teardown() {
      await Promise.allSettled([env.teardown(), sims.stop()]);
    },
  };
}

/** Ends every breaker workflow, so that the next scenario starts with all breakers closed and absent. */
export async function terminateBreakers(client: Client): Promise<void> {
  await Promise.all(
    INTEGRATIONS.map((integration) =>
      client.workflow
        .getHandle(breakerWorkflowId(integration))
        .terminate('benchmark reset')
        .catch(() => undefined),
    ),
  );
}
