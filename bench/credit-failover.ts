// Benchmark (issue 5, item 8): how long a credit pull takes to get a report when the primary bureau is hard
// down and its breaker is open, beside the healthy path and beside the same outage with breakers disabled.
// `npm run bench:credit-failover`. Everything runs on loopback: a Temporal CLI dev server, the simulators,
// one in-process worker with the production activities (a new one per scenario, on the same task queue).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from '@temporalio/worker';
import { creditPullRequestSchema } from '../src/domain/credit';
import type { BureauName, CreditPullRequest } from '../src/domain/credit';
import { createBreakerGate, createPassThroughGate } from '../src/resilience/breaker-gate';
import type { BreakerGate } from '../src/resilience/breaker-gate';
import { createProductionActivities } from '../src/worker';
import { breakerStateQuery, breakerWorkflowId } from '../src/workflows/breaker-messages';
import type { creditPull } from '../src/workflows';
import { startBenchStack, terminateBreakers } from './lib/stack';
import type { BenchStack } from './lib/stack';
import { quantile, sortedNumbers } from './lib/stats';

const REQUESTS = 30;
/** Requests in flight at once: a steady stream, so the figures are per-request latency, not queueing. */
const IN_FLIGHT = 5;
/** The whole run stays bounded; past this it cleans up and fails. */
const WATCHDOG_MS = 150_000;

interface Scenario {
  name: string;
  primaryDown: boolean;
  breakers: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'healthy primary (Experian)', primaryDown: false, breakers: true },
  { name: 'Experian hard down, breaker open', primaryDown: true, breakers: true },
  { name: 'Experian hard down, breakers disabled', primaryDown: true, breakers: false },
];

interface Figures {
  scenario: string;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  bureaus: Partial<Record<BureauName, number>>;
  hardInquiries: number;
}

async function main(): Promise<void> {
  const stack = await startBenchStack();
  const watchdog = setTimeout(() => {
    console.error(`credit-failover: still running after ${WATCHDOG_MS / 1000} s; giving up`);
    void stack.teardown().finally(() => process.exit(1));
  }, WATCHDOG_MS);
  const taskQueue = `bench-credit-${randomUUID()}`;
  try {
    const figures: Figures[] = [];
    for (const scenario of SCENARIOS) {
      const began = Date.now();
      figures.push(await run(stack, taskQueue, scenario));
      console.error(`  ${scenario.name}: done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    }
    print(figures);
  } finally {
    clearTimeout(watchdog);
    await stack.teardown();
  }
}

async function run(stack: BenchStack, taskQueue: string, scenario: Scenario): Promise<Figures> {
  const { client, sims } = stack;
  await Promise.all([sims.control.reset(), terminateBreakers(client)]);
  const { ids } = (await sims.control.system('salesforce').post('/records/Loan__c', {
    records: [{ Name: 'Benchmark loan' }],
  })) as { ids: string[] };
  const request = creditPullRequest(ids[0]!);
  const breakers: BreakerGate = scenario.breakers
    ? createBreakerGate({ client, taskQueue })
    : createPassThroughGate();
  const config = stack.workerConfig({ TEMPORAL_TASK_QUEUE: taskQueue });
  const worker = await Worker.create({
    connection: stack.env.nativeConnection,
    namespace: stack.env.namespace ?? 'default',
    taskQueue,
    workflowBundle: stack.workflowBundle,
    activities: createProductionActivities(config, { client, breakers }),
  });
  if (scenario.primaryDown) await sims.control.setFault('experian', { mode: 'down' });

  const pull = async (label: string) => {
    const began = performance.now();
    const result = await client.workflow.execute<typeof creditPull>('creditPull', {
      taskQueue,
      workflowId: `credit-pull:bench-${label}-${randomUUID()}`,
      args: [request],
    });
    return { ms: performance.now() - began, bureau: result.bureau };
  };

  const running = worker.run();
  try {
    // Unmeasured: the first pull warms the worker (workflow bundle, OAuth tokens); with breakers on and
    // Experian down, the warm-up pulls are the ones that open its breaker.
    if (scenario.primaryDown && scenario.breakers) await openBreaker(stack, pull);
    else await pull('warm-up');
    const before = (await sims.control.ledger({ kind: 'bureau.inquiry.hard' })).length;
    const samples: { ms: number; bureau: BureauName }[] = [];
    const progress = setInterval(() => console.error(`    ${samples.length}/${REQUESTS} reports`), 5_000);
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < REQUESTS) samples.push(await pull(`${next++}`));
      }),
    );
    clearInterval(progress);
    const hardInquiries = (await sims.control.ledger({ kind: 'bureau.inquiry.hard' })).length - before;
    const sorted = sortedNumbers(samples.map((s) => s.ms));
    const bureaus: Figures['bureaus'] = {};
    for (const s of samples) bureaus[s.bureau] = (bureaus[s.bureau] ?? 0) + 1;
    return {
      scenario: scenario.name,
      medianMs: quantile(sorted, 0.5),
      p95Ms: quantile(sorted, 0.95),
      maxMs: sorted[sorted.length - 1] ?? Number.NaN,
      bureaus,
      hardInquiries,
    };
  } finally {
    worker.shutdown();
    await running;
    await breakers.close();
  }
}

/** Pulls (each fails over after Experian's retries) until Experian's breaker reports open. */
async function openBreaker(stack: BenchStack, pull: (label: string) => Promise<unknown>): Promise<void> {
  const breaker = stack.client.workflow.getHandle(breakerWorkflowId('experian'));
  for (let i = 0; i < 5; i++) {
    await pull(`trip-${i}`);
    for (let wait = 0; wait < 20; wait++) {
      const view = await breaker.query(breakerStateQuery).catch(() => undefined);
      if (view?.status === 'open') return;
      await sleep(50);
    }
  }
  throw new Error("Experian's breaker did not open");
}

function creditPullRequest(loanId: string): CreditPullRequest {
  return creditPullRequestSchema.parse({
    loanId,
    borrowers: [
      {
        firstName: 'Grace',
        lastName: 'Hopper',
        ssn: '987-65-4320',
        dateOfBirth: '1980-12-09',
        currentAddress: { line1: '1 Navy Way', city: 'Arlington', state: 'VA', postalCode: '22202' },
      },
    ],
    pullType: 'hard',
    permissiblePurpose: 'credit-transaction',
    requestedBy: 'bench@lender.example',
  });
}

function print(figures: readonly Figures[]): void {
  const ms = (v: number) => `${Math.round(v)}`.padStart(8);
  console.log(
    `\ncredit-failover: time from start to report, ${REQUESTS} requests per scenario, ${IN_FLIGHT} in flight`,
  );
  console.log(
    `${'scenario'.padEnd(40)}${'median'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}  reports from / hard inquiries`,
  );
  for (const f of figures) {
    const from = Object.entries(f.bureaus)
      .map(([bureau, n]) => `${bureau}×${n}`)
      .join(' ');
    console.log(
      `${f.scenario.padEnd(40)}${ms(f.medianMs)}${ms(f.p95Ms)}${ms(f.maxMs)}  ${from} / ${f.hardInquiries}`,
    );
  }
  const [healthy, open, disabled] = figures;
  if (healthy && open && disabled) {
    const gap = (a: Figures, b: Figures) => `${Math.round(a.medianMs - b.medianMs)} ms`;
    console.log(
      `\nmedian, breaker open minus healthy: ${gap(open, healthy)}; ` +
        `breakers disabled minus breaker open: ${gap(disabled, open)} (Experian's retries before every failover)`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
