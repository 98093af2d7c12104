import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SalesforceApiUsage, SalesforceClient } from '../clients/salesforce-client';
import { assertName, chunksOf, FIELD_PATH, SOBJECT_NAME } from '../clients/salesforce-soql';
import { PROCESS } from '../domain/processes';
import { externalIdOf, groupByWriter, SALESFORCE_BATCH_SIZE } from '../domain/salesforce-batching';
import type { SalesforceFieldValue, SalesforceWrite } from '../domain/salesforce-writes';
import { DEFAULT_RETRY_SHAPING, toActivityFailure } from '../resilience/activity-failure';
import type { RetryShaping } from '../resilience/activity-failure';
import type { BreakerGate } from '../resilience/breaker-gate';
import { FailureType } from '../resilience/failure-types';
import { queueSalesforceWritesSignal, salesforceWriterId } from '../workflows/salesforce-writer-messages';
import type { SalesforceWriterInput } from '../workflows/salesforce-writer';

export interface SalesforceWriterDeps {
  salesforce: SalesforceClient;
  breakers: BreakerGate;
  /** Starts and signals the writer workflows. */
  client: Client;
  /** Task queue the writer workflows run on. */
  taskQueue: string;
  shaping?: RetryShaping;
}

/** One collection upsert: at most 200 records of one sObject, keyed by one external ID field. */
export interface SalesforceUpsertBatch {
  sobject: string;
  externalIdField: string;
  records: Record<string, SalesforceFieldValue>[];
}

/** A record Salesforce refused (no field values: it travels into workflow history). */
export interface RejectedRecord {
  externalId: string;
  statusCode: string;
  message: string;
  fields: string[];
}

export interface SalesforceUpsertSummary {
  written: number;
  created: number;
  rejected: RejectedRecord[];
  /** The org's usage as Salesforce reported it on this call's answer. */
  apiUsage?: SalesforceApiUsage;
}

export interface QueuedSalesforceWrites {
  /** Each writer signalled, with the number of writes it was given. */
  writers: { workflowId: string; writes: number }[];
}

/** Writes per signal: keeps each signal's payload far below Temporal's blob limit. */
const WRITES_PER_SIGNAL = SALESFORCE_BATCH_SIZE;
/** Salesforce's messages are admin-written; keep operators' view bounded. */
const MESSAGE_LIMIT = 300;

export function createSalesforceWriterActivities({
  salesforce,
  breakers,
  client,
  taskQueue,
  shaping = DEFAULT_RETRY_SHAPING,
}: SalesforceWriterDeps) {
  return {
    /**
     * Hands writes to the batched writer of their (sObject, external ID field), starting it if need be.
     * Repeating it after a partial failure is harmless: the writer merges writes by external ID.
     */
    async queueSalesforceWrites(writes: SalesforceWrite[]): Promise<QueuedSalesforceWrites> {
      writes.forEach(checkWrite);
      const writers: QueuedSalesforceWrites['writers'] = [];
      for (const group of groupByWriter(writes)) {
        const workflowId = salesforceWriterId(group.sobject, group.externalIdField);
        const input: SalesforceWriterInput = {
          sobject: group.sobject,
          externalIdField: group.externalIdField,
        };
        for (const chunk of chunksOf(group.writes, WRITES_PER_SIGNAL)) {
          await client.workflow.signalWithStart('salesforceWriter', {
            workflowId,
            taskQueue,
            args: [input],
            signal: queueSalesforceWritesSignal,
            signalArgs: [chunk],
            typedSearchAttributes: [{ key: PROCESS, value: 'salesforce-writer' }],
          });
        }
        writers.push({ workflowId, writes: group.writes.length });
      }
      return { writers };
    },

    /**
     * One sObject Collections upsert by external ID (`allOrNone: false`) through the Salesforce breaker.
     * Repeatable: an upsert by external ID converges. Records Salesforce refuses are reported, not thrown.
     */
    async upsertSalesforceRecords(batch: SalesforceUpsertBatch): Promise<SalesforceUpsertSummary> {
      let outcomes;
      try {
        outcomes = await breakers.run('salesforce', () =>
          salesforce.upsertByExternalId(batch.sobject, batch.externalIdField, batch.records),
        );
      } catch (err) {
        if (err instanceof RangeError) throw invalidInput(err);
        throw toActivityFailure(err, Context.current().info.attempt, { repeatable: true, shaping });
      }
      const apiUsage = salesforce.apiUsage();
      return {
        written: outcomes.filter((o) => o.success).length,
        created: outcomes.filter((o) => o.success && o.created === true).length,
        rejected: outcomes
          .filter((o) => !o.success)
          .map((o) => {
            const error = o.errors[0];
            return {
              externalId: o.externalId,
              statusCode: error?.statusCode ?? 'UNKNOWN_ERROR',
              message: (error?.message ?? 'Salesforce gave no reason').slice(0, MESSAGE_LIMIT),
              fields: error?.fields ?? [],
            };
          }),
        ...(apiUsage ? { apiUsage: { used: apiUsage.used, max: apiUsage.max } } : {}),
      };
    },

    /** The org's daily API request usage (`GET /limits`, itself one request). */
    async readSalesforceApiUsage(): Promise<SalesforceApiUsage> {
      try {
        const { dailyApiRequests } = await salesforce.limits();
        return { used: dailyApiRequests.max - dailyApiRequests.remaining, max: dailyApiRequests.max };
      } catch (err) {
        throw toActivityFailure(err, Context.current().info.attempt, { repeatable: true, shaping });
      }
    },
  };
}

export type SalesforceWriterActivities = ReturnType<typeof createSalesforceWriterActivities>;

/** A write the writer could never send is refused here, before it reaches a workflow. */
function checkWrite(write: SalesforceWrite, index: number): void {
  try {
    assertName(write.sobject, SOBJECT_NAME, 'sObject');
    assertName(write.externalIdField, FIELD_PATH, 'external ID field');
    if (write.priority !== 'urgent' && write.priority !== 'deferrable') {
      throw new RangeError(`priority must be urgent or deferrable`);
    }
    if (externalIdOf(write) === undefined) {
      throw new RangeError(`the record has no ${write.externalIdField}`);
    }
  } catch (err) {
    throw invalidInput(new RangeError(`write ${index}: ${(err as Error).message}`));
  }
}

function invalidInput(err: Error): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureType.InvalidInput,
    message: err.message,
    nonRetryable: true,
  });
}
