import { LOAN_FIELD_MAP } from './loan-field-map';
import type { FieldRule, LoanField, LoanFieldValue, LoanSideState, LoanSnapshot } from './loan-field-map';

export type LoanSide = 'salesforce' | 'encompass';

/** Which side last set each synced field, and when its record was modified then. */
export type FieldOrigins = Partial<Record<LoanField, { side: LoanSide; at: string }>>;

/** Edits to one field that competed, and how the field map settled them. */
export interface FieldResolution {
  field: LoanField;
  rule: FieldRule;
  winner: LoanSide;
  salesforceValue: LoanFieldValue;
  encompassValue: LoanFieldValue;
}

export interface LoanMerge {
  /** What both sides hold once the writes below land. */
  merged: LoanSnapshot;
  origins: FieldOrigins;
  toEncompass: LoanSnapshot;
  toSalesforce: LoanSnapshot;
  resolutions: FieldResolution[];
}

interface Candidate {
  side: LoanSide;
  value: LoanFieldValue;
  at: string;
}

/**
 * Three-way merge against the last synced snapshot. A side that shows the base value did not change the
 * field, which is also how echoes vanish: our own write comes back equal to the base and moves nothing.
 * Last-writer-wins compares record modification times, including the time the synced value was written,
 * so an edit that arrives late cannot overwrite a newer one from the other side.
 */
export function mergeLoan(
  base: LoanSnapshot,
  salesforce?: LoanSideState,
  encompass?: LoanSideState,
  origins: FieldOrigins = {},
): LoanMerge {
  const merged: LoanSnapshot = { ...base };
  const nextOrigins: FieldOrigins = { ...origins };
  const toEncompass: LoanSnapshot = {};
  const toSalesforce: LoanSnapshot = {};
  const resolutions: FieldResolution[] = [];

  for (const { field, rule } of LOAN_FIELD_MAP) {
    const b = base[field];
    const s = salesforce && field in salesforce.fields ? salesforce.fields[field] : b;
    const e = encompass && field in encompass.fields ? encompass.fields[field] : b;
    const changes: Candidate[] = [];
    if (s !== b && salesforce)
      changes.push({ side: 'salesforce', value: s ?? null, at: salesforce.modifiedAt });
    if (e !== b && encompass) changes.push({ side: 'encompass', value: e ?? null, at: encompass.modifiedAt });

    let winner: Candidate | undefined;
    if (rule === 'salesforce-owns') winner = changes.find((c) => c.side === 'salesforce');
    else if (rule === 'encompass-owns') winner = changes.find((c) => c.side === 'encompass');
    else winner = latest(changes, origins[field]);

    if (winner) {
      merged[field] = winner.value;
      nextOrigins[field] = { side: winner.side, at: winner.at };
    }
    const value = merged[field];
    if (value === undefined) continue;
    const lost = changes.filter((c) => c.value !== value);
    if (rule === 'last-writer-wins' && lost.length > 0) {
      resolutions.push({
        field,
        rule,
        winner:
          winner?.side ??
          origins[field]?.side ??
          (lost[0]!.side === 'salesforce' ? 'encompass' : 'salesforce'),
        salesforceValue: s ?? null,
        encompassValue: e ?? null,
      });
    }
    if (rule !== 'encompass-owns' && e !== value) toEncompass[field] = value;
    if (rule !== 'salesforce-owns' && s !== value) toSalesforce[field] = value;
  }
  return { merged, origins: nextOrigins, toEncompass, toSalesforce, resolutions };
}

/** The newest change, unless the synced value itself is newer than all of them. */
function latest(changes: Candidate[], origin: { at: string } | undefined): Candidate | undefined {
  const newest = changes.reduce<Candidate | undefined>(
    (best, c) => (!best || c.at > best.at ? c : best),
    undefined,
  );
  if (!newest || (origin && origin.at > newest.at)) return undefined;
  return newest;
}

/** Folds a newer view of one side into an older one, field by field: coalescing of queued changes. */
export function foldSideState(
  older: LoanSideState | undefined,
  newer: LoanSideState | undefined,
): LoanSideState | undefined {
  if (!older) return newer;
  if (!newer) return older;
  const [first, second] = newer.modifiedAt >= older.modifiedAt ? [older, newer] : [newer, older];
  return { fields: { ...first.fields, ...second.fields }, modifiedAt: second.modifiedAt };
}

export function isEmptySnapshot(snapshot: LoanSnapshot): boolean {
  return Object.keys(snapshot).length === 0;
}
