import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

export type ProcessStatus =
  | { status: 'running' }
  | { status: 'completed'; result: unknown }
  | { status: 'failed'; error: { type: string; message: string; retryable: boolean } }
  | { status: 'terminated' | 'cancelled' | 'timed-out' };

/** What Salesforce sees of one process: its state, and its result or a clear failure once it ends. */
export async function readProcessStatus(
  client: Client,
  workflowId: string,
): Promise<ProcessStatus | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  switch (description.status.name) {
    case 'RUNNING':
    case 'CONTINUED_AS_NEW':
      return { status: 'running' };
    case 'COMPLETED':
      return { status: 'completed', result: await handle.result() };
    case 'FAILED':
      return { status: 'failed', error: await failureOf(handle.result()) };
    case 'TERMINATED':
      return { status: 'terminated' };
    case 'CANCELLED':
      return { status: 'cancelled' };
    default:
      return { status: 'timed-out' };
  }
}

async function failureOf(
  result: Promise<unknown>,
): Promise<{ type: string; message: string; retryable: boolean }> {
  try {
    await result;
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      const cause = innermost(err.cause);
      if (cause instanceof ApplicationFailure) {
        return {
          type: cause.type ?? 'ApplicationFailure',
          message: cause.message,
          retryable: !cause.nonRetryable,
        };
      }
      return { type: 'WorkflowFailed', message: cause?.message ?? err.message, retryable: false };
    }
    throw err;
  }
  return { type: 'WorkflowFailed', message: 'the workflow failed', retryable: false };
}

function innermost(err: Error | undefined): Error | undefined {
  let current = err;
  while (current && current.cause instanceof Error && !(current instanceof ApplicationFailure))
    current = current.cause;
  return current;
}
