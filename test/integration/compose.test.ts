import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, starterEnvSchema, workerEnvSchema } from '../../src/config';
import { workerEnvForSimulators } from '../../sim/dev-env';

/**
 * Validates docker-compose.yml with a real compose client, offline: `config` interpolates and checks the
 * file without a Docker engine. Either client works: the v2 plugin (`docker compose`, JSON output) or
 * Debian's `docker-compose` package (v1.29, YAML output, read here with its own python3-yaml).
 */

const repoRoot = path.resolve(__dirname, '../..');
const composeFile = path.join(repoRoot, 'docker-compose.yml');

/** Values that satisfy src/config.ts, so a rendered file is one the worker and starter would accept. */
const requiredSecrets: Record<string, string> = {
  POSTGRES_PASSWORD: 'compose-test-postgres-password',
  STARTER_API_TOKEN: 'compose-test-token-0123456789abcdef',
  REQUEST_FINGERPRINT_KEY: 'compose-test-fingerprint-key',
  ENCOMPASS_WEBHOOK_SIGNING_KEY: 'compose-test-signing-key',
  ...Object.fromEntries(
    Object.entries(
      workerEnvForSimulators(
        Object.fromEntries(
          ['salesforce', 'encompass', 'experian', 'equifax', 'transunion', 'twilio'].map((s) => [
            s,
            `https://${s}.example.com`,
          ]),
        ),
      ),
    ).filter(
      ([name]) =>
        !['SALESFORCE_API_VERSION', 'ENCOMPASS_USERNAME', 'ENCOMPASS_PASSWORD', 'TWILIO_BASE_URL'].includes(
          name,
        ),
    ),
  ),
};
/** A sample of the required variables, each of which must stop compose when missing. */
const SAMPLED_SECRETS = [
  'POSTGRES_PASSWORD',
  'STARTER_API_TOKEN',
  'ENCOMPASS_WEBHOOK_SIGNING_KEY',
  'SALESFORCE_CLIENT_SECRET',
  'EXPERIAN_PASSWORD',
  'TWILIO_AUTH_TOKEN',
];

type SecretName = string;

interface ComposeClient {
  label: string;
  command: string;
  baseArgs: string[];
  /** v2 renders JSON itself; v1 renders YAML only. */
  format: 'json' | 'yaml';
}

/**
 * The interpreter Debian's docker-compose runs on (its shebang), which has python3-yaml as a dependency;
 * a `python3` earlier on PATH (pyenv, a venv) may not.
 */
function composePython(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const script = path.join(dir, 'docker-compose');
    if (!existsSync(script)) continue;
    const shebang = /^#!\s*(\S*python\S*)/.exec(readFileSync(script, 'utf8').split('\n', 1)[0] ?? '');
    return shebang?.[1] ?? 'python3';
  }
  return 'python3';
}

interface RenderedService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition?: string }>;
  ports?: unknown[];
  container_name?: string;
}

interface RenderedCompose {
  services: Record<string, RenderedService>;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', env, timeout: 30_000 });
}

function findComposeClient(): ComposeClient | undefined {
  if (run('docker', ['compose', 'version']).status === 0) {
    return { label: 'docker compose', command: 'docker', baseArgs: ['compose'], format: 'json' };
  }
  const standalone = run('docker-compose', ['version', '--short']);
  if (standalone.status === 0) {
    const major = standalone.stdout.trim().replace(/^v/, '').split('.')[0];
    return {
      label: `docker-compose ${standalone.stdout.trim()}`,
      command: 'docker-compose',
      baseArgs: [],
      format: major === '1' ? 'yaml' : 'json',
    };
  }
  return undefined;
}

const client = findComposeClient();
// An empty env file, so that a developer's gitignored .env can never supply a secret the test omits.
const emptyEnvFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'inflooens-compose-')), 'empty.env');
writeFileSync(emptyEnvFile, '');

/** Runs `config` with exactly the given variables: nothing leaks in from the caller's environment. */
function composeConfig(
  compose: ComposeClient,
  vars: Partial<Record<SecretName, string>>,
  extraArgs: string[],
): SpawnSyncReturns<string> {
  const env = { PATH: process.env.PATH, HOME: os.tmpdir(), ...vars };
  const args = [
    ...compose.baseArgs,
    '--project-directory',
    repoRoot,
    '-f',
    composeFile,
    '--env-file',
    emptyEnvFile,
    'config',
    ...extraArgs,
  ];
  return run(compose.command, args, env);
}

