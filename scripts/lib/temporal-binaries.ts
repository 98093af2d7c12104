import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

export interface TemporalBinaries {
  /** Temporal CLI (dev server + Web UI); undefined means "let the SDK download it". */
  cliPath?: string;
  /** Java time-skipping test server wrapper; undefined means "let the SDK download it". */
  testServerPath?: string;
}

/**
 * Finds Temporal's servers: explicit TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH first, then the ones
 * provisioned from the Go module proxy and Maven Central (built on first use, cached outside the repo).
 * Whatever is still missing falls back to the SDK's own download, the path for machines with internet.
 */
export function resolveTemporalBinaries(env: NodeJS.ProcessEnv = process.env): TemporalBinaries {
  const fromEnv = {
    cliPath: env.TEMPORAL_CLI_PATH || undefined,
    testServerPath: env.TEMPORAL_TEST_SERVER_PATH || undefined,
  };
  if (fromEnv.cliPath && fromEnv.testServerPath) return fromEnv;
  const script = path.join(__dirname, '..', 'provision-temporal.sh');
  const output = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const provisioned = Object.fromEntries(
    output
      .split('\n')
      .map((line) => line.match(/^(\w+)=(.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => [m[1], m[2] === "''" ? '' : m[2]]),
  ) as Record<string, string | undefined>;
  return {
    cliPath: fromEnv.cliPath ?? (provisioned.TEMPORAL_CLI_PATH || undefined),
    testServerPath: fromEnv.testServerPath ?? (provisioned.TEMPORAL_TEST_SERVER_PATH || undefined),
  };
}

export function executableFor(binaryPath: string | undefined): EphemeralServerExecutable {
  return binaryPath ? { type: 'existing-path', path: binaryPath } : { type: 'cached-download' };
}
