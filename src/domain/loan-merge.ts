import { LOAN_FIELD_MAP } from './loan-field-map';
import type { FieldRule, LoanField, LoanFieldValue, LoanSideState, LoanSnapshot } from './loan-field-map';

/** A field both sides changed to different values since the last sync, and how it was settled. */
export interface FieldResolution {
  field: LoanField;
  rule: FieldRule;
  winner: 'salesforce' | 'encompass';
  salesforceValue: LoanFieldValue;
  encompassValue: LoanFieldValue;
}

export interface LoanMerge {
  /** What both sides hold once the writes below land. */
  merged: LoanSnapshot;
  toEncompass: LoanSnapshot;
  toSalesforce: LoanSnapshot;
  resolutions: FieldResolution[];
}

/**
 * Three-way merge against the last synced snapshot. A side that shows the base value did not change the
 * field, which is also how echoes vanish: our own write comes back equal to the base and moves nothing.
 */
export function mergeLoan(base: LoanSnapshot, salesforce?: LoanSideState, encompass?: LoanSideState): LoanMerge {
  const merged: LoanSnapshot = { ...base };
  const toEncompass: LoanSnapshot = {};
  const toSalesforce: LoanSnapshot = {};
  const resolutions: FieldResolution[] = [];
  const salesforceIsLater = !encompass || (salesforce !== undefined && salesforce.modifiedAt >= encompass.modifiedAt);

  for (const { field, rule } of LOAN_FIELD_MAP) {
    const b = base[field];
    const s = salesforce && field in salesforce.fields ? salesforce.fields[field] : b;
    const e = encompass && field in encompass.fields ? encompass.fields[field] : b;
    const sChanged = s !== b;
    const eChanged = e !== b;
    let value: LoanFieldValue | undefined;
    if (rule === 'salesforce-owns') value = s;
    else if (rule === 'encompass-owns') value = e;
    else if (sChanged && eChanged && s !== e) {
      const winner = salesforceIsLater ? 'salesforce' : 'encompass';
      value = winner === 'salesforce' ? s : e;
      resolutions.push({ field, rule, winner, salesforceValue: s ?? null, encompassValue: e ?? null });
    } else value = sChanged ? s : e;

    if (value === undefined) continue;
    merged[field] = value;
    if (rule !== 'encompass-owns' && e !== value) toEncompass[field] = value;
    if (rule !== 'salesforce-owns' && s !== value) toSalesforce[field] = value;
  }
  return { merged, toEncompass, toSalesforce, resolutions };
}

/** Folds a newer view of one side into an older one, field by field: coalescing of queued changes. */
export function foldSideState(older: LoanSideState | undefined, newer: LoanSideState | undefined): LoanSideState | undefined {
  if (!older) return newer;
  if (!newer) return older;
  const [first, second] = newer.modifiedAt >= older.modifiedAt ? [older, newer] : [newer, older];
  return { fields: { ...first.fields, ...second.fields }, modifiedAt: second.modifiedAt };
}

export function isEmptySnapshot(snapshot: LoanSnapshot): boolean {
  return Object.keys(snapshot).length === 0;
}
