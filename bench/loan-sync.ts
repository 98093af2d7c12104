// Benchmark (issue 4, item 11): 1,000 loans edited in Encompass and synced to Salesforce through the
// embedded stack. `npm run bench:loan-sync`. Everything runs on loopback: a Temporal CLI dev server, the
// simulators, a real starter (createApp) that Encompass's simulator posts its signed webhooks to, and the
// production workers (createWorkers) with the production activities. Prints the Salesforce API calls used
// beside the floor for that work, the end-to-end time, and loans per second beside the rate of a bare
// one-activity workflow on the same server and worker in the same run.
import { guardBenchmark } from './lib/guard';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Worker } from '@temporalio/worker';
import { INFLOOENS_REFERENCE_FIELD } from '../src/clients/encompass-loan';
import {
  ENCOMPASS_ID_FIELD,
  LOAN_SOBJECT,
  toEncompassPatch,
  toSalesforceFields,
} from '../src/domain/loan-field-map';
import type { LoanSnapshot } from '../src/domain/loan-field-map';
import { SALESFORCE_BATCH_SIZE } from '../src/domain/salesforce-batching';
import { createBreakerGate } from '../src/resilience/breaker-gate';
import { createApp } from '../src/starter';
import { createProductionActivities, createWorkers } from '../src/worker';
import { DEFAULT_WRITER_SETTINGS } from '../src/workflows/salesforce-writer';
import { salesforceWriterId, salesforceWriterQuery } from '../src/workflows/salesforce-writer-messages';
import type { SalesforceWriterView } from '../src/workflows/salesforce-writer-messages';
import { SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY } from '../sim/dev-env';
import type { RequestRecord } from '../sim/harness';
import { createBareActivities } from './lib/bare-activities';
import { startBenchStack } from './lib/stack';
import type { BenchStack } from './lib/stack';
import { quantile, sortedNumbers } from './lib/stats';
import type { bareOneActivity } from './workflows/bare';

const LOANS = 1_000;
const BARE_WORKFLOWS = 1_000;
/** Bare workflows run (and not measured) first, so neither figure pays for a cold worker. */
const WARM_UP_WORKFLOWS = 50;
/** The worker's share of Encompass's 30 simultaneous calls (the production default). */
const ENCOMPASS_CONCURRENCY = 8;
/** Processor edits, seeds and workflow starts sent at once. */
const IN_FLIGHT = 50;
/**
 * Bare workflows' results awaited at once: each is a long poll on the server, and a thousand of them at
 * once slow the server down enough to lower the very rate being measured.
 */
const RESULTS_IN_FLIGHT = 10;
const POLL_MS = 500;
const PROGRESS_MS = 10_000;
/** The sync is given this long (from the first edit) to land every record; then the figures are partial. */
const SYNC_DEADLINE_MS = 180_000;
/** Past this the run cleans up and fails, whatever it is doing. */
const WATCHDOG_MS = 330_000;
/** The least Salesforce could be called for this work: one sObject Collections upsert per 200 records. */
const FLOOR_WRITE_CALLS = Math.ceil(LOANS / SALESFORCE_BATCH_SIZE);
/** Records per seed request: the simulators' control API takes JSON bodies up to 100 kB. */
const SEED_CHUNK = 50;

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

/** The values both systems hold for loan `i` before the processor's edit. */
function initialLoan(i: number): LoanSnapshot {
  const n = String(i).padStart(4, '0');
  return {
    loanNumber: `BENCH${n}`,
    loanAmount: 300_000 + i * 100,
    interestRatePercent: 6.5,
    loanPurpose: 'Purchase',
    estimatedClosingDate: '2026-09-30',
    borrowerFirstName: 'Dana',
    borrowerLastName: `Reyes${n}`,
    borrowerEmail: `borrower${n}@example.com`,
    borrowerMobilePhone: `+1512555${n}`,
    propertyStreet: `${i + 1} Congress Ave`,
    propertyCity: 'Austin',
    propertyState: 'TX',
    propertyPostalCode: '78701',
    milestone: 'Started',
    rateLockStatus: 'NotLocked',
  };
}

