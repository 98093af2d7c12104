import type { HttpResponse } from 'jsforce';
import { z } from 'zod';
import { PermanentIntegrationError, TransientIntegrationError } from '../resilience/errors';
import { FailureType } from '../resilience/failure-types';
import { parseRetryAfter } from './http';

const restErrorSchema = z
  .array(z.object({ errorCode: z.string(), message: z.string() }))
  .min(1)
  .transform((errors) => ({ code: errors[0]!.errorCode, message: errors[0]!.message }));
const oauthErrorSchema = z
  .object({ error: z.string(), error_description: z.string().optional() })
  .transform((e) => ({ code: e.error, message: e.error_description ?? '' }));

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Classifies a failed exchange at the boundary, from the answer when there was one (status, Salesforce's
 * `[{errorCode, message}]` or OAuth's `{error, error_description}`) or else from the network error.
 * A spent daily API budget is permanent for this call: the workflow waits for the budget, not the retry.
 */
export function classifySalesforceFailure(
  err: unknown,
  answer: HttpResponse | undefined,
  target: string,
  timeoutMs: number,
): Error {
  if (!answer) return networkFailure(err, target, timeoutMs);
  const status = answer.statusCode;
  const { code, message } = describeBody(answer.body);
  const detail = `${target} answered ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    return new PermanentIntegrationError('salesforce', FailureType.QuotaExhausted, detail, status);
  }
  if (RETRYABLE_STATUS.has(status)) {
    return new TransientIntegrationError('salesforce', 'status', detail, {
      status,
      retryAfterMs: parseRetryAfter(answer.headers['retry-after'] ?? null),
    });
  }
  return new PermanentIntegrationError('salesforce', FailureType.IntegrationRejected, detail, status);
}

function describeBody(body: string): { code?: string; message?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  const rest = restErrorSchema.safeParse(parsed);
  if (rest.success) return rest.data;
  const oauth = oauthErrorSchema.safeParse(parsed);
  return oauth.success ? oauth.data : {};
}

function networkFailure(err: unknown, target: string, timeoutMs: number): TransientIntegrationError {
  const failure = err as { name?: string; code?: string; message?: string } | undefined;
  // jsforce aborts the fetch when our deadline passes; node-fetch reports that as an AbortError.
  if (failure?.name === 'AbortError') {
    return new TransientIntegrationError(
      'salesforce',
      'timeout',
      `${target} timed out after ${timeoutMs} ms`,
    );
  }
  const reason = failure?.code === 'ECONNREFUSED' ? 'connection-refused' : 'connection-lost';
  return new TransientIntegrationError(
    'salesforce',
    reason,
    `${target} failed: ${failure?.code ?? failure?.message ?? String(err)}`,
  );
}
