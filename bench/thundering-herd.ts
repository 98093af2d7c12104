// Benchmark (issue 3, item 6): the thundering herd that jitter prevents, and what the breaker costs when
// closed. `npm run bench:thundering-herd`. Everything runs on loopback: a Temporal CLI dev server, the
// simulators, one in-process worker with the production activities.
import { guardBenchmark } from './lib/guard';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../src/activities';
import type { SmsRequest } from '../src/domain/message';
import { DEFAULT_BACKOFF, backoffCeiling } from '../src/resilience/backoff';
import { createBreakerGate, createPassThroughGate } from '../src/resilience/breaker-gate';
import { ActivityPolicy } from '../src/resilience/policies';
import { createProductionActivities } from '../src/worker';
import { startBenchStack, terminateBreakers } from './lib/stack';
import type { BenchStack } from './lib/stack';
import type { herdSms } from './workflows/herd';
import { bucketCounts, peakWindow, quantile, sortedNumbers } from './lib/stats';

const WORKFLOWS = 300;
/**
 * Every workflow's first attempt is held in the worker until all WORKFLOWS are there (or this long after
 * the starts begin, whichever comes first); then Twilio goes down, and they are released at one instant,
 * `notBefore`.
 */
const HOLD_DEADLINE_MS = 20_000;
/** Twilio goes down this long before `notBefore`… */
const DOWN_BEFORE_MS = 1_000;
/**
 * …and comes back this long after it. Without jitter the retries come at 1, 3, 7, 15 s after the first
 * attempt (initialInterval 1 s, coefficient 2): recovery at 6.5 s puts the fourth attempt's wave 0.5 s
 * into the window. With full jitter the third attempt is due by 3 s at the latest, so by recovery every
 * workflow has failed at least MIN_FAILURES times (two retries) in both modes.
 */
const RECOVER_AFTER_MS = 6_500;
const MIN_FAILURES = 3;
/** The span after recovery in which request rates are measured. */
const WINDOW_MS = 5_000;
const BUCKET_MS = 100;
const TIMELINE_BUCKET_MS = 500;
/** How long to wait, after the window, for the workflows to finish before counting them. */
const SETTLE_MS = 15_000;
const OVERHEAD_CALLS = 5_000;
const OVERHEAD_WARM_UP_CALLS = 200;
/** The whole run must stay well under two minutes; past this it cleans up and fails. */
const WATCHDOG_MS = 110_000;

const MAX_ATTEMPTS = ActivityPolicy.singleSubmit.retry.maximumAttempts;

type Jitter = 'on' | 'off';

interface HerdResult {
  jitter: Jitter;
  startsTookMs: number;
  outageMs: number;
  heldAtNotBefore: number;
  allHeldAfterMs: number;
  firstAttempts: number;
  firstAttemptSpreadMs: number;
  lastFirstAttemptAfterNotBeforeMs: number;
  minFailuresAtRecovery: number;
  maxFailuresAtRecovery: number;
  failedEnoughAtRecovery: number;
  exhaustedAtRecovery: number;
  requestsInWindow: number;
  peakPer100ms: number;
  peakAtMs: number;
  peakPerSecond: number;
  timeline: number[];
  smsSent: number;
  completed: number;
  failed: number;
  pending: number;
}

/**
 * Wraps `sendSmsToBorrower`: holds every first attempt until `notBefore` (so that all of them call
 * Twilio, and fail, together; retries are not touched) and logs, per workflow, when each attempt called
 * the production activity and how many failed.
 */
class AttemptLog {
  private readonly byWorkflow = new Map<string, { starts: number[]; failures: number }>();
  /** First attempts that reached the worker before `notBefore` and were held. */
  held = 0;
  /** When the held first attempts were let go (epoch ms); undefined while they are held. */
  notBefore: number | undefined;
  private readonly released: Promise<void>;
  private letGo = () => {};

  constructor() {
    this.released = new Promise((resolve) => (this.letGo = resolve));
  }

  /** Lets every held first attempt call Twilio now; later first attempts are not held. */
  release(): number {
    this.notBefore = Date.now();
    this.letGo();
    return this.notBefore;
  }

  observe(send: Activities['sendSmsToBorrower']): Activities['sendSmsToBorrower'] {
    return async (request) => {
      const { workflowExecution, activityId, attempt } = Context.current().info;
      if (attempt === 1 && this.notBefore === undefined) {
        this.held += 1;
        await this.released;
      }
      const id = workflowExecution?.workflowId ?? activityId;
      const entry = this.byWorkflow.get(id) ?? { starts: [], failures: 0 };
      this.byWorkflow.set(id, entry);
      entry.starts.push(Date.now());
      try {
        return await send(request);
      } catch (err) {
        entry.failures += 1;
        throw err;
      }
    };
  }

