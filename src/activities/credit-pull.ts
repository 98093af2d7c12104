import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { submitOrderOnce } from '../clients/bureaus/credit-bureau';
import type { CreditBureauClient } from '../clients/bureaus/credit-bureau';
import type { SalesforceClient } from '../clients/salesforce-client';
import { toScoreSummary } from '../domain/credit';
import type { BureauName, CreditReport } from '../domain/credit';
import { CreditPullFailure } from '../domain/credit-pull';
import type { BureauOrderInput, CreditPullResult } from '../domain/credit-pull';
import { CREDIT_REPORT_KEY, CREDIT_REPORT_SOBJECT, creditReportRecord } from '../domain/credit-pull-records';
import { DEFAULT_RETRY_SHAPING, toActivityFailure } from '../resilience/activity-failure';
import type { RetryShaping } from '../resilience/activity-failure';
import type { BreakerGate } from '../resilience/breaker-gate';

export interface CreditPullDeps {
  bureaus: Readonly<Record<BureauName, CreditBureauClient>>;
  salesforce: SalesforceClient;
  breakers: BreakerGate;
  shaping?: RetryShaping;
}

export function createCreditPullActivities({
  bureaus,
  salesforce,
  breakers,
  shaping = DEFAULT_RETRY_SHAPING,
}: CreditPullDeps) {
  /** Keeps the full report in Salesforce; it never enters Temporal's history, search attributes or logs. */
  async function storeReport(report: CreditReport, loanId: string, attempt: number): Promise<string> {
    let outcome;
    try {
      [outcome] = await breakers.run('salesforce', () =>
        salesforce.upsertByExternalId(CREDIT_REPORT_SOBJECT, CREDIT_REPORT_KEY, [
          creditReportRecord(report, loanId),
        ]),
      );
    } catch (err) {
      throw reportNotStored(report, toActivityFailure(err, attempt, { repeatable: true, shaping }));
    }
    if (outcome?.success && outcome.id) return outcome.id;
    // Status codes and field names only: Salesforce's messages may quote the values sent.
    const reasons = outcome?.errors.map((e) => `${e.statusCode} ${e.fields.join(',')}`.trim()) ?? [];
    throw reportNotStored(
      report,
      ApplicationFailure.create({ message: reasons.join('; ') || 'no outcome', nonRetryable: true }),
    );
  }

  return {
    /**
     * Gets the report for one order from one bureau and stores it in Salesforce; returns only the
     * PII-free score summary. Looks the reference up before submitting (`submitOrderOnce`), so an attempt
     * after a Submit that timed out finds the report the bureau already produced instead of pulling again.
     */
    async pullCreditReport({ bureau, reference, request }: BureauOrderInput): Promise<CreditPullResult> {
      const attempt = Context.current().info.attempt;
      let report: CreditReport;
      try {
        report = await breakers.run(bureau, () => submitOrderOnce(bureaus[bureau], { reference, request }));
      } catch (err) {
        // `repeatable: true` only because of the look-up first: a Submit alone is never safe to repeat,
        // but look-up-then-submit under the same reference makes at most one inquiry however often it
        // runs, so a timeout is retried at this bureau (resolving the unknown outcome) before failing over.
        throw toActivityFailure(err, attempt, { repeatable: true, shaping });
      }
      const reportRecordId = await storeReport(report, request.loanId, attempt);
      return { ...toScoreSummary(report), reference, pullType: report.pullType, reportRecordId };
    },
  };
}

export type CreditPullActivities = ReturnType<typeof createCreditPullActivities>;

/**
 * The bureau delivered but Salesforce did not store the report: a failure of its own type, so that the
 * workflow never reads it as the bureau failing (and fails over to pull again elsewhere). It keeps the
 * Salesforce failure's retry decision and delay; the report ID tells the audit which report exists.
 */
function reportNotStored(report: CreditReport, cause: unknown): ApplicationFailure {
  const failure = cause instanceof ApplicationFailure ? cause : undefined;
  return ApplicationFailure.create({
    type: CreditPullFailure.ReportNotStored,
    message: `the ${report.bureau} report ${report.reportId} could not be stored in Salesforce: ${
      failure?.message ?? (cause as Error).message
    }`,
    nonRetryable: failure?.nonRetryable ?? false,
    nextRetryDelay: failure?.nextRetryDelay ?? undefined,
    details: [{ bureau: report.bureau, reportId: report.reportId }],
    cause: failure,
  });
}
