import type { BureauName, CreditPullRequest, CreditReport } from './credit';
import type { CreditPullResult } from './credit-pull';
import type { SalesforceFieldValue, SalesforceWrite } from './salesforce-writes';

/**
 * The Salesforce records a credit pull leaves. The full report is its own record; the loan carries the
 * status and scores a loan officer reads; every bureau tried has an audit record. None holds an SSN or a
 * date of birth (the normalised report keeps only the SSN's last four digits).
 */
export const CREDIT_REPORT_SOBJECT = 'Credit_Report__c';
export const CREDIT_REPORT_KEY = 'Request_Reference__c';
export const CREDIT_AUDIT_SOBJECT = 'Credit_Pull_Audit__c';
export const CREDIT_AUDIT_KEY = 'Audit_Key__c';
const LOAN_SOBJECT = 'Loan__c';

/** What the loan officer sees on the loan: queued while every bureau is down, then completed or failed. */
export type CreditPullStatus = 'Queued' | 'Completed' | 'Failed';

/** How one bureau attempt ended, for the FCRA audit trail. */
export type BureauAttemptOutcome =
  'Report Received' | 'Report Not Stored' | 'Rejected' | 'Invalid Response' | 'Unavailable';

/**
 * The full normalised report, upserted by our reference so a retried attempt overwrites rather than
 * duplicates. `Report_JSON__c` is a long text area; in a real org it is Shield Platform Encryption
 * encrypted and visible only to underwriting, since it names the borrowers and their tradelines.
 */
export function creditReportRecord(
  report: CreditReport,
  loanId: string,
): Record<string, SalesforceFieldValue> {
  return {
    [CREDIT_REPORT_KEY]: report.clientReference,
    Loan__c: loanId,
    Bureau__c: report.bureau,
    Report_Id__c: report.reportId,
    Pull_Type__c: report.pullType,
    Pulled_At__c: report.pulledAt,
    Report_JSON__c: JSON.stringify(report),
  };
}

/** The credit fields of the loan, by its record Id; merged by the writer with any other write to the loan. */
export function loanCreditStatusWrite(
  loanId: string,
  reference: string,
  status: CreditPullStatus,
  detail: string,
  result?: CreditPullResult,
): SalesforceWrite {
  const score = (role: 'borrower' | 'co-borrower') =>
    result?.scores.find((s) => s.role === role)?.value ?? null;
  return {
    sobject: LOAN_SOBJECT,
    externalIdField: 'Id',
    priority: 'urgent',
    record: {
      Id: loanId,
      Credit_Pull_Reference__c: reference,
      Credit_Pull_Status__c: status,
      Credit_Pull_Detail__c: detail,
      ...(result
        ? {
            Credit_Bureau__c: result.bureau,
            Credit_Report_Id__c: result.reportId,
            Credit_Pulled_At__c: result.pulledAt,
            Credit_Score_Model__c: result.scores[0]?.model ?? null,
            Borrower_Credit_Score__c: score('borrower'),
            Co_Borrower_Credit_Score__c: score('co-borrower'),
          }
        : {}),
    },
  };
}

/**
 * One audit record per (request, bureau): who asked, under which permissible purpose, what came back.
 * Keyed by reference and bureau, so a later round at the same bureau updates it; that is exact, since the
 * look-up before every Submit means one request makes at most one inquiry per bureau.
 */
export function creditAuditWrite(
  request: CreditPullRequest,
  reference: string,
  bureau: BureauName,
  outcome: BureauAttemptOutcome,
  attemptedAt: string,
  reportId?: string,
): SalesforceWrite {
  return {
    sobject: CREDIT_AUDIT_SOBJECT,
    externalIdField: CREDIT_AUDIT_KEY,
    priority: 'deferrable',
    record: {
      [CREDIT_AUDIT_KEY]: `${reference}-${bureau}`,
      Request_Reference__c: reference,
      Loan__c: request.loanId,
      Bureau__c: bureau,
      Pull_Type__c: request.pullType,
      Permissible_Purpose__c: request.permissiblePurpose,
      Requested_By__c: request.requestedBy,
      Report_Id__c: reportId ?? null,
      Outcome__c: outcome,
      Attempted_At__c: attemptedAt,
    },
  };
}
