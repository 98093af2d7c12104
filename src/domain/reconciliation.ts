import { LOAN_FIELD_MAP } from './loan-field-map';
import type { LoanField, LoanSideState, LoanSnapshot } from './loan-field-map';

/** A Salesforce loan linked to Encompass, as one page of the bulk read gives it. */
export interface LinkedLoan {
  loanId: string;
  encompassLoanId: string;
  salesforce: LoanSideState;
}

/** An Encompass loan as the bulk read found it; no `state` when Encompass has no such loan. */
export interface EncompassLoanRead {
  encompassLoanId: string;
  state?: LoanSideState;
}

/** Both sides of a drifted loan, handed to that loan's sync to merge. */
export interface LoanRepair {
  loanId: string;
  encompassLoanId: string;
  salesforce: LoanSideState;
  encompass: LoanSideState;
}

/** What a nightly run found: counts and field names only, never values (no PII reaches this). */
export interface ReconciliationSummary {
  loansCompared: number;
  loansDrifted: number;
  repairsRequested: number;
  /** Linked in Salesforce, but Encompass has no such loan: reported, not repaired (no loan to merge into). */
  encompassLoansMissing: number;
  /** Drifted loans per field. */
  driftByField: Partial<Record<LoanField, number>>;
  pages: number;
  /** Salesforce requests made: one per page (a page of at most 2,000 rows is one query batch). */
  salesforceApiCalls: number;
  /** Workflow runs the reconciliation took (continue-as-new keeps each history bounded). */
  runs: number;
}

export interface ReconciliationOptions {
  /** Salesforce loans per page query (200–2,000 in production; Salesforce's query batch is 2,000). */
  pageSize: number;
  /** Encompass loans read per activity: each holds one slot of the Encompass concurrency cap. */
  encompassBatchSize: number;
  /** Pages per workflow run before it continues as new. */
  pagesPerRun: number;
}

export const DEFAULT_RECONCILIATION_OPTIONS: Readonly<ReconciliationOptions> = Object.freeze({
  pageSize: 500,
  encompassBatchSize: 10,
  pagesPerRun: 4,
});
/** One query batch of Salesforce, and what keeps one page's activity result far below Temporal's 2 MB. */
export const MAX_RECONCILIATION_PAGE_SIZE = 2_000;
const MAX_ENCOMPASS_BATCH_SIZE = 25;
const MAX_PAGES_PER_RUN = 20;

/** The options with defaults applied, or undefined when one is out of range. */
export function reconciliationOptionsOf(
  given: Partial<ReconciliationOptions> = {},
): ReconciliationOptions | undefined {
  const options = { ...DEFAULT_RECONCILIATION_OPTIONS, ...given };
  const within = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!within(options.pageSize, MAX_RECONCILIATION_PAGE_SIZE)) return undefined;
  if (!within(options.encompassBatchSize, MAX_ENCOMPASS_BATCH_SIZE)) return undefined;
  if (!within(options.pagesPerRun, MAX_PAGES_PER_RUN)) return undefined;
  return options;
}

export function emptyReconciliationSummary(): ReconciliationSummary {
  return {
    loansCompared: 0,
    loansDrifted: 0,
    repairsRequested: 0,
    encompassLoansMissing: 0,
    driftByField: {},
    pages: 0,
    salesforceApiCalls: 0,
    runs: 1,
  };
}

/** The mapped fields on which the two sides disagree (an unset field reads as null on both sides). */
export function driftedFields(salesforce: LoanSnapshot, encompass: LoanSnapshot): LoanField[] {
  return LOAN_FIELD_MAP.map((m) => m.field).filter(
    (field) => (salesforce[field] ?? null) !== (encompass[field] ?? null),
  );
}

export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
