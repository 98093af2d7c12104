import { defineQuery, defineSignal } from '@temporalio/workflow';
import { workflowIdFor } from '../domain/processes';
import type { SalesforceWrite } from '../domain/salesforce-writes';

/** Writes for the writer's sObject and external ID field, merged into its pending batch. */
export const queueSalesforceWritesSignal = defineSignal<[SalesforceWrite[]]>('queueSalesforceWrites');

/** A record Salesforce refused, as operators see it: no field values, so no PII. */
export interface SalesforceRecordFailure {
  externalId: string;
  /** Salesforce's status code (`FIELD_CUSTOM_VALIDATION_EXCEPTION`, …) or the failure type of the call. */
  statusCode: string;
  message: string;
  fields: string[];
  /** ISO time the failure was seen. */
  at: string;
}

/** The org's daily API request allowance when the writer last looked. */
export interface ObservedApiUsage {
  used: number;
  max: number;
  /** ISO time of the observation. */
  at: string;
}

/** Why records are waiting rather than going out. */
export type WriterHold =
  | 'none'
  /** Usage is above the threshold: deferrable records wait, urgent ones still go out. */
  | 'api-usage'
  /** The daily budget is spent (`REQUEST_LIMIT_EXCEEDED`): everything waits for it to come back. */
  | 'quota-exhausted'
  /** A call failed after all its retries: the batch waits and is sent again. */
  | 'integration-unavailable';

export interface SalesforceWriterView {
  sobject: string;
  externalIdField: string;
  pending: { urgent: number; deferrable: number };
  /** Records of the call in progress. */
  inFlight: number;
  /** Deferrable records currently held back by API usage. */
  deferred: number;
  hold: WriterHold;
  flushes: number;
  recordsWritten: number;
  recordsFailed: number;
  lastApiUsage?: ObservedApiUsage;
  /** The most recent per-record failures, newest last. */
  recentFailures: SalesforceRecordFailure[];
}
export const salesforceWriterQuery = defineQuery<SalesforceWriterView>('salesforceWriterState');

/** One writer per (sObject, external ID field): `salesforce-writer:<sobject>:<externalIdField>`. */
export function salesforceWriterId(sobject: string, externalIdField: string): string {
  return workflowIdFor('salesforce-writer', `${sobject}:${externalIdField}`);
}
