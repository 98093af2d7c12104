import { createHmac } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { LOAN_ID, PROCESS, workflowIdFor } from '../domain/processes';
import type { ProcessName } from '../domain/processes';

/** The IETF `Idempotency-Key` header: the caller's key becomes the workflow ID. */
export const idempotencyKeySchema = z
  .string({ error: 'the Idempotency-Key header is required' })
  .min(8, 'Idempotency-Key must be at least 8 characters')
  .max(200, 'Idempotency-Key must be at most 200 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'Idempotency-Key may hold only letters, digits and . _ : -');

export interface StartOnceRequest {
  process: ProcessName;
  workflowType: string;
  idempotencyKey: string;
  loanId: string;
  args: unknown[];
  fingerprint: string;
}

export interface StartOnceOutcome {
  workflowId: string;
  /** True when this key had already started the workflow: the answer is a replay of the first one. */
  replayed: boolean;
}

/** The same key came with a different request body. */
export class IdempotencyConflictError extends Error {
  override name = 'IdempotencyConflictError';
}

/** HMAC of the canonical request: equal bodies give equal fingerprints, and no PII can be read back. */
export function fingerprintRequest(secret: string, body: unknown): string {
  return createHmac('sha256', secret).update(canonicalJson(body)).digest('hex');
}

/**
 * Starts the workflow for this key once. A repeat with the same body finds the existing workflow
 * (running, done or failed); a repeat with another body is a conflict.
 */
export async function startOnce(
  client: Client,
  taskQueue: string,
  request: StartOnceRequest,
): Promise<StartOnceOutcome> {
  const workflowId = workflowIdFor(request.process, request.idempotencyKey);
  try {
    await client.workflow.start(request.workflowType, {
      workflowId,
      taskQueue,
      args: request.args,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { requestFingerprint: request.fingerprint },
      typedSearchAttributes: [
        { key: LOAN_ID, value: request.loanId },
        { key: PROCESS, value: request.process },
      ],
    });
    return { workflowId, replayed: false };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  const description = await client.workflow.getHandle(workflowId).describe();
  if (description.memo?.requestFingerprint !== request.fingerprint) {
    throw new IdempotencyConflictError(
      `Idempotency-Key ${request.idempotencyKey} was already used for a different ${request.process} request; send a new key for a new request`,
    );
  }
  return { workflowId, replayed: true };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
