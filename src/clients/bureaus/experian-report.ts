import { z } from 'zod';
import { borrowerRole, MORTGAGE_SCORE_MODEL } from '../../domain/credit';
import type { CreditReport } from '../../domain/credit';
import { parseIntegrationResponse } from '../http';
import {
  echoedSsnSchema,
  ficoReasonCode,
  mmddyyyySchema,
  paddedNumberSchema,
  timestampSchema,
} from './formats';
import { summariseTradelines } from './tradelines';

/** Risk model `F`: FICO II, the Experian score Fannie Mae and Freddie Mac accept. */
const FICO_II = 'F';
const MORTGAGE_ACCOUNT_TYPES = new Set(['25', '26']);
const REVOLVING_ACCOUNT_TYPE = '18';
/** Account conditions that mean 30+ days late, charged off or in collection. */
const DEROGATORY_STATUSES = new Set(['71', '78', '80', '82', '83', '84', '93', '97']);

const creditProfileSchema = z.object({
  headerRecord: z.array(z.object({ reportTimestamp: timestampSchema })).min(1),
  consumerIdentity: z.object({
    name: z.array(z.object({ firstName: z.string(), surname: z.string() })).min(1),
    ssn: z.array(z.object({ number: echoedSsnSchema })).min(1),
  }),
  riskModel: z
    .array(
      z.object({
        modelIndicator: z.string(),
        score: paddedNumberSchema,
        scoreFactors: z.array(z.object({ code: z.string() })),
      }),
    )
    .transform((models, ctx) => {
      const fico = models.find((m) => m.modelIndicator === FICO_II);
      if (!fico) ctx.addIssue({ code: 'custom', message: 'no FICO II risk model on the profile' });
      return fico ?? z.NEVER;
    }),
  tradeline: z
    .array(
      z.object({
        accountType: z.string(),
        balanceAmount: paddedNumberSchema,
        amount1: paddedNumberSchema,
        monthlyPaymentAmount: paddedNumberSchema,
        status: z.string(),
      }),
    )
    .default([]),
  inquiry: z.array(z.object({ date: mmddyyyySchema, subscriberName: z.string() })).default([]),
  publicRecord: z.array(z.unknown()).default([]),
});
const reportSchema = z.object({
  reportId: z.string().min(1),
  clientReferenceId: z.string(),
  softInquiry: z.enum(['Y', 'N']),
  creditProfile: z.array(creditProfileSchema).min(1).max(2),
});
type ExperianReport = z.infer<typeof reportSchema>;

/**
 * Checks an answer against Experian's report contract and normalises it into a {@link CreditReport}; the
 * echoed SSN is cut to its last four digits and the date of birth dropped here, at the boundary.
 */
export function parseExperianReport(body: unknown): CreditReport {
  return normalise(parseIntegrationResponse('experian', reportSchema, body));
}

function normalise(report: ExperianReport): CreditReport {
  return {
    bureau: 'experian',
    reportId: report.reportId,
    clientReference: report.clientReferenceId,
    pullType: report.softInquiry === 'Y' ? 'soft' : 'hard',
    pulledAt: report.creditProfile[0]!.headerRecord[0]!.reportTimestamp,
    borrowers: report.creditProfile.map((profile, index) => ({
      role: borrowerRole(index),
      firstName: profile.consumerIdentity.name[0]!.firstName,
      lastName: profile.consumerIdentity.name[0]!.surname,
      ssnLast4: profile.consumerIdentity.ssn[0]!.number,
      score: {
        model: MORTGAGE_SCORE_MODEL.experian,
        value: profile.riskModel.score,
        reasonCodes: profile.riskModel.scoreFactors.map((f) => ficoReasonCode(f.code)),
      },
      tradelines: summariseTradelines(
        profile.tradeline.map((t) => ({
          isMortgage: MORTGAGE_ACCOUNT_TYPES.has(t.accountType),
          isRevolving: t.accountType === REVOLVING_ACCOUNT_TYPE,
          isDerogatory: DEROGATORY_STATUSES.has(t.status),
          balance: t.balanceAmount,
          creditLimit: t.amount1,
          monthlyPayment: t.monthlyPaymentAmount,
        })),
      ),
      inquiries: profile.inquiry.map((i) => ({ date: i.date, subscriber: i.subscriberName })),
      publicRecordCount: profile.publicRecord.length,
    })),
  };
}
