import type { PaymentStatus, TradelineKind } from './credit-file';
import { toMmddyyyy } from './formats';
import type { BureauReport } from './inquiry-book';

export const REPORTS_PATH = '/business/mortgage-credit/v1/reports';
const PORTFOLIO_TYPE: Record<TradelineKind, string> = { revolving: 'R', installment: 'I', mortgage: 'M' };
/** Equifax's manner-of-payment rates: 1 paid as agreed, 2 thirty days late, 9 collection. */
const RATE: Record<PaymentStatus, string> = { current: '1', '30-days-late': '2', collection: '9' };

/** A report in Equifax's response shape; the same report always renders the same, so reissues match. */
export function renderEquifaxReport(report: BureauReport) {
  return {
    status: 'completed',
    reportIdentifier: report.reportId,
    customerReferenceIdentifier: report.reference,
    inquiryType: report.pullType === 'soft' ? 'SOFT' : 'HARD',
    reportDate: report.pulledAt,
    consumers: {
      equifaxUSConsumerCreditReport: report.subjects.map(({ subject, file }, i) => ({
        identifier: String(i + 1),
        subjectName: { firstName: subject.firstName, lastName: subject.lastName },
        subjectSocialNum: subject.ssn,
        birthDate: toMmddyyyy(subject.dateOfBirth),
        models: [
          {
            type: 'FICO',
            modelNumber: '05143',
            modelName: 'BEACON 5.0',
            score: file.score,
            reasons: file.reasonCodes.map((code) => ({ code: Number(code) })),
          },
        ],
        trades: file.tradelines.map((t) => ({
          customerName: t.creditor,
          portfolioTypeCode: { code: PORTFOLIO_TYPE[t.kind] },
          dateOpened: toMmddyyyy(t.openedOn),
          balance: t.balance,
          highCredit: t.creditLimit,
          creditLimit: t.kind === 'revolving' ? t.creditLimit : undefined,
          scheduledPaymentAmount: t.monthlyPayment,
          rate: { code: RATE[t.status] },
        })),
        inquiries: file.inquiries.map((q) => ({
          type: 'inquiry',
          inquiryDate: toMmddyyyy(q.date),
          customerName: q.subscriber,
        })),
        bankruptcies: file.publicRecords.map((p) => ({
          dateFiled: toMmddyyyy(p.filedOn),
          type: { code: '7' },
        })),
      })),
    },
    links: [{ identifier: 'reissue', href: `${REPORTS_PATH}/${report.reportId}`, type: 'GET' }],
  };
}
