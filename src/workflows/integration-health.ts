import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { condition, getExternalWorkflowHandle, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { IntegrationName } from '../domain/integrations';
import { FailureType } from '../resilience/failure-types';
import { breakerWorkflowId, integrationRecoveredSignal, subscribeToRecoverySignal } from './breaker-messages';

/** After a recovery, resume within this window (deterministic random) so waiting workflows do not stampede. */
const RESUME_SPREAD_MS = 10_000;

const recovered = new Set<IntegrationName>();
let handlerInstalled = false;

/** True when an activity failed because the integration's breaker is open (no call was made). */
export function isBreakerOpen(err: unknown): boolean {
  return (
    err instanceof ActivityFailure &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === FailureType.BreakerOpen
  );
}

/**
 * Waits, durably and without polling, until the integration's breaker closes: the breaker workflow
 * signals back when its probe succeeds. Then waits a jittered moment so the herd comes back spread out.
 */
export async function waitUntilHealthy(integration: IntegrationName): Promise<void> {
  if (!handlerInstalled) {
    setHandler(integrationRecoveredSignal, ({ integration: which }) => void recovered.add(which));
    handlerInstalled = true;
  }
  recovered.delete(integration);
  try {
    await getExternalWorkflowHandle(breakerWorkflowId(integration)).signal(subscribeToRecoverySignal, {
      workflowId: workflowInfo().workflowId,
    });
  } catch {
    return; // No breaker workflow: nothing is open.
  }
  await condition(() => recovered.has(integration));
  await sleep(Math.floor(Math.random() * RESUME_SPREAD_MS) + 1);
}

/** Runs `call`; while the integration's breaker is open, waits for it to close and runs it again. */
export async function whenHealthy<T>(integration: IntegrationName, call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!isBreakerOpen(err)) throw err;
      await waitUntilHealthy(integration);
    }
  }
}
