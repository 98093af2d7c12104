import { z } from 'zod';
import { parseIntegrationResponse } from './http';
import { limitsSchema, queryPageSchema, saveResultSchema } from './salesforce-schemas';
import type { QueryPage } from './salesforce-schemas';
import { createSalesforceSession } from './salesforce-session';
import type { SalesforceApiUsage } from './salesforce-session';
import { assertName, chunksOf, FIELD_PATH, SOBJECT_NAME, soqlByIds } from './salesforce-soql';

export type { SalesforceApiUsage } from './salesforce-session';

export interface SalesforceClientOptions {
  /** Where the token endpoint lives: `https://login.salesforce.com` or the org's My Domain. */
  loginUrl: string;
  /** The connected app's consumer key and secret (OAuth 2.0 client credentials flow). */
  clientId: string;
  clientSecret: string;
  /** REST API version as jsforce writes it, e.g. `62.0`. */
  apiVersion: string;
  /** Deadline of each HTTP exchange: the token, each query page, each 200-record chunk. */
  timeoutMs: number;
  /**
   * Record Ids per SOQL `IN (...)` list. Each costs about 27 URL-encoded characters, so 300 keeps a query
   * URL near 8 KB, well under the roughly 16 KB at which Salesforce answers 414 URI Too Long.
   */
  idsPerQuery?: number;
}

/** sObject Collections accept at most 200 records per call. */
const SALESFORCE_COLLECTION_LIMIT = 200;
const DEFAULT_IDS_PER_QUERY = 300;

export interface SalesforceRecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** What happened to one record of an upsert, keyed by the external ID value it was sent with. */
export interface UpsertOutcome {
  externalId: string;
  success: boolean;
  /** The record's Salesforce Id when it was written. */
  id?: string;
  created?: boolean;
  errors: SalesforceRecordError[];
}

export interface SalesforceLimits {
  dailyApiRequests: { max: number; remaining: number };
}

/** Salesforce, where inflooens lives: loans read and written by the sync, credit-pull statuses written back. */
export interface SalesforceClient {
  /** Runs a SOQL query and follows `nextRecordsUrl` until done; each record is checked against the schema. */
  query<T>(soql: string, recordSchema: z.ZodType<T>): Promise<T[]>;
  /** The given records by Id, in as few queries as URL length allows (never one query per record). */
  queryByIds<T>(
    sobject: string,
    fields: readonly string[],
    ids: readonly string[],
    recordSchema: z.ZodType<T>,
  ): Promise<T[]>;
  /**
   * Creates or updates by external ID through sObject Collections, 200 records per call, with
   * `allOrNone: false`: one loan's bad data must not hold back the others, and repeating the call after a
   * failure is harmless because an upsert by external ID converges. Outcomes are in input order.
   */
  upsertByExternalId(
    sobject: string,
    externalIdField: string,
    records: readonly Record<string, unknown>[],
  ): Promise<UpsertOutcome[]>;
  /** `GET /limits`: costs one API request. */
  limits(): Promise<SalesforceLimits>;
  /** The last API usage Salesforce reported, free of charge; undefined before the first call. */
  apiUsage(): SalesforceApiUsage | undefined;
}

export function createSalesforceClient(options: SalesforceClientOptions): SalesforceClient {
  const idsPerQuery = options.idsPerQuery ?? DEFAULT_IDS_PER_QUERY;
  const session = createSalesforceSession(options);

  async function query<T>(soql: string, recordSchema: z.ZodType<T>): Promise<T[]> {
    const records: T[] = [];
    let url: string | undefined = `/query?q=${encodeURIComponent(soql)}`;
    while (url) {
      const answer = await session.send({ method: 'GET', url });
      const page: QueryPage = parseIntegrationResponse('salesforce', queryPageSchema, answer);
      records.push(...parseIntegrationResponse('salesforce', z.array(recordSchema), page.records));
      url = page.nextRecordsUrl;
    }
    return records;
  }

  async function upsertChunk(
    sobject: string,
    externalIdField: string,
    chunk: readonly Record<string, unknown>[],
  ): Promise<UpsertOutcome[]> {
    // The body jsforce's own `upsert` sends for arrays (API 46+), sent through `request` because
    // `upsert` takes no per-call transport, and so no deadline.
    const answer = await session.send({
      method: 'PATCH',
      url: `/composite/sobjects/${sobject}/${externalIdField}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        allOrNone: false,
        records: chunk.map((record) => ({ attributes: { type: sobject }, ...record })),
      }),
    });
    const results = parseIntegrationResponse(
      'salesforce',
      z.array(saveResultSchema).length(chunk.length),
      answer,
    );
    return results.map((result, i) => ({
      externalId: String(chunk[i]![externalIdField]),
      success: result.success,
      ...(result.id ? { id: result.id } : {}),
      ...(result.created === undefined ? {} : { created: result.created }),
      errors: result.errors,
    }));
  }

  return {
    query,

    async queryByIds<T>(
      sobject: string,
      fields: readonly string[],
      ids: readonly string[],
      recordSchema: z.ZodType<T>,
    ) {
      const records: T[] = [];
      for (const chunk of chunksOf([...new Set(ids)], idsPerQuery)) {
        records.push(...(await query(soqlByIds(sobject, fields, chunk), recordSchema)));
      }
      return records;
    },

    async upsertByExternalId(sobject, externalIdField, records) {
      assertName(sobject, SOBJECT_NAME, 'sObject');
      assertName(externalIdField, FIELD_PATH, 'external ID field');
      for (const record of records) {
        const value = record[externalIdField];
        if (typeof value !== 'string' || value.length === 0) {
          throw new RangeError(`every ${sobject} record needs its ${externalIdField}`);
        }
      }
      const outcomes: UpsertOutcome[] = [];
      for (const chunk of chunksOf(records, SALESFORCE_COLLECTION_LIMIT)) {
        outcomes.push(...(await upsertChunk(sobject, externalIdField, chunk)));
      }
      return outcomes;
    },

    async limits() {
      const answer = await session.send({ method: 'GET', url: '/limits' });
      const { DailyApiRequests: daily } = parseIntegrationResponse('salesforce', limitsSchema, answer);
      return { dailyApiRequests: { max: daily.Max, remaining: daily.Remaining } };
    },

    apiUsage: () => session.apiUsage(),
  };
}
