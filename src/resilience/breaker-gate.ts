import {
  QueryRejectCondition,
  QueryRejectedError,
  WorkflowClient,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { IntegrationName } from '../domain/integrations';
import { PROCESS } from '../domain/processes';
import { breakerStateQuery, breakerWorkflowId, reportOutcomesSignal } from '../workflows/breaker-messages';
import type { BreakerView } from '../workflows/breaker-messages';
import type { CircuitBreakerInput } from '../workflows/circuit-breaker';
import { DEFAULT_BREAKER_POLICY } from './breaker-state';
import type { BreakerPolicy, OutcomeReport } from './breaker-state';
import { isTransientIntegrationError } from './errors';

/** Thrown instead of calling an integration whose breaker is open. Recognised by its marker property. */
export class BreakerOpenError extends Error {
  readonly breakerOpen = true;
  constructor(
    readonly integration: IntegrationName,
    readonly status: string,
  ) {
    super(`${integration}: circuit breaker is ${status}; the call was not made`);
    this.name = 'BreakerOpenError';
  }
}

export function isBreakerOpenError(err: unknown): err is BreakerOpenError {
  return typeof err === 'object' && err !== null && (err as Partial<BreakerOpenError>).breakerOpen === true;
}

/** The activity side of the durable breakers: fail fast when open, report outcomes to the breaker workflow. */
export interface BreakerGate {
  run<T>(integration: IntegrationName, call: () => Promise<T>): Promise<T>;
  /** Flushes pending reports; call on worker shutdown. */
  close(): Promise<void>;
}

export interface BreakerGateOptions {
  client: Client;
  /** Task queue the breaker workflows run on. */
  taskQueue: string;
  policies?: Partial<Record<IntegrationName, BreakerPolicy>>;
  /** How stale a worker's view of a breaker may get before it is re-read (ms). */
  refreshMs?: number;
  /** How long outcomes are batched before they are reported (ms). */
  flushMs?: number;
}

const OPEN_RECHECK_MS = 100;
// Long enough to outlast a dead worker's sticky queue (5 s) after a restart.
const QUERY_DEADLINE_MS = 10_000;

interface Local {
  view: BreakerView | undefined;
  fetchedAt: number;
  refreshing: Promise<void> | undefined;
  pending: OutcomeReport;
  flushTimer: NodeJS.Timeout | undefined;
}

/**
 * Each worker keeps a cached view of every breaker (re-read by query at most every `refreshMs`, in the
 * background once warm) so a closed breaker costs microseconds per call; the state itself lives in the
 * breaker workflow, shared by all workers and surviving restarts. Failures are reported in batches by
 * signal-with-start, which also creates the breaker the first time an integration fails.
 */
export function createBreakerGate(options: BreakerGateOptions): BreakerGate {
  const refreshMs = options.refreshMs ?? 1_000;
  const flushMs = options.flushMs ?? 200;
  const locals = new Map<IntegrationName, Local>();
  // A breaker that was terminated must read as "no breaker" at once, not wait for a replaying worker.
  const reader = new WorkflowClient({
    connection: options.client.connection,
    namespace: options.client.options.namespace,
    queryRejectCondition: QueryRejectCondition.NOT_OPEN,
  });

  const localOf = (integration: IntegrationName): Local => {
    let local = locals.get(integration);
    if (!local) {
      local = {
        view: undefined,
        fetchedAt: 0,
        refreshing: undefined,
        pending: { successes: 0, failures: 0 },
        flushTimer: undefined,
      };
      locals.set(integration, local);
    }
    return local;
  };

  const refresh = (integration: IntegrationName, local: Local): Promise<void> => {
    const handle = reader.getHandle(breakerWorkflowId(integration));
    local.refreshing ??= options.client.connection
      .withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(breakerStateQuery))
      .then(
        (view) => void (local.view = view),
        (err: unknown) => {
          if (err instanceof WorkflowNotFoundError || err instanceof QueryRejectedError)
            local.view = undefined;
          else throw err;
        },
      )
      .finally(() => {
        local.fetchedAt = Date.now();
        local.refreshing = undefined;
      });
    return local.refreshing;
  };

  const flush = async (integration: IntegrationName, local: Local): Promise<void> => {
    clearTimeout(local.flushTimer);
    local.flushTimer = undefined;
    const report = local.pending;
    local.pending = { successes: 0, failures: 0 };
    if (report.failures === 0 && report.successes === 0) return;
    const input: CircuitBreakerInput = {
      integration,
      policy: options.policies?.[integration] ?? DEFAULT_BREAKER_POLICY,
    };
    await options.client.workflow.signalWithStart('circuitBreaker', {
      workflowId: breakerWorkflowId(integration),
      taskQueue: options.taskQueue,
      args: [input],
      signal: reportOutcomesSignal,
      signalArgs: [report],
      typedSearchAttributes: [{ key: PROCESS, value: 'circuit-breaker' }],
    });
    // A failure may have opened it: re-read now, in the background, so no call waits on the query.
    void refresh(integration, local).catch(() => undefined);
  };

  const record = (integration: IntegrationName, local: Local, failed: boolean, failure?: string) => {
    if (failed) {
      local.pending.failures += 1;
      local.pending.lastFailure = failure;
    } else {
      // Successes matter only while the breaker is counting failures; otherwise they cost nothing.
      const counting =
        (local.view?.consecutiveFailures ?? 0) > 0 ||
        (local.view?.windowFailures ?? 0) > 0 ||
        local.pending.failures > 0;
      if (!counting) return;
      local.pending.successes += 1;
    }
    local.flushTimer ??= setTimeout(() => void flush(integration, local).catch(() => undefined), flushMs);
  };

  return {
    async run(integration, call) {
      const local = localOf(integration);
      const age = Date.now() - local.fetchedAt;
      const openInView = local.view !== undefined && local.view.status !== 'closed';
      // A breaker seen open is re-read before failing fast (it may just have closed); calls are rare then.
      // An unreadable breaker must not stop the business: the call goes ahead as if closed.
      if (local.fetchedAt === 0 || (openInView && age > OPEN_RECHECK_MS))
        await refresh(integration, local).catch(() => undefined);
      else if (age > refreshMs) void refresh(integration, local).catch(() => undefined);
      if (local.view && local.view.status !== 'closed')
        throw new BreakerOpenError(integration, local.view.status);
      try {
        const result = await call();
        record(integration, local, false);
        return result;
      } catch (err) {
        // Only the integration's own ill health counts: our bad requests and rate limits do not.
        if (isTransientIntegrationError(err) && !err.rateLimited)
          record(integration, local, true, err.message);
        throw err;
      }
    },
    async close() {
      await Promise.all(
        [...locals].map(([integration, local]) => flush(integration, local).catch(() => undefined)),
      );
    },
  };
}

/**
 * A gate with no breakers: every call goes through and nothing is reported. Only for measuring what the
 * breakers save (bench/credit-failover, bench/thundering-herd); production always uses
 * {@link createBreakerGate}.
 */
export function createPassThroughGate(): BreakerGate {
  return {
    run: async (_integration, call) => await call(),
    close: async () => undefined,
  };
}
