import type { z } from 'zod';
import type { IntegrationName } from '../domain/integrations';
import { PermanentIntegrationError, TransientIntegrationError } from '../resilience/errors';
import { FailureType } from '../resilience/failure-types';

export interface HttpCall {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  /** Every call carries its own deadline, shorter than the activity's start-to-close timeout. */
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * One HTTP exchange with an integration, classified at the boundary: a 2xx answer is returned, transient
 * trouble (network, timeout, 408/429/5xx) throws {@link TransientIntegrationError}, anything else throws
 * {@link PermanentIntegrationError}. It never retries: retrying is Temporal's job.
 */
export async function callIntegration(integration: IntegrationName, call: HttpCall): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (err) {
    throw networkFailure(integration, call, err);
  }
  let body: unknown;
  try {
    const text = await response.text();
    body = text.length === 0 ? undefined : parseMaybeJson(text, response.headers.get('content-type'));
  } catch (err) {
    throw networkFailure(integration, call, err);
  }
  if (response.ok) return { status: response.status, headers: response.headers, body };
  const detail = `${call.method} ${new URL(call.url).pathname} answered ${response.status}`;
  if (RETRYABLE_STATUS.has(response.status)) {
    throw new TransientIntegrationError(integration, 'status', detail, {
      status: response.status,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    });
  }
  throw new PermanentIntegrationError(integration, FailureType.IntegrationRejected, detail, response.status);
}

/** Validates what a vendor sent against its contract; a mismatch is permanent and names the field. */
export function parseIntegrationResponse<T>(
  integration: IntegrationName,
  schema: z.ZodType<T>,
  body: unknown,
): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new PermanentIntegrationError(
    integration,
    FailureType.InvalidIntegrationResponse,
    `unexpected response at ${where}: ${issue?.message ?? 'invalid'}`,
  );
}

/** `Retry-After` as milliseconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseMaybeJson(text: string, contentType: string | null): unknown {
  if (contentType?.includes('json')) return JSON.parse(text);
  return text;
}

function networkFailure(
  integration: IntegrationName,
  call: HttpCall,
  err: unknown,
): TransientIntegrationError {
  const target = `${call.method} ${new URL(call.url).pathname}`;
  // Checked by name, not instanceof: fetch's errors may come from another realm (test sandboxes).
  const name = (err as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new TransientIntegrationError(
      integration,
      'timeout',
      `${target} timed out after ${call.timeoutMs} ms`,
    );
  }
  const code = errorCode(err);
  const reason = code === 'ECONNREFUSED' ? 'connection-refused' : 'connection-lost';
  return new TransientIntegrationError(integration, reason, `${target} failed: ${code ?? String(err)}`);
}

function errorCode(err: unknown): string | undefined {
  const failure = err as { code?: string; cause?: { code?: string } } | undefined;
  return failure?.cause?.code ?? failure?.code;
}
