import { creditPullRequestSchema, maskSsn, toScoreSummary } from '../../../src/domain/credit';
import type { CreditReport } from '../../../src/domain/credit';

const borrower = {
  firstName: 'Maria',
  lastName: 'Lopez',
  ssn: '666-23-4567',
  dateOfBirth: '1984-07-19',
  currentAddress: { line1: '1200 Market St', city: 'San Francisco', state: 'CA', postalCode: '94102' },
};
const coBorrower = { ...borrower, firstName: 'Daniel', ssn: '666123456', dateOfBirth: '1982-02-03' };
const request = {
  loanId: 'a0X5e000001AbCdEAK',
  borrowers: [borrower],
  pullType: 'hard',
  permissiblePurpose: 'credit-transaction',
  requestedBy: '0055e000003XyZaAAC',
};

describe('creditPullRequestSchema', () => {
  it('when a joint application is parsed, then both SSNs are kept as nine digits', () => {
    const parsed = creditPullRequestSchema.parse({ ...request, borrowers: [borrower, coBorrower] });
    expect(parsed.borrowers.map((b) => b.ssn)).toEqual(['666234567', '666123456']);
  });

  it('when the requester is an email, then it is accepted', () => {
    expect(creditPullRequestSchema.safeParse({ ...request, requestedBy: 'lo@lender.example' }).success).toBe(
      true,
    );
  });

  it.each([
    {
      case: 'an SSN with too few digits',
      path: 'borrowers.0.ssn',
      change: { borrowers: [{ ...borrower, ssn: '666-23-456' }] },
    },
    {
      case: 'a date of birth that is not an ISO date',
      path: 'borrowers.0.dateOfBirth',
      change: { borrowers: [{ ...borrower, dateOfBirth: '07/19/1984' }] },
    },
    { case: 'no borrower', path: 'borrowers', change: { borrowers: [] } },
    {
      case: 'three borrowers',
      path: 'borrowers',
      change: { borrowers: [borrower, coBorrower, { ...borrower, ssn: '666000111' }] },
    },
    {
      case: 'a co-borrower with the borrower’s SSN',
      path: 'borrowers',
      change: { borrowers: [borrower, { ...coBorrower, ssn: '666234567' }] },
    },
    {
      case: 'a hard pull for an account review',
      path: 'pullType',
      change: { permissiblePurpose: 'account-review' },
    },
    {
      case: 'a purpose the FCRA does not give a lender',
      path: 'permissiblePurpose',
      change: { permissiblePurpose: 'marketing' },
    },
    {
      case: 'a requester that is neither a user ID nor an email',
      path: 'requestedBy',
      change: { requestedBy: 'someone' },
    },
    { case: 'a malformed loan ID', path: 'loanId', change: { loanId: 'loan-1' } },
  ])('when the request has $case, then it is rejected at $path', ({ change, path }) => {
    const result = creditPullRequestSchema.safeParse({ ...request, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('when an account review is a soft pull, then it is accepted', () => {
    const review = { ...request, pullType: 'soft', permissiblePurpose: 'account-review' };
    expect(creditPullRequestSchema.safeParse(review).success).toBe(true);
  });

  it('when an SSN is rejected, then the error does not repeat it', () => {
    const result = creditPullRequestSchema.safeParse({
      ...request,
      borrowers: [{ ...borrower, ssn: '666-23-45678' }],
    });
    expect(JSON.stringify(result.error?.issues)).not.toContain('45678');
  });
});

describe('maskSsn', () => {
  it.each(['666-23-4567', '666234567'])('when %s is masked, then only its last four digits remain', (ssn) => {
    expect(maskSsn(ssn)).toBe('***-**-4567');
  });
});

describe('toScoreSummary', () => {
  const report: CreditReport = {
    bureau: 'equifax',
    reportId: 'EFX0011',
    clientReference: 'credit-pull-1',
    pullType: 'hard',
    pulledAt: '2025-03-01T15:04:05.000Z',
    borrowers: [
      {
        role: 'borrower',
        firstName: 'Maria',
        lastName: 'Lopez',
        ssnLast4: '4567',
        score: { model: 'FICO Score 5', value: 742, reasonCodes: ['10', '14'] },
        tradelines: {
          count: 1,
          mortgageCount: 0,
          totalBalance: 900,
          totalMonthlyPayment: 25,
          revolvingUtilisationPercent: 18,
          derogatoryCount: 0,
        },
        inquiries: [],
        publicRecordCount: 0,
      },
    ],
  };

  it('when a report is summarised for Salesforce, then it keeps bureau, report, time and scores and drops identity', () => {
    const summary = toScoreSummary(report);
    expect(summary).toEqual({
      bureau: 'equifax',
      reportId: 'EFX0011',
      pulledAt: '2025-03-01T15:04:05.000Z',
      scores: [{ role: 'borrower', model: 'FICO Score 5', value: 742 }],
    });
    expect(JSON.stringify(summary)).not.toMatch(/4567|Lopez/);
  });
});
