import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { IntegrationName } from '../domain/integrations';
import type { BreakerState, OutcomeReport } from '../resilience/breaker-state';

/** Workers report the outcomes of calls they made through the breaker, batched. */
export const reportOutcomesSignal = defineSignal<[OutcomeReport]>('reportOutcomes');
/** A workflow asks to be told when the integration is healthy again. */
export const subscribeToRecoverySignal = defineSignal<[{ workflowId: string }]>('subscribeToRecovery');
/** Sent by the breaker to each subscriber once the integration is healthy. */
export const integrationRecoveredSignal =
  defineSignal<[{ integration: IntegrationName }]>('integrationRecovered');

export interface BreakerView extends BreakerState {
  integration: IntegrationName;
  waitingWorkflows: number;
}
export const breakerStateQuery = defineQuery<BreakerView>('breakerState');

/** One breaker per integration, shared by every worker: its workflow ID is the integration's name. */
export function breakerWorkflowId(integration: IntegrationName): string {
  return `circuit-breaker:${integration}`;
}
