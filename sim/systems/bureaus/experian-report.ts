import type { PaymentStatus, TradelineKind } from './credit-file';
import { toMmddyyyy, zeroPadded } from './formats';
import type { BureauReport } from './inquiry-book';

const ACCOUNT_TYPE: Record<TradelineKind, string> = { revolving: '18', installment: '00', mortgage: '26' };
const ACCOUNT_CONDITION: Record<PaymentStatus, string> = {
  current: '11',
  '30-days-late': '71',
  collection: '93',
};

const BANKRUPTCY_CHAPTER_7_DISCHARGED = '13';

/** A report in Experian's response shape; the same report always renders the same, so reissues match. */
export function renderExperianReport(report: BureauReport) {
  return {
    reportId: report.reportId,
    clientReferenceId: report.reference,
    softInquiry: report.pullType === 'soft' ? 'Y' : 'N',
    creditProfile: report.subjects.map(({ subject, file }) => ({
      headerRecord: [{ reportTimestamp: report.pulledAt, preamble: 'TCA1', arfVersion: '07' }],
      consumerIdentity: {
        name: [{ firstName: subject.firstName, surname: subject.lastName }],
        dob: toMmddyyyy(subject.dateOfBirth),
        ssn: [{ number: subject.ssn }],
      },
      riskModel: [
        {
          modelIndicator: 'F',
          score: zeroPadded(file.score, 4),
          scoreFactors: file.reasonCodes.map((code, i) => ({ importance: String(i + 1), code })),
        },
      ],
      tradeline: file.tradelines.map((t) => ({
        subscriberName: t.creditor,
        accountType: ACCOUNT_TYPE[t.kind],
        openDate: toMmddyyyy(t.openedOn),
        balanceAmount: zeroPadded(t.balance, 9),
        amount1: zeroPadded(t.creditLimit, 9),
        amount1Qualifier: t.kind === 'revolving' ? 'L' : 'O',
        monthlyPaymentAmount: zeroPadded(t.monthlyPayment, 9),
        status: ACCOUNT_CONDITION[t.status],
      })),
      inquiry: file.inquiries.map((i) => ({ date: toMmddyyyy(i.date), subscriberName: i.subscriber })),
      publicRecord: file.publicRecords.map((p) => ({
        status: BANKRUPTCY_CHAPTER_7_DISCHARGED,
        filingDate: toMmddyyyy(p.filedOn),
      })),
    })),
  };
}