  snapshot() {
    const entries = [...this.byWorkflow.values()];
    const firsts = entries.map((e) => e.starts[0] ?? 0);
    const failures = entries.map((e) => e.failures);
    return {
      firstAttempts: entries.length,
      firstAttemptSpreadMs: firsts.length ? Math.max(...firsts) - Math.min(...firsts) : 0,
      lastFirstAttemptAfterNotBeforeMs: firsts.length ? Math.max(...firsts) - (this.notBefore ?? 0) : 0,
      minFailures: entries.length < WORKFLOWS ? 0 : Math.min(...failures),
      maxFailures: failures.length ? Math.max(...failures) : 0,
      failedEnough: failures.filter((f) => f >= MIN_FAILURES).length,
      exhausted: failures.filter((f) => f >= MAX_ATTEMPTS).length,
    };
  }
}

function smsRequest(i: number): SmsRequest {
  return {
    loanId: 'a0X5e000001AbCdEAK',
    to: `+1415555${String(i).padStart(4, '0')}`,
    body: 'Your appraisal is scheduled.',
  };
}

async function sleepUntil(instant: number): Promise<void> {
  const ms = instant - Date.now();
  if (ms > 0) await sleep(ms);
}

/**
 * One scenario: WORKFLOWS herdSms workflows start; their first attempts wait in the worker until all are
 * there; Twilio goes down, and DOWN_BEFORE_MS later (`notBefore`) they are released, so every first
 * attempt fails at that instant; Twilio comes back RECOVER_AFTER_MS after it, and the simulator's request
 * log gives the rate of SMS requests in the WINDOW_MS after recovery.
 */
async function runHerd(stack: BenchStack, jitter: Jitter): Promise<HerdResult> {
  const { client, sims } = stack;
  await Promise.all([sims.control.reset(), terminateBreakers(client)]);
  const taskQueue = `bench-herd-${jitter}-${randomUUID()}`;
  const gate = createPassThroughGate();
  const config = stack.workerConfig({ RETRY_JITTER: jitter, TEMPORAL_TASK_QUEUE: taskQueue });
  const production = createProductionActivities(config, { client, breakers: gate });
  const attempts = new AttemptLog();
  const worker = await Worker.create({
    connection: stack.env.nativeConnection,
    namespace: stack.env.namespace ?? 'default',
    taskQueue,
    workflowBundle: stack.workflowBundle,
    activities: { ...production, sendSmsToBorrower: attempts.observe(production.sendSmsToBorrower) },
    // Every workflow's attempt can run at once: the worker is not what limits the herd.
    maxConcurrentActivityTaskExecutions: 4 * WORKFLOWS,
    maxConcurrentActivityTaskPolls: 20,
  });
  const running = worker.run();
  try {
    const startsBegan = Date.now();
    const handles = await Promise.all(
      Array.from({ length: WORKFLOWS }, (_, i) =>
        client.workflow.start<typeof herdSms>('herdSms', {
          taskQueue,
          workflowId: `bench-herd:${jitter}-${i}-${randomUUID()}`,
          args: [smsRequest(i)],
        }),
      ),
    );
    const startsTookMs = Date.now() - startsBegan;
    while (attempts.held < WORKFLOWS && Date.now() - startsBegan < HOLD_DEADLINE_MS) await sleep(20);
    const allHeldAfterMs = Date.now() - startsBegan;
    const downAt = Date.now();
    await sims.control.setFault('twilio', { mode: 'down' });
    await sleepUntil(downAt + DOWN_BEFORE_MS);
    const notBefore = attempts.release();
    const heldAtNotBefore = attempts.held;
    await sleepUntil(notBefore + RECOVER_AFTER_MS);
    const recoveredAt = Date.now();
    await sims.control.clearFault('twilio');
    const atRecovery = attempts.snapshot();
    await sleep(WINDOW_MS);

    const requests = (await sims.control.requests('twilio'))
      .filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'))
      .map((r) => Date.parse(r.at));
    const buckets = bucketCounts(requests, recoveredAt, WINDOW_MS, BUCKET_MS);
    const peak = peakWindow(buckets, 1);
    const outcome = await settle(handles);
    const sent = await sims.control.ledger({ system: 'twilio', kind: 'sms.sent' });
    return {
      jitter,
      startsTookMs,
      outageMs: recoveredAt - downAt,
      heldAtNotBefore,
      allHeldAfterMs,
      firstAttempts: atRecovery.firstAttempts,
      firstAttemptSpreadMs: atRecovery.firstAttemptSpreadMs,
      lastFirstAttemptAfterNotBeforeMs: atRecovery.lastFirstAttemptAfterNotBeforeMs,
      minFailuresAtRecovery: atRecovery.minFailures,
      maxFailuresAtRecovery: atRecovery.maxFailures,
      failedEnoughAtRecovery: atRecovery.failedEnough,
      exhaustedAtRecovery: atRecovery.exhausted,
      requestsInWindow: buckets.reduce((a, b) => a + b, 0),
      peakPer100ms: peak.peak,
      peakAtMs: peak.at * BUCKET_MS,
      peakPerSecond: peakWindow(buckets, 1_000 / BUCKET_MS).peak,
      timeline: bucketCounts(requests, recoveredAt, WINDOW_MS, TIMELINE_BUCKET_MS),
      smsSent: sent.length,
      ...outcome,
    };
  } finally {
    worker.shutdown();
    await running;
    await gate.close();
  }
}

