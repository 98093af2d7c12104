import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { HealthActivities } from '../activities/health';
import type { IntegrationName } from '../domain/integrations';
import { BREAKER_STATE } from '../domain/processes';
import { initialBreakerState, recordOutcomes, recordProbe, startProbe } from '../resilience/breaker-state';
import type { BreakerPolicy, BreakerState, BreakerStatus } from '../resilience/breaker-state';
import { ActivityPolicy } from '../resilience/policies';
import {
  breakerStateQuery,
  integrationRecoveredSignal,
  reportOutcomesSignal,
  subscribeToRecoverySignal,
} from './breaker-messages';

const { probeIntegrationHealth } = proxyActivities<HealthActivities>(ActivityPolicy.healthProbe);

export interface CircuitBreakerInput {
  integration: IntegrationName;
  policy: BreakerPolicy;
  /** Carried across continue-as-new. */
  state?: BreakerState;
  waitingWorkflows?: string[];
}

/** Events after which the breaker continues as new, keeping its history small. */
const HISTORY_LIMIT = 2_000;

/**
 * The durable circuit breaker of one integration. Its state lives in Temporal, so every worker shares it
 * and it survives restarts; operators see it as the `breakerState` query and the `BreakerState` search
 * attribute. Open → cool-down timer → half-open probe → closed (waiting workflows are told) or open
 * again with a longer cool-down.
 */
export async function circuitBreaker(input: CircuitBreakerInput): Promise<void> {
  const { integration, policy } = input;
  let state = input.state ?? initialBreakerState(Date.now());
  const waiting = new Set(input.waitingWorkflows ?? []);

  setHandler(reportOutcomesSignal, (report) => {
    state = recordOutcomes(state, report, policy, Date.now());
  });
  setHandler(subscribeToRecoverySignal, ({ workflowId }) => void waiting.add(workflowId));
  setHandler(breakerStateQuery, () => ({ integration, ...state, waitingWorkflows: waiting.size }));

  let published: BreakerStatus | undefined;
  const publish = () => {
    if (published === state.status) return;
    upsertSearchAttributes([{ key: BREAKER_STATE, value: state.status }]);
    published = state.status;
  };
  const historyFull = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_LIMIT;

  while (!historyFull()) {
    publish();
    if (state.status === 'closed') {
      if (waiting.size > 0) await releaseWaiting(integration, waiting);
      await condition(() => state.status !== 'closed' || waiting.size > 0 || historyFull());
      continue;
    }
    const coolDownLeft = (state.openedAt ?? 0) + (state.coolDownMs ?? policy.coolDownMs) - Date.now();
    if (coolDownLeft > 0) await sleep(coolDownLeft);
    state = startProbe(state);
    publish();
    try {
      await probeIntegrationHealth(integration);
      state = recordProbe(state, true, policy, Date.now());
    } catch (err) {
      state = recordProbe(state, false, policy, Date.now(), (err as Error).message);
    }
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof circuitBreaker>({ integration, policy, state, waitingWorkflows: [...waiting] });
}

async function releaseWaiting(integration: IntegrationName, waiting: Set<string>): Promise<void> {
  const ids = [...waiting];
  waiting.clear();
  // A waiting workflow may have finished meanwhile; its signal failing is not the breaker's problem.
  await Promise.all(
    ids.map((id) =>
      getExternalWorkflowHandle(id)
        .signal(integrationRecoveredSignal, { integration })
        .catch(() => undefined),
    ),
  );
}
