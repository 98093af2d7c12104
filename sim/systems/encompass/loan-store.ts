import { randomUUID } from 'node:crypto';
import { encompassLoanSchema } from '../../../src/clients/encompass-loan';
import type { EncompassLoan } from '../../../src/clients/encompass-loan';

export interface StoredLoan {
  loan: EncompassLoan;
  /** Pipeline `Loan.DateCreated`; not part of the loan contract. */
  createdAt: string;
}

/** A loan as it changed: which fields moved, for the ledger. */
export interface LoanChange {
  loan: EncompassLoan;
  fields: string[];
}

type Json = Record<string, unknown>;

/** Loans keyed by GUID, merged the way Encompass merges a PATCH. */
export class LoanStore {
  private readonly loans = new Map<string, StoredLoan>();
  private numbered = 0;

  create(input: Json, id: string = randomUUID()): LoanChange {
    const now = new Date().toISOString();
    const draft = {
      id,
      // Encompass numbers a new loan when the caller does not.
      loanNumber: `${now.slice(2, 4)}${now.slice(5, 7)}${String(++this.numbered).padStart(6, '0')}`,
      milestoneCurrentName: 'Started',
      rateLock: { rateStatus: 'NotLocked' },
      ...input,
      lastModified: now,
    };
    const loan = encompassLoanSchema.parse(draft);
    this.loans.set(id, { loan, createdAt: now });
    return { loan: structuredClone(loan), fields: changedFields({}, loan) };
  }

  update(id: string, patch: Json): LoanChange | undefined {
    const stored = this.loans.get(id);
    if (!stored) return undefined;
    const merged = merge(stored.loan, patch);
    // Strictly increasing even within a millisecond, so that saves are always ordered.
    const lastModified = new Date(
      Math.max(Date.now(), Date.parse(stored.loan.lastModified) + 1),
    ).toISOString();
    const loan = encompassLoanSchema.parse({ ...merged, id, lastModified });
    const fields = changedFields(stored.loan, loan);
    stored.loan = loan;
    return { loan: structuredClone(loan), fields };
  }

  get(id: string): EncompassLoan | undefined {
    const stored = this.loans.get(id);
    return stored && structuredClone(stored.loan);
  }

  /** Every loan, oldest first. */
  all(): readonly StoredLoan[] {
    return [...this.loans.values()];
  }

  clear(): void {
    this.loans.clear();
    this.numbered = 0;
  }
}

/** Objects merge key by key, `customFields` by `fieldName`, other arrays (applications) by position. */
function merge(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = out[key];
    if (key === 'customFields' && Array.isArray(value)) out[key] = mergeCustomFields(current, value);
    else if (Array.isArray(value) && Array.isArray(current)) out[key] = mergeByPosition(current, value);
    else if (isRecord(value) && isRecord(current)) out[key] = merge(current, value);
    else out[key] = value;
  }
  return out;
}

function mergeCustomFields(current: unknown, patch: unknown[]): unknown[] {
  const byName = new Map<unknown, unknown>();
  for (const field of [...(Array.isArray(current) ? current : []), ...patch]) {
    if (isRecord(field)) byName.set(field.fieldName, { ...(byName.get(field.fieldName) as Json), ...field });
  }
  return [...byName.values()];
}

function mergeByPosition(current: unknown[], patch: unknown[]): unknown[] {
  const out = [...current];
  patch.forEach((item, i) => {
    const existing = out[i];
    out[i] = isRecord(item) && isRecord(existing) ? merge(existing, item) : item;
  });
  return out;
}

/** Dotted paths of the leaves that differ, `customFields[<fieldName>]` for custom fields. */
function changedFields(before: Json, after: Json): string[] {
  const a = leaves(before);
  const b = leaves(after);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((path) => path !== 'lastModified' && a.get(path) !== b.get(path))
    .sort();
}

function leaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (path === 'customFields' && Array.isArray(value)) {
    for (const field of value)
      if (isRecord(field)) out.set(`customFields[${String(field.fieldName)}]`, field.stringValue);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => leaves(item, `${path}[${i}]`, out));
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) leaves(item, path ? `${path}.${key}` : key, out);
  } else {
    out.set(path, value);
  }
  return out;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Records a committed change and notifies subscribers: API writes echo back as webhooks too. */
export type PublishLoanChange = (
  kind: 'created' | 'updated',
  change: LoanChange,
  by: { source: 'api' | 'ui'; userId: string },
) => void;
