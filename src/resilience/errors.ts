import type { IntegrationName } from '../domain/integrations';
import type { FailureType } from './failure-types';

/** Why a transient failure happened; `timeout` and `connection-lost` mean the request may have been processed. */
export type TransientReason = 'connection-refused' | 'connection-lost' | 'timeout' | 'status';

/** An integration failed in a way that may pass. Thrown by clients, classified by activities. */
export class TransientIntegrationError extends Error {
  readonly transient = true;
  constructor(
    readonly integration: IntegrationName,
    readonly reason: TransientReason,
    message: string,
    readonly options: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(`${integration}: ${message}`);
    this.name = 'TransientIntegrationError';
  }

  get rateLimited(): boolean {
    return this.options.status === 429;
  }

  /** True when the request certainly never reached the vendor, so even a non-idempotent call may be repeated. */
  get notDelivered(): boolean {
    return this.reason === 'connection-refused' || this.options.status === 429 || this.options.status === 503;
  }
}

/** An integration refused the request or broke its contract; retrying cannot help. */
export class PermanentIntegrationError extends Error {
  readonly permanent = true;
  constructor(
    readonly integration: IntegrationName,
    readonly type:
      | typeof FailureType.IntegrationRejected
      | typeof FailureType.InvalidIntegrationResponse
      | typeof FailureType.QuotaExhausted,
    message: string,
    readonly status?: number,
  ) {
    super(`${integration}: ${message}`);
    this.name = 'PermanentIntegrationError';
  }
}

export function isTransientIntegrationError(err: unknown): err is TransientIntegrationError {
  return (
    typeof err === 'object' && err !== null && (err as Partial<TransientIntegrationError>).transient === true
  );
}

export function isPermanentIntegrationError(err: unknown): err is PermanentIntegrationError {
  return (
    typeof err === 'object' && err !== null && (err as Partial<PermanentIntegrationError>).permanent === true
  );
}
