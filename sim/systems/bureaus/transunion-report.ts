import type { PaymentStatus } from './credit-file';
import { zeroPadded } from './formats';
import type { BureauReport } from './inquiry-book';

/** The simulator's product codes: a credit report with a hard inquiry, and one with a soft inquiry. */
export const TRANSUNION_PRODUCT = { hard: '07000', soft: '07030' } as const;
/** FICO Classic 04 as a TransUnion add-on product. */
const FICO_CLASSIC_04 = '00W18';
const ACCOUNT_RATING: Record<PaymentStatus, string> = {
  current: '01',
  '30-days-late': '02',
  collection: '9B',
};

/** A report in TransUnion's response shape; the same report always renders the same, so reissues match. */
export function renderTransUnionReport(report: BureauReport) {
  return {
    document: 'response',
    version: '2.37',
    transactionControl: {
      userRefNumber: report.reference,
      tracking: { transactionTimeStamp: report.pulledAt, identifier: report.reportId },
    },
    product: {
      code: TRANSUNION_PRODUCT[report.pullType],
      subject: report.subjects.map(({ subject, file }, i) => ({
        number: String(i + 1),
        subjectRecord: {
          fileSummary: { fileHitIndicator: 'regularHit', ssnMatchIndicator: 'exact' },
          indicative: {
            name: { person: { first: subject.firstName, last: subject.lastName } },
            socialSecurity: { number: subject.ssn },
            dateOfBirth: subject.dateOfBirth,
          },
          custom: {
            credit: {
              trade: file.tradelines.map((t) => ({
                subscriber: { name: { unparsed: t.creditor } },
                portfolioType: t.kind,
                dateOpened: t.openedOn,
                currentBalance: zeroPadded(t.balance, 9),
                highCredit: zeroPadded(t.creditLimit, 9),
                creditLimit: t.kind === 'revolving' ? zeroPadded(t.creditLimit, 9) : undefined,
                terms: { scheduledMonthlyPayment: zeroPadded(t.monthlyPayment, 9) },
                accountRating: ACCOUNT_RATING[t.status],
              })),
              inquiry: file.inquiries.map((q) => ({
                subscriber: { name: { unparsed: q.subscriber } },
                date: q.date,
              })),
              publicRecord: file.publicRecords.map((p) => ({ type: '7X', dateFiled: p.filedOn })),
            },
          },
          addOnProduct: [
            {
              code: FICO_CLASSIC_04,
              status: 'delivered',
              scoreModel: {
                score: {
                  results: `+${file.score}`,
                  factors: {
                    factor: file.reasonCodes.map((code, rank) => ({
                      rank: String(rank + 1),
                      code: `0${code}`,
                    })),
                  },
                },
              },
            },
          ],
        },
      })),
    },
  };
}
