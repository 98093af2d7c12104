// `npm start`: the whole stack on one machine — Temporal dev server (SQLite under .data/, Web UI on 8233),
// the simulators, the worker and the starter. With TEMPORAL_ADDRESS set, it uses that cluster instead.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { simControl } from '../sim/control-client';
import { startSimulators } from '../sim/harness';
import { SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY, workerEnvForSimulators } from '../sim/dev-env';
import { ALL_SYSTEMS } from '../sim/systems';
import { SEARCH_ATTRIBUTES } from '../src/domain/processes';
import { executableFor, resolveTemporalBinaries } from './lib/temporal-binaries';

const root = path.join(__dirname, '..');
const dataDir = path.join(root, '.data');
const TEMPORAL_PORT = 7233;
const UI_PORT = 8233;
const STARTER_PORT = Number(process.env.STARTER_PORT ?? 3000);
const SIM_CONTROL_PORT = 4010;

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const secrets = devSecrets();
  let devServer: TestWorkflowEnvironment | undefined;
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const { cliPath } = resolveTemporalBinaries();
    devServer = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: executableFor(cliPath),
        dbFilename: path.join(dataDir, 'temporal.sqlite'),
        port: TEMPORAL_PORT,
        ui: true,
        uiPort: UI_PORT,
        searchAttributes: [...SEARCH_ATTRIBUTES],
        log: { format: 'pretty', level: 'warn' },
      },
    });
    temporalAddress = `localhost:${TEMPORAL_PORT}`;
  }

  const sims = await startSimulators({
    systems: ALL_SYSTEMS,
    firstPort: SIM_CONTROL_PORT + 1,
    controlPort: SIM_CONTROL_PORT,
  });

  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: temporalAddress,
    ...secrets,
    STARTER_PORT: String(STARTER_PORT),
  };
  const children = [
    run('worker', 'src/worker.ts', { ...env, ...workerEnvForSimulators(sims.urls) }),
    run('starter', 'src/starter.ts', {
      ...env,
      ENCOMPASS_WEBHOOK_SIGNING_KEY: SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY,
    }),
  ];

  // Encompass notifies the starter of loan changes, as a lender's webhook subscription would.
  await simControl(sims.controlUrl)
    .system('encompass')
    .post('/subscriptions', {
      endpoint: `http://localhost:${STARTER_PORT}/webhooks/encompass`,
      signingkey: SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY,
    });

  console.log(`
inflooens orchestrator is up
  Temporal Web UI   ${devServer ? `http://localhost:${UI_PORT}` : '(your cluster)'}
  Temporal gRPC     ${temporalAddress}
  Starter (HTTP)    http://localhost:${STARTER_PORT}   bearer token: ${secrets.STARTER_API_TOKEN}
  Simulators        control ${sims.controlUrl}/systems
${Object.entries(sims.urls)
  .map(([name, url]) => `    ${name.padEnd(16)}${url}`)
  .join('\n')}

Try it:
  curl -s -X POST http://localhost:${STARTER_PORT}/v1/messages/sms \\
    -H "Authorization: Bearer ${secrets.STARTER_API_TOKEN}" -H "Idempotency-Key: demo-$(date +%s)" \\
    -H 'content-type: application/json' \\
    -d '{"loanId":"a0X5e000001AbCdEAK","to":"+14155550123","body":"Your appraisal is scheduled."}'
Ctrl-C stops everything.
`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await Promise.all(children.map(stopChild));
    await sims.stop();
    await devServer?.teardown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  for (const child of children) {
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`a stack process exited with code ${code}; stopping the stack`);
        void stop();
      }
    });
  }
}

/** Dev-only secrets, generated once and kept under .data/ so that restarts keep the same token. */
function devSecrets(): { STARTER_API_TOKEN: string; REQUEST_FINGERPRINT_KEY: string } {
  const file = path.join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    STARTER_API_TOKEN: process.env.STARTER_API_TOKEN ?? `dev-${randomBytes(18).toString('hex')}`,
    REQUEST_FINGERPRINT_KEY: process.env.REQUEST_FINGERPRINT_KEY ?? randomBytes(24).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function run(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(root, entry)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) =>
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) out.write(`[${name}] ${line}\n`);
    });
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