/** What the processor saves in Encompass for loan `i` (Encompass field names)… */
function processorEdit(i: number) {
  return {
    borrowerRequestedLoanAmount: 400_000 + i,
    requestedInterestRatePercent: 5.125,
    milestoneCurrentName: 'Processing',
  };
}

/** …and how Salesforce's record shows it once synced. */
function isEdited(record: Record<string, unknown> | undefined, i: number): boolean {
  return (
    record?.Loan_Amount__c === 400_000 + i &&
    record.Interest_Rate__c === 5.125 &&
    record.Milestone__c === 'Processing'
  );
}

/** Runs `task(0..count-1)` with at most `inFlight` at once; answers the results in order. */
async function inPool<T>(count: number, inFlight: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
  return results;
}

interface Starter {
  url: string;
  stop(): Promise<void>;
}

/** The production starter on a free loopback port: where the Encompass simulator posts its webhooks. */
async function listenStarter(client: Client, taskQueue: string): Promise<Starter> {
  const app = createApp({
    client,
    taskQueue,
    apiToken: `bench-${randomUUID()}`,
    fingerprintKey: `bench-${randomUUID()}`,
    encompassSigningKey: SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface BareFigures {
  workflows: number;
  ms: number;
}

/** Starts `count` bare workflows (IN_FLIGHT starts at a time) and waits for every result. */
async function runBare(client: Client, taskQueue: string, count: number): Promise<BareFigures> {
  const runId = randomUUID();
  const began = Date.now();
  const handles = await inPool(count, IN_FLIGHT, (i) =>
    client.workflow.start<typeof bareOneActivity>('bareOneActivity', {
      taskQueue,
      workflowId: `bench-bare:${runId}:${i}`,
      args: [i],
    }),
  );
  await inPool(count, RESULTS_IN_FLIGHT, (i) => handles[i]!.result());
  return { workflows: count, ms: Date.now() - began };
}

interface Linked {
  loanId: string;
  encompassLoanId: string;
}

/** LOANS loans that already synced once: linked both ways, equal on both sides, no webhook sent. */
async function seedLinkedLoans(stack: BenchStack): Promise<Linked[]> {
  const salesforce = stack.sims.control.system('salesforce');
  const encompass = stack.sims.control.system('encompass');
  const encompassIds = Array.from({ length: LOANS }, () => randomUUID());
  const loanIds: string[] = [];
  for (let from = 0; from < LOANS; from += SEED_CHUNK) {
    const records = encompassIds.slice(from, from + SEED_CHUNK).map((encompassLoanId, k) => ({
      ...toSalesforceFields(initialLoan(from + k)),
      [ENCOMPASS_ID_FIELD]: encompassLoanId,
    }));
    const { ids } = (await salesforce.post(`/records/${LOAN_SOBJECT}`, { records })) as { ids: string[] };
    loanIds.push(...ids);
  }
  await inPool(LOANS, IN_FLIGHT, async (i) => {
    const loan = initialLoan(i);
    await encompass.post('/loans', {
      id: encompassIds[i],
      ...toEncompassPatch(loan),
      loanNumber: loan.loanNumber,
      milestoneCurrentName: loan.milestone,
      rateLock: { rateStatus: loan.rateLockStatus },
      customFields: [{ fieldName: INFLOOENS_REFERENCE_FIELD, stringValue: loanIds[i] }],
    });
  });
  return loanIds.map((loanId, i) => ({ loanId, encompassLoanId: encompassIds[i]! }));
}

interface DeliveryAttempt {
  acknowledged: boolean;
}

interface SyncFigures {
  synced: number;
  editsTookMs: number;
  /** First edit sent → last record seen edited in Salesforce (or the deadline). */
  ms: number;
  /** Per loan: its edit answered → its record seen edited (resolution POLL_MS). */
  latencies: number[];
  salesforce: RequestRecord[];
  encompass: RequestRecord[];
  deliveries: DeliveryAttempt[];
  writer?: SalesforceWriterView;
}

/** The processor edits every loan; waits until Salesforce holds every edit, printing progress. */
async function runSync(stack: BenchStack, loans: readonly Linked[]): Promise<SyncFigures> {
  const { sims } = stack;
  const salesforce = sims.control.system('salesforce');
  const encompass = sims.control.system('encompass');
  const editedAt = new Array<number>(loans.length).fill(0);
  const seenAt = new Array<number>(loans.length).fill(0);
  const index = new Map(loans.map((l, i) => [l.loanId, i]));
  let synced = 0;

  const poll = async () => {
    const records = (await salesforce.get(`/records/${LOAN_SOBJECT}`)) as Record<string, unknown>[];
    const now = Date.now();
    for (const record of records) {
      const i = index.get(record.Id as string);
      if (i === undefined || seenAt[i] || !isEdited(record, i)) continue;
      seenAt[i] = now;
      synced += 1;
    }
  };

  const began = Date.now();
  const edits = inPool(loans.length, IN_FLIGHT, async (i) => {
    await encompass.post(`/loans/${loans[i]!.encompassLoanId}/edit`, {
      userId: 'processor1',
      changes: processorEdit(i),
    });
    editedAt[i] = Date.now();
  });
  let editsTookMs = 0;
  void edits.then(() => (editsTookMs = Date.now() - began));
  let lastProgress = began;
  while (synced < loans.length && Date.now() - began < SYNC_DEADLINE_MS) {
    await sleep(POLL_MS);
    await poll();
    if (Date.now() - lastProgress >= PROGRESS_MS) {
      lastProgress = Date.now();
      const [requests, deliveries] = await Promise.all([
        sims.control.requests('salesforce'),
        encompass.get('/deliveries') as Promise<DeliveryAttempt[]>,
      ]);
      console.log(
        `  [${secs(lastProgress - began).padStart(7)}] edited ${editedAt.filter(Boolean).length}/` +
          `${loans.length}, webhooks acknowledged ${deliveries.filter((d) => d.acknowledged).length} ` +
          `(attempts ${deliveries.length}), edited in Salesforce ${synced}/${loans.length}, ` +
          `Salesforce write calls ${requests.filter(isWriteCall).length}`,
      );
    }
  }
  await edits;
  const ms = (synced === loans.length ? Math.max(...seenAt) : Date.now()) - began;
  const [salesforceRequests, encompassRequests, deliveries, writer] = await Promise.all([
    sims.control.requests('salesforce'),
    sims.control.requests('encompass'),
    encompass.get('/deliveries') as Promise<DeliveryAttempt[]>,
    stack.client.workflow
      .getHandle(salesforceWriterId(LOAN_SOBJECT, 'Id'))
      .query(salesforceWriterQuery)
      .catch(() => undefined),
  ]);
  return {
    synced,
    editsTookMs,
    ms,
    latencies: seenAt.flatMap((seen, i) => (seen ? [seen - editedAt[i]!] : [])),
    salesforce: salesforceRequests,
    encompass: encompassRequests,
    deliveries,
    writer,
  };
}

function isWriteCall(r: RequestRecord): boolean {
  return r.method === 'PATCH' && r.path.includes('/composite/sobjects');
}

/** Salesforce requests by kind: the writes the work needs, and the rest (token, limits, queries). */
function classifySalesforce(requests: readonly RequestRecord[]) {
  const kinds = { write: 0, token: 0, limits: 0, query: 0, other: 0 };
  for (const r of requests) {
    if (isWriteCall(r)) kinds.write += 1;
    else if (r.path.includes('/oauth2/token')) kinds.token += 1;
    else if (r.path.endsWith('/limits')) kinds.limits += 1;
    else if (r.path.includes('/query')) kinds.query += 1;
    else kinds.other += 1;
  }
  return kinds;
}

function classifyEncompass(requests: readonly RequestRecord[]) {
  const kinds = { loanReads: 0, loanWrites: 0, token: 0, other: 0 };
  for (const r of requests) {
    if (r.path.includes('/oauth2/') || r.path.includes('/token')) kinds.token += 1;
    else if (r.path.includes('/loans') && r.method === 'GET') kinds.loanReads += 1;
    else if (r.path.includes('/loans')) kinds.loanWrites += 1;
    else kinds.other += 1;
  }
  return kinds;
}

const secs = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
const rate = (count: number, ms: number) => (ms > 0 ? (count * 1_000) / ms : 0);
const fmt = (n: number) => n.toLocaleString('en-US');

function print(bare: BareFigures, sync: SyncFigures): void {
  const sf = classifySalesforce(sync.salesforce);
  const enc = classifyEncompass(sync.encompass);
  const others = sf.token + sf.limits + sf.query + sf.other;
  const lat = sortedNumbers(sync.latencies);
  const acknowledged = sync.deliveries.filter((d) => d.acknowledged).length;
  const loanRate = rate(sync.synced, sync.ms);
  const bareRate = rate(bare.workflows, bare.ms);
  const w = sync.writer;
  const writeTimes = sync.salesforce.filter(isWriteCall).map((r) => Date.parse(r.at));
  const gaps = sortedNumbers(writeTimes.slice(1).map((t, i) => t - writeTimes[i]!));
  const windowMs = DEFAULT_WRITER_SETTINGS.batchWindowMs;

  console.log(
    `\nLoan sync: ${fmt(LOANS)} linked loans, each edited once by a processor in Encompass (simulator), ` +
      `webhooks → starter (createApp)\n→ encompassChangeIntake → loanSync → salesforceWriter → Salesforce ` +
      `(simulator). Production activities and workers (createWorkers,\nencompassConcurrency ${ENCOMPASS_CONCURRENCY}); ` +
      `Temporal CLI dev server; all on loopback, one Node process for sims + starter + worker.\n`,
  );
  const rows: [string, string, string][] = [
    ['Salesforce', 'measured', 'floor'],
    ['-'.repeat(62), '-'.repeat(10), '-'.repeat(8)],
    ['write calls (PATCH /composite/sobjects)', fmt(sf.write), fmt(FLOOR_WRITE_CALLS)],
    [
      `other calls (token ${sf.token}, limits ${sf.limits}, query ${sf.query}, other ${sf.other})`,
      fmt(others),
      '–',
    ],
    ['total', fmt(sf.write + others), fmt(FLOOR_WRITE_CALLS)],
    ['Loan__c records written by the writer', w ? fmt(w.recordsWritten) : '?', fmt(LOANS)],
    [
      'records per write call (written ÷ writer flushes)',
      w && w.flushes > 0 ? (w.recordsWritten / w.flushes).toFixed(1) : '?',
      fmt(SALESFORCE_BATCH_SIZE),
    ],
    ['records refused by Salesforce', w ? fmt(w.recordsFailed) : '?', '0'],
    [
      `time between write calls: median / min (batch window ${secs(windowMs)})`,
      gaps.length ? `${secs(quantile(gaps, 0.5))} / ${secs(quantile(gaps, 0))}` : '–',
      '',
    ],
    [
      'write calls sooner than one window after the previous',
      `${gaps.filter((g) => g < windowMs).length}/${gaps.length}`,
      '',
    ],
  ];
  for (const [name, a, b] of rows) console.log(`${name.padEnd(64)}${a.padStart(12)}${b.padStart(10)}`);

  console.log('');
  const timing: [string, string][] = [
    ['loans in Salesforce with the edit', `${fmt(sync.synced)}/${fmt(LOANS)}`],
    [`processor edits sent (${IN_FLIGHT} at a time) in`, secs(sync.editsTookMs)],
    ['end to end (first edit → last record edited)', secs(sync.ms)],
    [
      'per loan, edit → visible in Salesforce: p50 / p95 / max',
      `${secs(quantile(lat, 0.5))} / ${secs(quantile(lat, 0.95))} / ${secs(quantile(lat, 1))}`,
    ],
    [
      'Encompass API calls (loan reads / loan writes / token / other)',
      `${enc.loanReads} / ${enc.loanWrites} / ${enc.token} / ${enc.other}`,
    ],
    [
      'webhook deliveries (attempts / acknowledged / notifications)',
      `${sync.deliveries.length} / ${acknowledged} / ${fmt(LOANS)}`,
    ],
  ];
  for (const [name, value] of timing) console.log(`${name.padEnd(64)}${value.padStart(22)}`);

  console.log(`\nThroughput, same Temporal server, same workers, same run\n`);
  const head = (a: string, b: string, c: string, d: string) =>
    console.log(`${a.padEnd(48)}${b.padStart(10)}${c.padStart(12)}${d.padStart(14)}`);
  head('', 'items', 'time', 'per second');
  head('-'.repeat(46), '-'.repeat(8), '-'.repeat(10), '-'.repeat(12));
  head(
    'bare one-activity workflow (workflows)',
    fmt(bare.workflows),
    secs(bare.ms),
    `${bareRate.toFixed(1)}/s`,
  );
  head(
    'loan sync, Encompass → Salesforce (loans)',
    fmt(sync.synced),
    secs(sync.ms),
    `${loanRate.toFixed(1)}/s`,
  );
  head('loan sync ÷ bare', '', '', bareRate > 0 ? `${((100 * loanRate) / bareRate).toFixed(0)} %` : '–');
}

async function main(): Promise<void> {
  const began = Date.now();
  const [stack, { code }] = await Promise.all([
    startBenchStack(),
    bundleWorkflowCode({ workflowsPath: require.resolve('./workflows/bare'), logger: quietLogger }),
  ]);
  const { client } = stack;
  const taskQueue = `bench-loan-sync-${randomUUID()}`;
  const breakers = createBreakerGate({ client, taskQueue });
  let workers: Worker[] = [];
  let running: Promise<unknown> = Promise.resolve();
  let starter: Starter | undefined;
  const cleanUp = async () => {
    await starter?.stop();
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    await running.catch(() => undefined);
    await breakers.close();
    await stack.teardown();
  };
  guardBenchmark(cleanUp, WATCHDOG_MS);

  try {
    const config = stack.workerConfig({ TEMPORAL_TASK_QUEUE: taskQueue });
    workers = await createWorkers({
      connection: stack.env.nativeConnection,
      namespace: stack.env.namespace ?? 'default',
      taskQueue,
      activities: { ...createProductionActivities(config, { client, breakers }), ...createBareActivities() },
      encompassConcurrency: ENCOMPASS_CONCURRENCY,
      workflowBundle: { code },
    });
    running = Promise.all(workers.map((w) => w.run()));
    starter = await listenStarter(client, taskQueue);
    await stack.sims.control.system('encompass').post('/subscriptions', {
      endpoint: `${starter.url}/webhooks/encompass`,
      signingkey: SIM_ENCOMPASS_WEBHOOK_SIGNING_KEY,
    });
    console.log(`stack up in ${secs(Date.now() - began)}; seeding ${fmt(LOANS)} linked loans…`);
    const loans = await seedLinkedLoans(stack);

    await runBare(client, taskQueue, WARM_UP_WORKFLOWS);
    console.log(`bare one-activity workflows: ${fmt(BARE_WORKFLOWS)}…`);
    const bare = await runBare(client, taskQueue, BARE_WORKFLOWS);
    console.log(`  ${secs(bare.ms)}`);

    console.log(`loan sync: editing ${fmt(LOANS)} loans in Encompass…`);
    const sync = await runSync(stack, loans);
    print(bare, sync);
    console.log(`\n(total ${secs(Date.now() - began)})`);
    if (sync.synced < LOANS) throw new Error(`only ${sync.synced}/${LOANS} loans synced in time`);
  } finally {
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