/** Waits up to SETTLE_MS for the workflows and counts how they ended. */
async function settle(handles: readonly WorkflowHandle[]) {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), SETTLE_MS)));
  const ended = await Promise.all(
    handles.map((h) =>
      Promise.race([
        h.result().then(
          () => 'completed' as const,
          () => 'failed' as const,
        ),
        deadline,
      ]),
    ),
  );
  clearTimeout(timer);
  const count = (what: string) => ended.filter((e) => e === what).length;
  return { completed: count('completed'), failed: count('failed'), pending: count('late') };
}

/**
 * The breaker's cost on the fast path: a closed breaker whose view is cached. The gate is warmed first,
 * so its first-use query (one round trip to Temporal) is not in the figures.
 */
async function measureGateOverhead(stack: BenchStack) {
  await terminateBreakers(stack.client);
  const gate = createBreakerGate({ client: stack.client, taskQueue: `bench-overhead-${randomUUID()}` });
  const call = async (): Promise<undefined> => undefined;
  try {
    for (let i = 0; i < OVERHEAD_WARM_UP_CALLS; i++) {
      await call();
      await gate.run('sms', call);
    }
    const bare: number[] = [];
    const gated: number[] = [];
    const time = async (into: number[], fn: () => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      await fn();
      into.push(Number(process.hrtime.bigint() - start) / 1_000);
    };
    for (let i = 0; i < OVERHEAD_CALLS; i++) {
      // Alternate the order so that neither side always runs on a warmer cache.
      if (i % 2 === 0) {
        await time(bare, call);
        await time(gated, () => gate.run('sms', call));
      } else {
        await time(gated, () => gate.run('sms', call));
        await time(bare, call);
      }
    }
    const b = sortedNumbers(bare);
    const g = sortedNumbers(gated);
    return {
      bare: { p50: quantile(b, 0.5), p99: quantile(b, 0.99) },
      gated: { p50: quantile(g, 0.5), p99: quantile(g, 0.99) },
    };
  } finally {
    await gate.close();
  }
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((100 * part) / whole)} %`;
}

/** When each attempt is due after the first, without jitter (Temporal's own schedule), in ms. */
function unjitteredSchedule(): number[] {
  const due = [0];
  for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++)
    due.push((due[attempt - 1] ?? 0) + backoffCeiling(attempt, DEFAULT_BACKOFF));
  return due;
}

function printHerd(results: readonly HerdResult[]): void {
  const still = (r: HerdResult) => WORKFLOWS - r.exhaustedAtRecovery;
  const rows: [string, (r: HerdResult) => string][] = [
    [`${WORKFLOWS} workflow starts took`, (r) => `${r.startsTookMs} ms`],
    ['first attempts held, released at notBefore', (r) => `${r.heldAtNotBefore}/${WORKFLOWS}`],
    ['  …all there (or gave up) after the first start', (r) => `${r.allHeldAfterMs} ms`],
    ['workflows that made a first attempt', (r) => `${r.firstAttempts}/${WORKFLOWS}`],
    ['first attempts spread over (first to last)', (r) => `${r.firstAttemptSpreadMs} ms`],
    ['  …last one after notBefore', (r) => `${r.lastFirstAttemptAfterNotBeforeMs} ms`],
    ['Twilio down for', (r) => `${r.outageMs} ms`],
    [
      'failures per workflow at recovery (min–max)',
      (r) => `${r.minFailuresAtRecovery}–${r.maxFailuresAtRecovery}`,
    ],
    [`workflows failed ≥${MIN_FAILURES}× by recovery`, (r) => `${r.failedEnoughAtRecovery}/${WORKFLOWS}`],
    [`…out of attempts (${MAX_ATTEMPTS}) already`, (r) => `${r.exhaustedAtRecovery}`],
    ['…still retrying', (r) => `${still(r)}`],
    [`SMS requests in first ${WINDOW_MS / 1_000} s after recovery`, (r) => `${r.requestsInWindow}`],
    [`peak per ${BUCKET_MS} ms`, (r) => `${r.peakPer100ms}`],
    ['  …at (ms after recovery)', (r) => `${r.peakAtMs}`],
    ['  …as a rate', (r) => `${(r.peakPer100ms * 1_000) / BUCKET_MS}/s`],
    ['  …share of those still retrying', (r) => percent(r.peakPer100ms, still(r))],
    ['peak per second (sliding 1 s window)', (r) => `${r.peakPerSecond}/s`],
    ['  …share of those still retrying', (r) => percent(r.peakPerSecond, still(r))],
    ['SMS sent (ledger)', (r) => `${r.smsSent}`],
    ['workflows completed / failed / unfinished', (r) => `${r.completed} / ${r.failed} / ${r.pending}`],
  ];
  const label = Math.max(...rows.map(([name]) => name.length)) + 2;
  const col = 16;
  const line = (name: string, cells: string[]) =>
    console.log(name.padEnd(label) + cells.map((c) => c.padStart(col)).join(''));
  const due = unjitteredSchedule().map((ms) => ms / 1_000);
  console.log(
    `\nThundering herd: ${WORKFLOWS} herdSms workflows (bench bundle: sendSmsToBorrower, policy singleSubmit, no ` +
      `breaker wait) start at once;\nthe worker holds each first attempt until all ${WORKFLOWS} are there, then ` +
      `releases them at one instant, notBefore (retries are not held).\nThe Twilio simulator refuses ` +
      `connections from ${DOWN_BEFORE_MS / 1_000} s before notBefore to ${RECOVER_AFTER_MS / 1_000} s after it, ` +
      `so every first attempt fails at once.\nWithout jitter attempts are due at ${due.join(', ')} s after the ` +
      `first (maximumAttempts ${MAX_ATTEMPTS}, initialInterval ` +
      `${ActivityPolicy.singleSubmit.retry.initialInterval}, coefficient ` +
      `${ActivityPolicy.singleSubmit.retry.backoffCoefficient});\nwith jitter each delay is drawn over its ` +
      `window (DEFAULT_BACKOFF, initialMs ${DEFAULT_BACKOFF.initialMs}). Pass-through breaker gate (no breaker ` +
      `can open);\nproduction activities, one worker; both modes in this one run, each on a fresh task queue.\n`,
  );
  line(
    '',
    results.map((r) => `jitter ${r.jitter}`),
  );
  line(
    '-'.repeat(label - 2),
    results.map(() => '-'.repeat(col - 2)),
  );
  for (const [name, cell] of rows) line(name, results.map(cell));
  console.log(`\nSMS requests per ${TIMELINE_BUCKET_MS} ms after recovery:`);
  for (const r of results)
    console.log(`  jitter ${r.jitter.padEnd(4)} ${r.timeline.map((n) => String(n).padStart(4)).join('')}`);
}

function printOverhead(o: Awaited<ReturnType<typeof measureGateOverhead>>): void {
  const us = (n: number) => `${n.toFixed(2)} µs`;
  console.log(
    `\nBreaker overhead when closed: ${OVERHEAD_CALLS} calls of gate.run('sms', async () => undefined) vs the ` +
      `bare call,\nthrough a real createBreakerGate (no breaker workflow: reads as closed), after ` +
      `${OVERHEAD_WARM_UP_CALLS} warm-up calls\n(so the first-use query of the breaker is excluded).\n`,
  );
  const rows = [
    ['bare call', us(o.bare.p50), us(o.bare.p99)],
    ['through the gate', us(o.gated.p50), us(o.gated.p99)],
    ['overhead', us(o.gated.p50 - o.bare.p50), us(o.gated.p99 - o.bare.p99)],
  ];
  console.log(`${''.padEnd(20)}${'median'.padStart(14)}${'p99'.padStart(14)}`);
  for (const [name, p50, p99] of rows)
    console.log(`${name!.padEnd(20)}${p50!.padStart(14)}${p99!.padStart(14)}`);
}

async function main(): Promise<void> {
  const began = Date.now();
  // The bench bundle: production workflows plus herdSms.
  const stack = await startBenchStack({ workflowsPath: require.resolve('./workflows/bare') });
  guardBenchmark(() => stack.teardown(), WATCHDOG_MS);
  try {
    const herds: HerdResult[] = [];
    for (const jitter of ['on', 'off'] as const) herds.push(await runHerd(stack, jitter));
    const overhead = await measureGateOverhead(stack);
    printHerd(herds);
    printOverhead(overhead);
    console.log(`\n(total ${((Date.now() - began) / 1_000).toFixed(1)} s)`);
  } finally {
    await stack.teardown();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
