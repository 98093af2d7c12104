import { z } from 'zod';
import { isPermanentIntegrationError } from '../resilience/errors';
import { callIntegration, parseIntegrationResponse } from './http';
import type { HttpAnswer, HttpCall } from './http';
import { INFLOOENS_REFERENCE_FIELD, encompassLoanSchema } from './encompass-loan';
import type { EncompassLoan, EncompassLoanInput } from './encompass-loan';
import { pipelineRowsSchema } from './encompass-pipeline';
import type { PipelineQuery } from './encompass-pipeline';
import { createEncompassTokenSource } from './encompass-token';
import type { EncompassCredentials } from './encompass-token';

export type EncompassClientOptions = EncompassCredentials;

/** A loan found by our reference; more than one means an earlier create was repeated. */
export interface EncompassLoanMatch {
  /** The oldest loan carrying the reference: the one to keep. */
  loanId: string;
  loanNumber?: string;
  lastModified?: string;
  /** Younger loans carrying the same reference, oldest first. */
  duplicateLoanIds: string[];
}

/** ICE Encompass Developer Connect: the loan origination system. */
export interface EncompassClient {
  getLoan(loanId: string): Promise<EncompassLoan>;
  /** Creates a loan and answers its GUID. Not idempotent: after a timeout, look it up by reference. */
  createLoan(loan: EncompassLoanInput): Promise<string>;
  /** Merges `patch` into the loan and answers the loan as saved. */
  updateLoan(loanId: string, patch: EncompassLoanInput): Promise<EncompassLoan>;
  /** Finds the loan whose `CX.INFLOOENS.SFID` custom field holds `reference` (a Salesforce record ID). */
  findLoanByReference(reference: string): Promise<EncompassLoanMatch | undefined>;
}

const createdLoanSchema = z.object({ id: z.guid() });

const REFERENCE_CANONICAL_NAME = `Fields.${INFLOOENS_REFERENCE_FIELD}`;

export function createEncompassClient(options: EncompassClientOptions): EncompassClient {
  const tokens = createEncompassTokenSource(options);

  /** One call with a bearer token; a token Encompass no longer accepts is replaced once. */
  async function call(method: HttpCall['method'], path: string, body?: unknown): Promise<HttpAnswer> {
    const send = async (token: string) =>
      await callIntegration('encompass', {
        method,
        url: `${options.baseUrl}${path}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: options.timeoutMs,
      });
    const token = await tokens.token();
    try {
      return await send(token);
    } catch (err) {
      // Encompass ends sessions before their stated expiry; a 401 means the request was not processed.
      if (!isPermanentIntegrationError(err) || err.status !== 401) throw err;
      tokens.invalidate(token);
      return await send(await tokens.token());
    }
  }

  const loanPath = (loanId: string) => `/encompass/v3/loans/${encodeURIComponent(loanId)}`;

  return {
    async getLoan(loanId) {
      const answer = await call('GET', loanPath(loanId));
      return parseIntegrationResponse('encompass', encompassLoanSchema, answer.body);
    },

    async createLoan(loan) {
      const answer = await call('POST', '/encompass/v3/loans?view=id', loan);
      return parseIntegrationResponse('encompass', createdLoanSchema, answer.body).id;
    },

    async updateLoan(loanId, patch) {
      const answer = await call('PATCH', `${loanPath(loanId)}?view=entity`, patch);
      return parseIntegrationResponse('encompass', encompassLoanSchema, answer.body);
    },

    async findLoanByReference(reference) {
      const query: PipelineQuery = {
        filter: { canonicalName: REFERENCE_CANONICAL_NAME, value: reference, matchType: 'exact' },
        fields: ['Loan.LoanNumber', 'Loan.LastModified', REFERENCE_CANONICAL_NAME],
        sortOrder: [{ canonicalName: 'Loan.DateCreated', order: 'Asc' }],
      };
      const answer = await call('POST', '/encompass/v1/loanPipeline?limit=10', query);
      const [oldest, ...younger] = parseIntegrationResponse('encompass', pipelineRowsSchema, answer.body);
      if (!oldest) return undefined;
      return {
        loanId: oldest.loanGuid,
        loanNumber: oldest.fields['Loan.LoanNumber'] || undefined,
        lastModified: oldest.fields['Loan.LastModified'] || undefined,
        duplicateLoanIds: younger.map((row) => row.loanGuid),
      };
    },
  };
}