function renderCompose(compose: ComposeClient): RenderedCompose {
  const rendered = composeConfig(
    compose,
    requiredSecrets,
    compose.format === 'json' ? ['--format', 'json'] : [],
  );
  if (rendered.status !== 0) throw new Error(`${compose.label} config failed:\n${rendered.stderr}`);
  if (compose.format === 'json') return JSON.parse(rendered.stdout) as RenderedCompose;
  const converted = spawnSync(
    composePython(),
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    { input: rendered.stdout, encoding: 'utf8' },
  );
  if (converted.status !== 0) throw new Error(`could not read the rendered YAML:\n${converted.stderr}`);
  return JSON.parse(converted.stdout) as RenderedCompose;
}

function withoutSecret(name: SecretName): Partial<Record<SecretName, string>> {
  const vars: Partial<Record<SecretName, string>> = { ...requiredSecrets };
  delete vars[name];
  return vars;
}

function service(compose: RenderedCompose, name: string): RenderedService {
  const found = compose.services[name];
  if (!found) throw new Error(`service ${name} is missing`);
  return found;
}

if (!client) {
  const reason =
    'no compose client on PATH (tried `docker compose` and `docker-compose`); ' +
    'install one with `apt-get install -y docker-compose` to run these tests';
  if (process.env.REQUIRE_COMPOSE === '1') throw new Error(`REQUIRE_COMPOSE=1 but ${reason}`);
  console.warn(`[compose.test] skipped: ${reason}`);
}

const describeWithCompose = client ? describe : describe.skip;

describeWithCompose(`docker-compose.yml (validated by ${client?.label ?? 'no compose client'})`, () => {
  const compose = client as ComposeClient;
  let rendered: RenderedCompose;

  beforeAll(() => {
    rendered = renderCompose(compose);
  });

  it('when every required secret is set, then `config --quiet` accepts the file', () => {
    const result = composeConfig(compose, requiredSecrets, ['--quiet']);

    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });

  it('when the file is rendered, then the whole stack is there', () => {
    expect(Object.keys(rendered.services).sort()).toEqual(
      expect.arrayContaining([
        'postgresql',
        'prometheus',
        'starter',
        'temporal',
        'temporal-admin-tools',
        'temporal-ui',
        'worker',
      ]),
    );
    expect(service(rendered, 'temporal').image).toMatch(/^temporalio\/auto-setup:1\.29\.\d+$/);
  });

  it.each(['worker', 'starter'])(
    'when %s is rendered, then it is built here and reaches Temporal at temporal:7233 once healthy',
    (name) => {
      const app = service(rendered, name);

      expect(app.build).toBeDefined();
      expect(app.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
      expect(app.depends_on).toMatchObject({ temporal: { condition: 'service_healthy' } });
    },
  );

  it('when the worker and the starter are rendered, then they share the namespace and task queue', () => {
    const worker = service(rendered, 'worker').environment ?? {};
    const starter = service(rendered, 'starter').environment ?? {};

    expect(worker.TEMPORAL_NAMESPACE).toBe(starter.TEMPORAL_NAMESPACE);
    expect(worker.TEMPORAL_TASK_QUEUE).toBe(starter.TEMPORAL_TASK_QUEUE);
  });

  it('when the secrets are interpolated, then the worker and starter environments pass their own config validation', () => {
    const envOf = (name: string) =>
      Object.fromEntries(
        Object.entries(service(rendered, name).environment ?? {}).map(([k, v]) => [k, v ?? undefined]),
      );
    expect(() => loadConfig(starterEnvSchema, envOf('starter'))).not.toThrow();
    const worker = loadConfig(workerEnvSchema, envOf('worker'));
    expect(worker).toMatchObject({
      TWILIO_AUTH_TOKEN: requiredSecrets.TWILIO_AUTH_TOKEN,
      METRICS_BIND_ADDRESS: '0.0.0.0:9464',
    });
  });

  it('when workers are scaled out, then no worker claims a host port or a fixed container name', () => {
    const worker = service(rendered, 'worker');

    expect(worker.ports ?? []).toEqual([]);
    expect(worker.container_name).toBeUndefined();
  });

  it.each(SAMPLED_SECRETS)('when %s is missing, then compose refuses the file and names it', (name) => {
    const result = composeConfig(compose, withoutSecret(name), ['--quiet']);

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(name);
  });
});
