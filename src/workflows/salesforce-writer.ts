import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { SalesforceWriterActivities } from '../activities/salesforce-writer';
import { externalIdOf, PendingWrites, SALESFORCE_BATCH_SIZE } from '../domain/salesforce-batching';
import type { PendingRecord } from '../domain/salesforce-batching';
import type { SalesforceWrite } from '../domain/salesforce-writes';
import { FailureType } from '../resilience/failure-types';
import { ActivityPolicy } from '../resilience/policies';
import { whenHealthy } from './integration-health';
import { queueSalesforceWritesSignal, salesforceWriterQuery } from './salesforce-writer-messages';
import type {
  ObservedApiUsage,
  SalesforceRecordFailure,
  SalesforceWriterView,
  WriterHold,
} from './salesforce-writer-messages';

const { upsertSalesforceRecords } = proxyActivities<SalesforceWriterActivities>(
  ActivityPolicy.idempotentWrite,
);
const { readSalesforceApiUsage } = proxyActivities<SalesforceWriterActivities>(ActivityPolicy.quickRead);

export interface SalesforceWriterSettings {
  /** Usage (used / max) from which deferrable writes are held. */
  usageThreshold: number;
  /** How long the first pending record waits for company before a partial batch goes out (ms). */
  batchWindowMs: number;
  /** How often held writes re-read the org's usage (ms); also the wait after a call failed for good. */
  usageRecheckMs: number;
  /** History events after which the writer continues as new (the server may suggest it sooner). */
  historyLimit: number;
}

export const DEFAULT_WRITER_SETTINGS: SalesforceWriterSettings = {
  usageThreshold: 0.8,
  batchWindowMs: 2_000,
  usageRecheckMs: 15 * 60_000,
  historyLimit: 2_000,
};

/** What one run hands to the next across continue-as-new. */
export interface SalesforceWriterCarry {
  pending: PendingRecord[];
  flushes: number;
  recordsWritten: number;
  recordsFailed: number;
  recentFailures: SalesforceRecordFailure[];
  lastApiUsage?: ObservedApiUsage;
  usageCheckedAt?: number;
  quotaExhausted: boolean;
}

export interface SalesforceWriterInput {
  sobject: string;
  externalIdField: string;
  settings?: Partial<SalesforceWriterSettings>;
  carry?: SalesforceWriterCarry;
}

/** Per-record failures kept for operators. */
const RECENT_FAILURES = 50;

/**
 * The batched writer of one sObject by one external ID field. Writes from every workflow arrive by
 * signal, merge by external ID, and leave as sObject Collections upserts of up to 200 records: when 200
 * are pending or the batching window has passed. Above the usage threshold deferrable records wait for
 * the budget (re-checked on a durable timer) while urgent ones still go out; a spent budget or an open
 * breaker makes everything wait, durably; nothing queued is dropped except records Salesforce refuses,
 * which operators see in the `salesforceWriterState` query.
 */
