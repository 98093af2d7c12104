import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalBinaries } from '../../scripts/lib/temporal-binaries';

/**
 * Once per `jest` run: find (or provision) Temporal's servers and bundle the workflows, so that no test
 * pays for webpack again. Paths reach the test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const binaries = resolveTemporalBinaries();
  if (binaries.cliPath) process.env.TEMPORAL_CLI_PATH = binaries.cliPath;
  if (binaries.testServerPath) process.env.TEMPORAL_TEST_SERVER_PATH = binaries.testServerPath;

  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../fixtures/workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inflooens-bundle-'));
  const codePath = path.join(dir, 'workflows.js');
  writeFileSync(codePath, code);
  process.env.INFLOOENS_WORKFLOW_BUNDLE = codePath;
}
