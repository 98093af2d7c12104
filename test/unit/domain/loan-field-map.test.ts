import {
  fromEncompassLoan,
  fromSalesforceRecord,
  toEncompassPatch,
  toSalesforceFields,
} from '../../../src/domain/loan-field-map';
import { foldSideState, mergeLoan } from '../../../src/domain/loan-merge';

const encompassLoan = {
  id: '8f6c2a64-3b1e-4d59-9d0c-2f1e5a7b9c01',
  loanNumber: '2601000001',
  borrowerRequestedLoanAmount: 420000,
  requestedInterestRatePercent: 6.75,
  estimatedClosingDate: '2026-04-15',
  applications: [
    { borrower: { firstName: 'Dana', lastName: 'Reyes', emailAddressText: 'dana@example.com' } },
  ],
  property: {
    streetAddress: '12 Elm St',
    city: 'Austin',
    state: 'TX',
    postalCode: '78701',
    loanPurposeType: 'Purchase',
  },
  milestoneCurrentName: 'Processing',
  lastModified: '2026-03-01T10:00:00Z',
};

describe('loan field map', () => {
  it('when an Encompass loan is read, then nested paths become canonical fields', () => {
    expect(fromEncompassLoan(encompassLoan)).toMatchObject({
      loanAmount: 420000,
      borrowerFirstName: 'Dana',
      propertyCity: 'Austin',
      milestone: 'Processing',
      rateLockStatus: null,
    });
  });

  it('when canonical fields go to Encompass, then the patch nests them and leaves Encompass-owned fields out', () => {
    const patch = toEncompassPatch({
      loanAmount: 430000,
      borrowerLastName: 'Reyes-Diaz',
      propertyState: 'TX',
      milestone: 'Approved',
    });
    expect(patch).toEqual({
      borrowerRequestedLoanAmount: 430000,
      applications: [{ borrower: { lastName: 'Reyes-Diaz' } }],
      property: { state: 'TX' },
    });
  });

  it('when a Salesforce record round-trips, then the fields are unchanged', () => {
    const record = {
      Loan_Amount__c: 420000,
      Borrower_First_Name__c: 'Dana',
      Estimated_Closing_Date__c: '2026-04-15',
    };
    expect(toSalesforceFields(fromSalesforceRecord(record))).toEqual(record);
  });
});

describe('three-way loan merge', () => {
  const base = fromEncompassLoan(encompassLoan);
  const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00Z`;

  it('when only Salesforce changed a field, then it flows to Encompass and nothing flows back', () => {
    const result = mergeLoan(base, { fields: { loanAmount: 450000 }, modifiedAt: at(5) }, undefined);
    expect(result.toEncompass).toEqual({ loanAmount: 450000 });
    expect(result.toSalesforce).toEqual({});
  });

  it('when Encompass reports back exactly what was pushed, then nothing is written anywhere (echo)', () => {
    const result = mergeLoan(base, undefined, {
      fields: fromEncompassLoan(encompassLoan),
      modifiedAt: at(6),
    });
    expect(result.toEncompass).toEqual({});
    expect(result.toSalesforce).toEqual({});
  });

  it('when both sides changed the same field, then the later writer wins and the resolution is recorded', () => {
    const result = mergeLoan(
      base,
      { fields: { interestRatePercent: 6.5 }, modifiedAt: at(5) },
      { fields: { interestRatePercent: 6.625 }, modifiedAt: at(7) },
    );
    expect(result.merged.interestRatePercent).toBe(6.625);
    expect(result.toSalesforce).toEqual({ interestRatePercent: 6.625 });
    expect(result.resolutions).toEqual([
      {
        field: 'interestRatePercent',
        rule: 'last-writer-wins',
        winner: 'encompass',
        salesforceValue: 6.5,
        encompassValue: 6.625,
      },
    ]);
  });

  it('when Encompass edits a Salesforce-owned field, then Salesforce wins and Encompass is corrected', () => {
    const result = mergeLoan(base, undefined, {
      fields: { borrowerEmail: 'typo@example.com' },
      modifiedAt: at(7),
    });
    expect(result.toEncompass).toEqual({ borrowerEmail: 'dana@example.com' });
    expect(result.toSalesforce).toEqual({});
  });

  it('when Salesforce edits an Encompass-owned field, then Encompass wins and Salesforce is corrected', () => {
    const result = mergeLoan(base, { fields: { milestone: 'Funded' }, modifiedAt: at(7) }, undefined);
    expect(result.toSalesforce).toEqual({ milestone: 'Processing' });
    expect(result.toEncompass).toEqual({});
  });

  it('when several edits queue up, then folding keeps the latest value of each field', () => {
    const folded = foldSideState(
      { fields: { loanAmount: 1, propertyCity: 'Austin' }, modifiedAt: at(1) },
      { fields: { loanAmount: 2 }, modifiedAt: at(2) },
    );
    expect(folded).toEqual({ fields: { loanAmount: 2, propertyCity: 'Austin' }, modifiedAt: at(2) });
  });
});

describe('late edits', () => {
  it('when an older Salesforce edit arrives after a newer Encompass value was synced, then it loses and is recorded', () => {
    const base = { interestRatePercent: 6.875 };
    const origins = { interestRatePercent: { side: 'encompass' as const, at: '2026-03-01T10:07:00Z' } };
    const result = mergeLoan(
      base,
      { fields: { interestRatePercent: 6.125 }, modifiedAt: '2026-03-01T10:05:00Z' },
      undefined,
      origins,
    );
    expect(result.merged.interestRatePercent).toBe(6.875);
    expect(result.toSalesforce).toEqual({ interestRatePercent: 6.875 });
    expect(result.toEncompass).toEqual({});
    expect(result.resolutions).toEqual([
      expect.objectContaining({ field: 'interestRatePercent', winner: 'encompass' }),
    ]);
  });
});