export async function salesforceWriter(input: SalesforceWriterInput): Promise<void> {
  const { sobject, externalIdField } = input;
  const settings = { ...DEFAULT_WRITER_SETTINGS, ...input.settings };
  const carry = input.carry;
  const pending = new PendingWrites(carry?.pending ?? []);
  const recentFailures = [...(carry?.recentFailures ?? [])];
  let flushes = carry?.flushes ?? 0;
  let recordsWritten = carry?.recordsWritten ?? 0;
  let recordsFailed = carry?.recordsFailed ?? 0;
  let lastApiUsage = carry?.lastApiUsage;
  /** When the writer last learned the budget (epoch ms): a flush's answer or a look at the limits. */
  let usageCheckedAt = carry?.usageCheckedAt;
  let quotaExhausted = carry?.quotaExhausted ?? false;
  let unavailable = false;
  let inFlight = 0;
  let windowStartedAt: number | undefined;

  const now = () => new Date().toISOString();
  const fail = (failure: Omit<SalesforceRecordFailure, 'at'>) => {
    recordsFailed += 1;
    recentFailures.push({ ...failure, at: now() });
    if (recentFailures.length > RECENT_FAILURES)
      recentFailures.splice(0, recentFailures.length - RECENT_FAILURES);
  };
  const overThreshold = () =>
    lastApiUsage !== undefined && lastApiUsage.used >= lastApiUsage.max * settings.usageThreshold;
  const usageAge = () => (usageCheckedAt === undefined ? Infinity : Date.now() - usageCheckedAt);
  const sendable = () => (overThreshold() ? pending.count('urgent') : pending.count());
  const hold = (): WriterHold => {
    if (quotaExhausted) return 'quota-exhausted';
    if (unavailable) return 'integration-unavailable';
    return overThreshold() && pending.count('deferrable') > 0 ? 'api-usage' : 'none';
  };
  const historyFull = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > settings.historyLimit;

  setHandler(queueSalesforceWritesSignal, (writes) => {
    for (const write of writes) {
      const problem = refuse(write, sobject, externalIdField);
      if (problem)
        fail({
          externalId: externalIdOf(write) ?? '',
          statusCode: 'INVALID_WRITE',
          message: problem,
          fields: [],
        });
      else pending.add(write);
    }
  });
  setHandler(salesforceWriterQuery, (): SalesforceWriterView => ({
    sobject,
    externalIdField,
    pending: { urgent: pending.count('urgent'), deferrable: pending.count('deferrable') },
    inFlight,
    deferred: overThreshold() ? pending.count('deferrable') : 0,
    hold: hold(),
    flushes,
    recordsWritten,
    recordsFailed,
    ...(lastApiUsage ? { lastApiUsage } : {}),
    recentFailures: [...recentFailures],
  }));

  /**
   * Re-reads the org's usage. A spent budget answers with QuotaExhausted, which is an answer too; any other
   * failure leaves the last view in place (the next call through the breaker finds out more).
   */
  async function readUsage(): Promise<void> {
    usageCheckedAt = Date.now();
    try {
      const usage = await readSalesforceApiUsage();
      lastApiUsage = { ...usage, at: now() };
      quotaExhausted = usage.used >= usage.max;
    } catch (err) {
      if (isCancellation(err)) throw err;
      if (failureTypeOf(err) === FailureType.QuotaExhausted) quotaExhausted = true;
    }
  }

  async function flush(batch: PendingRecord[]): Promise<void> {
    inFlight = batch.length;
    try {
      const summary = await whenHealthy('salesforce', () =>
        upsertSalesforceRecords({ sobject, externalIdField, records: batch.map((r) => r.record) }),
      );
      flushes += 1;
      recordsWritten += summary.written;
      for (const rejected of summary.rejected) fail(rejected);
      if (summary.apiUsage) {
        lastApiUsage = { ...summary.apiUsage, at: now() };
        usageCheckedAt = Date.now();
      }
    } catch (err) {
      if (isCancellation(err)) throw err;
      const type = failureTypeOf(err);
      if (type === FailureType.QuotaExhausted) {
        pending.restore(batch);
        quotaExhausted = true;
      } else if (type !== undefined && PERMANENT.has(type)) {
        const message = (err as ActivityFailure).cause?.message ?? String(err);
        for (const record of batch) {
          fail({
            externalId: record.externalId,
            statusCode: type,
            message: message.slice(0, 300),
            fields: [],
          });
        }
      } else {
        // Retries ran out on a transient failure (the breaker stayed closed): try the batch again later.
        pending.restore(batch);
        unavailable = true;
      }
    } finally {
      inFlight = 0;
    }
  }

  while (!historyFull()) {
    if (quotaExhausted || unavailable) {
      await sleep(settings.usageRecheckMs);
      unavailable = false;
      if (quotaExhausted) await readUsage();
      continue;
    }
    if (sendable() === 0) {
      windowStartedAt = undefined;
      if (overThreshold() && pending.count('deferrable') > 0) {
        // Deferrable records are held: look at the budget again on a durable timer, or sooner for urgent ones.
        const recheckIn = settings.usageRecheckMs - usageAge();
        if (recheckIn > 0) {
          await condition(() => pending.count('urgent') > 0 || historyFull(), recheckIn);
          continue;
        }
        await readUsage();
        // Released records have waited far longer than a batching window: send them now.
        if (!overThreshold()) windowStartedAt = Date.now() - settings.batchWindowMs;
      } else {
        await condition(() => sendable() > 0 || historyFull());
      }
      continue;
    }
    windowStartedAt ??= Date.now();
    const windowLeft = windowStartedAt + settings.batchWindowMs - Date.now();
    if (sendable() < SALESFORCE_BATCH_SIZE && windowLeft > 0) {
      await condition(() => sendable() >= SALESFORCE_BATCH_SIZE || historyFull(), windowLeft);
      continue;
    }
    // Deferrable records go out only on a fresh view of the budget (at most one look per re-check period).
    const urgentOnly = overThreshold();
    if (!urgentOnly && pending.count('deferrable') > 0 && usageAge() >= settings.usageRecheckMs) {
      await readUsage();
      continue;
    }
    await flush(pending.take(SALESFORCE_BATCH_SIZE, urgentOnly));
    // Records that arrived during the flush get a window of their own, not the one already spent.
    windowStartedAt = sendable() > 0 ? Date.now() : undefined;
  }

  await condition(allHandlersFinished);
  const next: SalesforceWriterCarry = {
    pending: pending.toJSON(),
    flushes,
    recordsWritten,
    recordsFailed,
    recentFailures,
    quotaExhausted,
    ...(lastApiUsage ? { lastApiUsage } : {}),
    ...(usageCheckedAt === undefined ? {} : { usageCheckedAt }),
  };
  await continueAsNew<typeof salesforceWriter>({ ...input, carry: next });
}

/** Whole-call failures that repeating cannot fix: the batch's records are reported, not retried. */
const PERMANENT: ReadonlySet<string> = new Set([
  FailureType.IntegrationRejected,
  FailureType.InvalidIntegrationResponse,
  FailureType.InvalidInput,
  FailureType.OutcomeUnknown,
]);

function failureTypeOf(err: unknown): string | undefined {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure
    ? (err.cause.type ?? undefined)
    : undefined;
}

/** Why the writer cannot take a write, or undefined when it can. */
function refuse(write: SalesforceWrite, sobject: string, externalIdField: string): string | undefined {
  if (write.sobject !== sobject || write.externalIdField !== externalIdField) {
    return `a ${write.sobject} write by ${write.externalIdField} reached the ${sobject} writer by ${externalIdField}`;
  }
  if (externalIdOf(write) === undefined) return `the record has no ${externalIdField}`;
  return undefined;
}
