import {
  batchesOf,
  DEFAULT_RECONCILIATION_OPTIONS,
  driftedFields,
  reconciliationOptionsOf,
} from '../../../src/domain/reconciliation';

describe('reconciliation domain', () => {
  it('when both sides hold the same values (unset read as null), then nothing has drifted', () => {
    expect(driftedFields({ loanAmount: 400000, milestone: null }, { loanAmount: 400000 })).toEqual([]);
  });

  it('when fields differ, then each differing field is named in field-map order', () => {
    expect(
      driftedFields(
        { milestone: 'Processing', loanAmount: 400000, propertyCity: 'Austin' },
        { milestone: 'Underwriting', loanAmount: 410000, propertyCity: 'Austin' },
      ),
    ).toEqual(['loanAmount', 'milestone']);
  });

  it('when no options are given, then the production defaults apply; out-of-range ones are refused', () => {
    expect(reconciliationOptionsOf()).toEqual(DEFAULT_RECONCILIATION_OPTIONS);
    expect(reconciliationOptionsOf({ pageSize: 2000 })).toMatchObject({ pageSize: 2000 });
    expect(reconciliationOptionsOf({ pageSize: 2001 })).toBeUndefined();
    expect(reconciliationOptionsOf({ pageSize: 0 })).toBeUndefined();
    expect(reconciliationOptionsOf({ encompassBatchSize: 26 })).toBeUndefined();
    expect(reconciliationOptionsOf({ pagesPerRun: 1.5 })).toBeUndefined();
  });

  it('when items are batched, then every item lands in order in batches of at most the size', () => {
    expect(batchesOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batchesOf([], 3)).toEqual([]);
  });
});
