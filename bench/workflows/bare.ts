// Benchmark-only workflow bundle: every production workflow, plus a bare one-activity workflow that gives
// the rate of the server and worker themselves (bench/loan-sync.ts) and the synchronised SMS herd
// (bench/thundering-herd.ts). Nothing in src/ bundles it.
import { proxyActivities } from '@temporalio/workflow';
import { ActivityPolicy } from '../../src/resilience/policies';
import type { BareActivities } from '../lib/bare-activities';

export * from '../../src/workflows';
export * from './herd';

const { bareNoop } = proxyActivities<BareActivities>(ActivityPolicy.bookkeeping);

/** One activity and nothing else: a workflow start, one activity task, a completion. */
export async function bareOneActivity(n: number): Promise<number> {
  return await bareNoop(n);
}
