/**
 * The declarative map between a Salesforce `Loan__c` record and an Encompass v3 loan: one row per
 * canonical field, with the Salesforce API name, the Encompass JSON path, and who wins when both sides
 * changed it since the last sync.
 */
export type FieldRule =
  /** Salesforce is the system of record: its value flows to Encompass; Encompass edits are overwritten. */
  | 'salesforce-owns'
  /** Encompass is the system of record (or the field is read-only there): its value flows to Salesforce. */
  | 'encompass-owns'
  /** Both sides may edit; the side whose record was modified last wins. */
  | 'last-writer-wins';

export type LoanFieldValue = string | number | null;

export interface LoanFieldMapping {
  readonly field: string;
  readonly salesforce: string;
  /** Dotted path into the v3 loan; a numeric segment is an array index. */
  readonly encompass: string;
  readonly rule: FieldRule;
  readonly kind: 'string' | 'number' | 'date';
}

export const LOAN_SOBJECT = 'Loan__c';
export const ENCOMPASS_ID_FIELD = 'Encompass_Loan_Id__c';

export const LOAN_FIELD_MAP = [
  {
    field: 'loanNumber',
    salesforce: 'Loan_Number__c',
    encompass: 'loanNumber',
    rule: 'encompass-owns',
    kind: 'string',
  },
  {
    field: 'loanAmount',
    salesforce: 'Loan_Amount__c',
    encompass: 'borrowerRequestedLoanAmount',
    rule: 'last-writer-wins',
    kind: 'number',
  },
  {
    field: 'interestRatePercent',
    salesforce: 'Interest_Rate__c',
    encompass: 'requestedInterestRatePercent',
    rule: 'last-writer-wins',
    kind: 'number',
  },
  {
    field: 'loanPurpose',
    salesforce: 'Loan_Purpose__c',
    encompass: 'property.loanPurposeType',
    rule: 'last-writer-wins',
    kind: 'string',
  },
  {
    field: 'estimatedClosingDate',
    salesforce: 'Estimated_Closing_Date__c',
    encompass: 'estimatedClosingDate',
    rule: 'last-writer-wins',
    kind: 'date',
  },
  {
    field: 'borrowerFirstName',
    salesforce: 'Borrower_First_Name__c',
    encompass: 'applications.0.borrower.firstName',
    rule: 'last-writer-wins',
    kind: 'string',
  },
  {
    field: 'borrowerLastName',
    salesforce: 'Borrower_Last_Name__c',
    encompass: 'applications.0.borrower.lastName',
    rule: 'last-writer-wins',
    kind: 'string',
  },
  {
    field: 'borrowerEmail',
    salesforce: 'Borrower_Email__c',
    encompass: 'applications.0.borrower.emailAddressText',
    rule: 'salesforce-owns',
    kind: 'string',
  },
  {
    field: 'borrowerMobilePhone',
    salesforce: 'Borrower_Mobile_Phone__c',
    encompass: 'applications.0.borrower.mobilePhone',
    rule: 'salesforce-owns',
    kind: 'string',
  },
  {
    field: 'propertyStreet',
    salesforce: 'Property_Street__c',
    encompass: 'property.streetAddress',
    rule: 'last-writer-wins',
    kind: 'string',
  },
  {
    field: 'propertyCity',
    salesforce: 'Property_City__c',
    encompass: 'property.city',
    rule: 'last-writer-wins',
    kind: 'string',
  },
  {
    field: 'propertyState',
    salesforce: 'Property_State__c',
    encompass: 'property.state',
    rule: 'last-writer-wins',
    kind: 'string',
  },
  {
    field: 'propertyPostalCode',
    salesforce: 'Property_Postal_Code__c',
    encompass: 'property.postalCode',
    rule: 'last-writer-wins',
    kind: 'string',
  },
  {
    field: 'milestone',
    salesforce: 'Milestone__c',
    encompass: 'milestoneCurrentName',
    rule: 'encompass-owns',
    kind: 'string',
  },
  {
    field: 'rateLockStatus',
    salesforce: 'Rate_Lock_Status__c',
    encompass: 'rateLock.rateStatus',
    rule: 'encompass-owns',
    kind: 'string',
  },
] as const satisfies readonly LoanFieldMapping[];

export type LoanField = (typeof LOAN_FIELD_MAP)[number]['field'];

/** Canonical loan data: what both systems hold for one loan, field by field (absent = never set). */
export type LoanSnapshot = Partial<Record<LoanField, LoanFieldValue>>;

/** One side's view of the loan at a moment: the canonical fields and that record's modification time. */
export interface LoanSideState {
  fields: LoanSnapshot;
  modifiedAt: string;
}

/** The Salesforce field names the sync reads (for selective SOQL). */
export const SALESFORCE_LOAN_FIELDS: readonly string[] = [
  'Id',
  ENCOMPASS_ID_FIELD,
  ...LOAN_FIELD_MAP.map((m) => m.salesforce),
  'LastModifiedDate',
];

export function fromSalesforceRecord(record: Readonly<Record<string, unknown>>): LoanSnapshot {
  const snapshot: LoanSnapshot = {};
  for (const m of LOAN_FIELD_MAP) {
    if (m.salesforce in record) snapshot[m.field] = normalise(record[m.salesforce], m.kind);
  }
  return snapshot;
}

export function toSalesforceFields(snapshot: LoanSnapshot): Record<string, LoanFieldValue> {
  const record: Record<string, LoanFieldValue> = {};
  for (const m of LOAN_FIELD_MAP) {
    if (m.field in snapshot) record[m.salesforce] = snapshot[m.field] ?? null;
  }
  return record;
}

export function fromEncompassLoan(loan: unknown): LoanSnapshot {
  const snapshot: LoanSnapshot = {};
  for (const m of LOAN_FIELD_MAP) snapshot[m.field] = normalise(readPath(loan, m.encompass), m.kind);
  return snapshot;
}

/** The Encompass PATCH body for some fields; `encompass-owns` fields are never written to Encompass. */
export function toEncompassPatch(snapshot: LoanSnapshot): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const m of LOAN_FIELD_MAP) {
    const value = snapshot[m.field];
    if (m.rule === 'encompass-owns' || value === undefined || value === null) continue;
    writePath(patch, m.encompass, value);
  }
  return patch;
}

function normalise(value: unknown, kind: LoanFieldMapping['kind']): LoanFieldValue {
  if (value === undefined || value === null || value === '') return null;
  if (kind === 'number') return typeof value === 'number' ? value : Number(value);
  if (kind === 'date') return String(value).slice(0, 10);
  return String(value);
}

function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let current: Record<string, unknown> | unknown[] = target;
  segments.forEach((segment, i) => {
    const key = /^\d+$/.test(segment) ? Number(segment) : segment;
    const last = i === segments.length - 1;
    const container = current as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(segments[i + 1]!);
    container[key] ??= nextIsIndex ? [] : {};
    current = container[key] as Record<string, unknown> | unknown[];
  });
}
