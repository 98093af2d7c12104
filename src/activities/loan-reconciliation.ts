import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { EncompassClient } from '../clients/encompass-client';
import type { SalesforceClient } from '../clients/salesforce-client';
import { loanIdSchema } from '../domain/loan';
import {
  ENCOMPASS_ID_FIELD,
  fromEncompassLoan,
  fromSalesforceRecord,
  LOAN_SOBJECT,
  SALESFORCE_LOAN_FIELDS,
} from '../domain/loan-field-map';
import { LOAN_ID, PROCESS, workflowIdFor } from '../domain/processes';
import { MAX_RECONCILIATION_PAGE_SIZE } from '../domain/reconciliation';
import type { EncompassLoanRead, LinkedLoan, LoanRepair } from '../domain/reconciliation';
import { DEFAULT_RETRY_SHAPING, toActivityFailure } from '../resilience/activity-failure';
import type { RetryShaping } from '../resilience/activity-failure';
import type { BreakerGate } from '../resilience/breaker-gate';
import { isPermanentIntegrationError } from '../resilience/errors';
import { FailureType } from '../resilience/failure-types';
import { reconcileLoanSignal } from '../workflows/loan-sync-messages';
import type { LoanSyncInput } from '../workflows/loan-sync';

export interface LoanReconciliationDeps {
  salesforce: SalesforceClient;
  encompass: EncompassClient;
  breakers: BreakerGate;
  /** Signals (starting if need be) each drifted loan's sync workflow. */
  client: Client;
  /** Task queue the loan sync workflows run on. */
  taskQueue: string;
  shaping?: RetryShaping;
}

export interface LinkedLoanPage {
  loans: LinkedLoan[];
  /** Requests this page cost Salesforce's daily allowance. */
  salesforceApiCalls: number;
}

/**
 * A Salesforce `Loan__c` row of the page query. `LastModifiedDate` comes as `...+0000`; it is kept as ISO
 * UTC (`...Z`), the form the other side's times and Salesforce's callouts use, so they compare as strings.
 */
const linkedLoanRowSchema = z.looseObject({
  Id: loanIdSchema,
  [ENCOMPASS_ID_FIELD]: z.string().min(1),
  LastModifiedDate: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a datetime')
    .transform((s) => new Date(s).toISOString()),
});

/**
 * One keyset page of linked loans: `Id > <last Id of the previous page>`, in Id order. Unlike OFFSET (capped
 * at 2,000 rows) it reaches every loan, and a loan created or unlinked meanwhile moves no other loan
 * between pages. The Id is validated rather than escaped: nothing outside its alphabet reaches the query.
 */
export function linkedLoansPageSoql(afterId: string | undefined, limit: number): string {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECONCILIATION_PAGE_SIZE) {
    throw new RangeError(`page size must be 1 to ${MAX_RECONCILIATION_PAGE_SIZE}`);
  }
  if (afterId !== undefined && !loanIdSchema.safeParse(afterId).success) {
    throw new RangeError('the page cursor must be a Salesforce record Id');
  }
  const after = afterId === undefined ? '' : ` AND Id > '${afterId}'`;
  return (
    `SELECT ${SALESFORCE_LOAN_FIELDS.join(', ')} FROM ${LOAN_SOBJECT}` +
    ` WHERE ${ENCOMPASS_ID_FIELD} != null${after} ORDER BY Id LIMIT ${limit}`
  );
}

export function createLoanReconciliationActivities({
  salesforce,
  encompass,
  breakers,
  client,
  taskQueue,
  shaping = DEFAULT_RETRY_SHAPING,
}: LoanReconciliationDeps) {
  // Every call here is a read or a signal: safe to repeat.
  const failure = (err: unknown) =>
    toActivityFailure(err, Context.current().info.attempt, { repeatable: true, shaping });

  async function readEncompassLoan(encompassLoanId: string): Promise<EncompassLoanRead> {
    try {
      const loan = await breakers.run('encompass', () => encompass.getLoan(encompassLoanId));
      return { encompassLoanId, state: { fields: fromEncompassLoan(loan), modifiedAt: loan.lastModified } };
    } catch (err) {
      // A link to a loan Encompass does not have is a finding to report, not a reason to fail the batch.
      if (isPermanentIntegrationError(err) && err.status === 404) return { encompassLoanId };
      throw failure(err);
    }
  }

  return {
    /** One page of Salesforce loans linked to Encompass: a single selective query, never one per loan. */
    async readLinkedLoanPage(input: { afterId?: string; limit: number }): Promise<LinkedLoanPage> {
      let soql: string;
      try {
        soql = linkedLoansPageSoql(input.afterId, input.limit);
      } catch (err) {
        throw ApplicationFailure.create({
          type: FailureType.InvalidInput,
          message: (err as Error).message,
          nonRetryable: true,
        });
      }
      try {
        const rows = await breakers.run('salesforce', () => salesforce.query(soql, linkedLoanRowSchema));
        const loans = rows.map((row) => ({
          loanId: row.Id,
          encompassLoanId: row[ENCOMPASS_ID_FIELD],
          salesforce: { fields: fromSalesforceRecord(row), modifiedAt: row.LastModifiedDate },
        }));
        // At most 2,000 rows: one query batch, so one request (the client would follow `nextRecordsUrl`).
        return { loans, salesforceApiCalls: 1 };
      } catch (err) {
        throw failure(err);
      }
    },

    /**
     * A batch of Encompass loans, read one at a time: the batch holds one slot of the Encompass task
     * queue's concurrency cap, so the bulk read never crowds out the lender's share of 30 calls.
     */
    async readEncompassLoans(input: { encompassLoanIds: string[] }): Promise<EncompassLoanRead[]> {
      const reads: EncompassLoanRead[] = [];
      for (const id of input.encompassLoanIds) {
        reads.push(await readEncompassLoan(id));
        Context.current().heartbeat(reads.length);
      }
      return reads;
    },

    /**
     * Hands each drifted loan's two sides to its sync workflow (starting it if it has none), where the
     * ordinary merge settles them. Repeating it is harmless: the same views fold into the same state.
     */
    async requestLoanRepairs(input: { repairs: LoanRepair[] }): Promise<{ requested: number }> {
      for (const repair of input.repairs) {
        const syncInput: LoanSyncInput = { loanId: repair.loanId };
        await client.workflow.signalWithStart('loanSync', {
          workflowId: workflowIdFor('loan-sync', repair.loanId),
          taskQueue,
          args: [syncInput],
          signal: reconcileLoanSignal,
          signalArgs: [
            {
              encompassLoanId: repair.encompassLoanId,
              salesforce: repair.salesforce,
              encompass: repair.encompass,
            },
          ],
          typedSearchAttributes: [
            { key: LOAN_ID, value: repair.loanId },
            { key: PROCESS, value: 'loan-sync' },
          ],
        });
      }
      return { requested: input.repairs.length };
    },
  };
}

export type LoanReconciliationActivities = ReturnType<typeof createLoanReconciliationActivities>;
