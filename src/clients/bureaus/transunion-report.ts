import { z } from 'zod';
import { borrowerRole, MORTGAGE_SCORE_MODEL } from '../../domain/credit';
import type { CreditReport } from '../../domain/credit';
import { parseIntegrationResponse } from '../http';
import { echoedSsnSchema, ficoReasonCode, paddedNumberSchema, timestampSchema } from './formats';
import { summariseTradelines } from './tradelines';

/** Credit report products: one posts a hard inquiry, the other a soft one. */
export const PRODUCT = { hard: '07000', soft: '07030' } as const;
/** FICO Classic 04 (FICO Score 4), the TransUnion score the GSEs accept, as an add-on product. */
export const FICO_CLASSIC_04 = '00W18';
/** Account ratings for 30+ days late, wage-earner plan, repossession, charge-off and collection. */
const DEROGATORY_RATINGS = new Set(['02', '03', '04', '05', '07', '08', '8A', '8D', '8P', '8R', '09', '9B']);

const subjectSchema = z.object({
  number: z.string(),
  subjectRecord: z.object({
    indicative: z.object({
      name: z.object({ person: z.object({ first: z.string(), last: z.string() }) }),
      socialSecurity: z.object({ number: echoedSsnSchema }),
    }),
    custom: z.object({
      credit: z.object({
        trade: z
          .array(
            z.object({
              portfolioType: z.string(),
              currentBalance: paddedNumberSchema,
              creditLimit: paddedNumberSchema.optional(),
              terms: z.object({ scheduledMonthlyPayment: paddedNumberSchema }).optional(),
              accountRating: z.string(),
            }),
          )
          .default([]),
        inquiry: z
          .array(
            z.object({
              subscriber: z.object({ name: z.object({ unparsed: z.string() }) }),
              date: z.iso.date(),
            }),
          )
          .default([]),
        publicRecord: z.array(z.unknown()).default([]),
      }),
    }),
    addOnProduct: z
      .array(
        z.object({
          code: z.string(),
          status: z.string(),
          scoreModel: z
            .object({
              score: z.object({
                results: z
                  .string()
                  .regex(/^[+-]\d{3}$/, 'must be a signed three-digit score')
                  .transform(Number),
                factors: z.object({ factor: z.array(z.object({ rank: z.string(), code: z.string() })) }),
              }),
            })
            .optional(),
        }),
      )
      .transform((products, ctx) => {
        const fico = products.find((p) => p.code === FICO_CLASSIC_04 && p.status === 'delivered')?.scoreModel;
        if (!fico) ctx.addIssue({ code: 'custom', message: 'no delivered FICO Classic 04 score' });
        return fico ?? z.NEVER;
      }),
  }),
});
const reportSchema = z.object({
  document: z.literal('response'),
  transactionControl: z.object({
    userRefNumber: z.string(),
    tracking: z.object({ transactionTimeStamp: timestampSchema, identifier: z.string().min(1) }),
  }),
  product: z.object({
    code: z.enum([PRODUCT.hard, PRODUCT.soft]),
    subject: z.array(subjectSchema).min(1).max(2),
  }),
});
type TransUnionReport = z.infer<typeof reportSchema>;

/**
 * Checks an answer against TransUnion's report contract and normalises it into a {@link CreditReport}; the
 * echoed SSN is cut to its last four digits and the date of birth dropped here, at the boundary.
 */
export function parseTransUnionReport(body: unknown): CreditReport {
  return normalise(parseIntegrationResponse('transunion', reportSchema, body));
}

function normalise(report: TransUnionReport): CreditReport {
  const subjects = [...report.product.subject].sort((a, b) => a.number.localeCompare(b.number));
  return {
    bureau: 'transunion',
    reportId: report.transactionControl.tracking.identifier,
    clientReference: report.transactionControl.userRefNumber,
    pullType: report.product.code === PRODUCT.soft ? 'soft' : 'hard',
    pulledAt: report.transactionControl.tracking.transactionTimeStamp,
    borrowers: subjects.map(({ subjectRecord: record }, index) => ({
      role: borrowerRole(index),
      firstName: record.indicative.name.person.first,
      lastName: record.indicative.name.person.last,
      ssnLast4: record.indicative.socialSecurity.number,
      score: {
        model: MORTGAGE_SCORE_MODEL.transunion,
        value: record.addOnProduct.score.results,
        reasonCodes: [...record.addOnProduct.score.factors.factor]
          .sort((a, b) => Number(a.rank) - Number(b.rank))
          .map((f) => ficoReasonCode(f.code)),
      },
      tradelines: summariseTradelines(
        record.custom.credit.trade.map((t) => ({
          isMortgage: t.portfolioType === 'mortgage',
          isRevolving: t.portfolioType === 'revolving',
          isDerogatory: DEROGATORY_RATINGS.has(t.accountRating),
          balance: t.currentBalance,
          creditLimit: t.creditLimit ?? 0,
          monthlyPayment: t.terms?.scheduledMonthlyPayment ?? 0,
        })),
      ),
      inquiries: record.custom.credit.inquiry.map((i) => ({
        date: i.date,
        subscriber: i.subscriber.name.unparsed,
      })),
      publicRecordCount: record.custom.credit.publicRecord.length,
    })),
  };
}
