import { z } from 'zod';
import { borrowerRole, MORTGAGE_SCORE_MODEL } from '../../domain/credit';
import type { CreditReport } from '../../domain/credit';
import { parseIntegrationResponse } from '../http';
import { echoedSsnSchema, ficoReasonCode, mmddyyyySchema, timestampSchema } from './formats';
import { summariseTradelines } from './tradelines';

/** Beacon 5.0 (FICO Score 5), the Equifax score the GSEs accept. */
export const BEACON_5 = '05143';
/** Manner-of-payment rates 2–9: 30+ days late, repossession, charge-off or collection. */
const DEROGATORY_RATE = /^[2-9]$/;

const consumerReportSchema = z.object({
  subjectName: z.object({ firstName: z.string(), lastName: z.string() }),
  subjectSocialNum: echoedSsnSchema,
  models: z
    .array(
      z.object({
        modelNumber: z.string(),
        score: z.number().int(),
        reasons: z.array(z.object({ code: z.number().int() })),
      }),
    )
    .transform((models, ctx) => {
      const beacon = models.find((m) => m.modelNumber === BEACON_5);
      if (!beacon) ctx.addIssue({ code: 'custom', message: 'no Beacon 5.0 model on the report' });
      return beacon ?? z.NEVER;
    }),
  trades: z
    .array(
      z.object({
        portfolioTypeCode: z.object({ code: z.string() }),
        balance: z.number(),
        creditLimit: z.number().optional(),
        scheduledPaymentAmount: z.number().default(0),
        rate: z.object({ code: z.string() }),
      }),
    )
    .default([]),
  inquiries: z.array(z.object({ inquiryDate: mmddyyyySchema, customerName: z.string() })).default([]),
  bankruptcies: z.array(z.unknown()).default([]),
});
const reportSchema = z.object({
  status: z.literal('completed'),
  reportIdentifier: z.string().min(1),
  customerReferenceIdentifier: z.string(),
  inquiryType: z.enum(['HARD', 'SOFT']),
  reportDate: timestampSchema,
  consumers: z.object({ equifaxUSConsumerCreditReport: z.array(consumerReportSchema).min(1).max(2) }),
});
type EquifaxReport = z.infer<typeof reportSchema>;

/**
 * Checks an answer against Equifax's report contract and normalises it into a {@link CreditReport}; the
 * echoed SSN is cut to its last four digits and the date of birth dropped here, at the boundary.
 */
export function parseEquifaxReport(body: unknown): CreditReport {
  return normalise(parseIntegrationResponse('equifax', reportSchema, body));
}

function normalise(report: EquifaxReport): CreditReport {
  return {
    bureau: 'equifax',
    reportId: report.reportIdentifier,
    clientReference: report.customerReferenceIdentifier,
    pullType: report.inquiryType === 'SOFT' ? 'soft' : 'hard',
    pulledAt: report.reportDate,
    borrowers: report.consumers.equifaxUSConsumerCreditReport.map((subject, index) => ({
      role: borrowerRole(index),
      firstName: subject.subjectName.firstName,
      lastName: subject.subjectName.lastName,
      ssnLast4: subject.subjectSocialNum,
      score: {
        model: MORTGAGE_SCORE_MODEL.equifax,
        value: subject.models.score,
        reasonCodes: subject.models.reasons.map((r) => ficoReasonCode(r.code)),
      },
      tradelines: summariseTradelines(
        subject.trades.map((t) => ({
          isMortgage: t.portfolioTypeCode.code === 'M',
          isRevolving: t.portfolioTypeCode.code === 'R',
          isDerogatory: DEROGATORY_RATE.test(t.rate.code),
          balance: t.balance,
          creditLimit: t.creditLimit ?? 0,
          monthlyPayment: t.scheduledPaymentAmount,
        })),
      ),
      inquiries: subject.inquiries.map((i) => ({ date: i.inquiryDate, subscriber: i.customerName })),
      publicRecordCount: subject.bankruptcies.length,
    })),
  };
}
