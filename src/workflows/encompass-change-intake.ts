import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LoanSyncActivities } from '../activities/loan-sync';
import { encompassTaskQueue } from '../domain/task-queues';
import { ActivityPolicy } from '../resilience/policies';
import { whenHealthy } from './integration-health';

const { routeEncompassChange } = proxyActivities<LoanSyncActivities>({
  ...ActivityPolicy.quickRead,
  taskQueue: encompassTaskQueue(workflowInfo().taskQueue),
});

export interface EncompassChangeInput {
  eventId: string;
  encompassLoanId: string;
}

/**
 * One Encompass webhook delivery, keyed `encompass-event:<eventId>`: a redelivered event finds this
 * workflow already started and is not taken twice. Fetches the loan and hands it to the loan's sync.
 */
export async function encompassChangeIntake(input: EncompassChangeInput): Promise<{ loanId?: string }> {
  return await whenHealthy('encompass', () => routeEncompassChange(input));
}
