import type { Ledger } from '../../ledger';
import { SALESFORCE_DATA_PATH } from './credentials';
import type { SalesforceError } from './errors';
import { sfError } from './errors';
import { IdMinter } from './ids';

export type Fields = Record<string, unknown>;
export type WriteOutcome =
  { ok: true; id: string; created: boolean } | { ok: false; errors: SalesforceError[] };

/** A stand-in for an org's validation rule: a write that sets `field` to `rejectValue` fails. */
export interface ValidationRule {
  sobject: string;
  field: string;
  rejectValue: unknown;
  message: string;
}

/** State to roll back to when an allOrNone call fails part-way. */
export interface Savepoint {
  readonly tables: Map<string, Map<string, Fields>>;
  readonly pending: number;
}

/** Fields the platform maintains; the API refuses to write them, as a real org does. */
const SYSTEM_FIELDS = new Set(['Id', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted']);
const DEFAULT_EXTERNAL_ID_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Loan__c: ['Encompass_Loan_Id__c', 'Inflooens_Reference__c'],
  // The inflooens package's own objects, each keyed by an external ID the orchestrator derives.
  Loan_Sync_Resolution__c: ['Resolution_Key__c'],
  Credit_Report__c: ['Request_Reference__c'],
  Credit_Pull_Audit__c: ['Audit_Key__c'],
};

/**
 * A schema-less org: any sObject, any field. Writes become ledger entries only when the API call that made
 * them commits ({@link flush}), so a rolled-back allOrNone call leaves no trace.
 */
export class RecordStore {
  private tables = new Map<string, Map<string, Fields>>();
  private externalIds = new Map<string, readonly string[]>();
  private rules: ValidationRule[] = [];
  private pending: { kind: string; key: string; data: Record<string, unknown> }[] = [];
  private readonly ids = new IdMinter();

  constructor(private readonly ledger: Ledger) {
    this.reset();
  }

  create(sobject: string, fields: Fields): WriteOutcome {
    const errors = this.validate(sobject, fields);
    if (errors.length > 0) return { ok: false, errors };
    const id = this.insert(sobject, fields);
    this.pending.push({ kind: 'salesforce.record.created', key: id, data: { sobject, fields } });
    return { ok: true, id, created: true };
  }

  update(sobject: string, id: string, fields: Fields): WriteOutcome {
    const record = this.table(sobject).get(id);
    if (!record) return { ok: false, errors: [notFound(id)] };
    const errors = this.validate(sobject, fields);
    if (errors.length > 0) return { ok: false, errors };
    const now = salesforceNow();
    Object.assign(record, fields, { LastModifiedDate: now, SystemModstamp: now });
    this.pending.push({ kind: 'salesforce.record.updated', key: id, data: { sobject, fields } });
    return { ok: true, id, created: false };
  }

  /** Create or update by an external ID value; the caller has checked that the field is one. */
  upsert(sobject: string, externalIdField: string, value: unknown, fields: Fields): WriteOutcome {
    if (value === undefined || value === null || value === '') {
      return { ok: false, errors: [sfError('MISSING_ARGUMENT', `${externalIdField} not specified`)] };
    }
    const matches = [...this.table(sobject).values()].filter((r) => r[externalIdField] === value);
    if (matches.length > 1) {
      return {
        ok: false,
        errors: [
          sfError(
            'DUPLICATE_EXTERNAL_ID',
            `${externalIdField}: more than one record found for external id field: ${String(value)}`,
            [externalIdField],
          ),
        ],
      };
    }
    // Salesforce accepts the record Id as the key of an upsert, but only to update an existing record.
    if (externalIdField === 'Id')
      return matches[0]
        ? this.update(sobject, value as string, fields)
        : { ok: false, errors: [notFound(String(value))] };
    const rest = { ...fields, [externalIdField]: value };
    return matches[0] ? this.update(sobject, matches[0].Id as string, rest) : this.create(sobject, rest);
  }

  remove(id: string): WriteOutcome {
    const sobject = this.ids.sobjectOf(id);
    if (!sobject || !this.table(sobject).delete(id)) return { ok: false, errors: [notFound(id)] };
    this.pending.push({ kind: 'salesforce.record.deleted', key: id, data: { sobject } });
    return { ok: true, id, created: false };
  }

  get(sobject: string, id: string): Fields | undefined {
    return this.table(sobject).get(id);
  }

  all(sobject: string): Fields[] {
    return [...this.table(sobject).values()];
  }

  /** Test data as if it had always been there: system fields may be given, nothing reaches the ledger. */
  seed(sobject: string, fields: Fields): string {
    const rest = { ...fields };
    delete rest.Id;
    return this.insert(sobject, rest);
  }

  isExternalId(sobject: string, field: string): boolean {
    return field === 'Id' || (this.externalIds.get(sobject)?.includes(field) ?? false);
  }

  setExternalIdFields(sobject: string, fields: readonly string[]): void {
    this.externalIds.set(sobject, [...fields]);
  }

  addValidationRule(rule: ValidationRule): void {
    this.rules.push(rule);
  }

  savepoint(): Savepoint {
    const tables = new Map(
      [...this.tables].map(([name, rows]) => [
        name,
        new Map([...rows].map(([id, record]) => [id, { ...record }])),
      ]),
    );
    return { tables, pending: this.pending.length };
  }

  rollback(savepoint: Savepoint): void {
    this.tables = savepoint.tables;
    this.pending.length = savepoint.pending;
  }

  /** The API call committed: its writes become side effects. */
  flush(): void {
    for (const write of this.pending) this.ledger.record('salesforce', write.kind, write.key, write.data);
    this.pending = [];
  }

  reset(): void {
    this.tables = new Map();
    this.externalIds = new Map(Object.entries(DEFAULT_EXTERNAL_ID_FIELDS));
    this.rules = [];
    this.pending = [];
    this.ids.reset();
  }

  private insert(sobject: string, fields: Fields): string {
    const id = this.ids.next(sobject);
    const now = salesforceNow();
    this.table(sobject).set(id, {
      Id: id,
      CreatedDate: now,
      LastModifiedDate: now,
      SystemModstamp: now,
      ...fields,
    });
    return id;
  }

  private validate(sobject: string, fields: Fields): SalesforceError[] {
    const readOnly = Object.keys(fields).filter((f) => SYSTEM_FIELDS.has(f));
    if (readOnly.length > 0) {
      return [
        sfError(
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          readOnly,
        ),
      ];
    }
    return this.rules
      .filter((r) => r.sobject === sobject && r.field in fields && fields[r.field] === r.rejectValue)
      .map((r) => sfError('FIELD_CUSTOM_VALIDATION_EXCEPTION', r.message, [r.field]));
  }

  private table(sobject: string): Map<string, Fields> {
    let rows = this.tables.get(sobject);
    if (!rows) {
      rows = new Map();
      this.tables.set(sobject, rows);
    }
    return rows;
  }
}

/** A record as the REST API shows it: `attributes` first, then its fields. */
export function asResource(sobject: string, record: Fields): Fields {
  return {
    attributes: { type: sobject, url: recordUrl(sobject, record.Id) },
    ...record,
  };
}

export function recordUrl(sobject: string, id: unknown): string {
  return `${SALESFORCE_DATA_PATH}/sobjects/${sobject}/${String(id)}`;
}

/** Salesforce's datetime format: milliseconds and a `+0000` offset. */
function salesforceNow(): string {
  return new Date().toISOString().replace('Z', '+0000');
}

function notFound(id: string): SalesforceError {
  return sfError('ENTITY_IS_DELETED', `entity is deleted or does not exist: ${id}`);
}
