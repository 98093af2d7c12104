import { recordUrl } from './store';
import type { Fields } from './store';
import type { SoqlCondition, SoqlQuery, SoqlValue } from './soql-parser';

/**
 * Runs a parsed query over one sObject's records and projects the selected fields, each row with its
 * `attributes` as the REST API returns them. The store is schema-less, so any field name is valid and an
 * unset field reads as null.
 */
export function runSoql(query: SoqlQuery, records: readonly Fields[]): Fields[] {
  const matching = records.filter((record) => query.where.every((c) => matches(record, c)));
  if (query.orderBy) {
    const { field, descending, nullsLast } = query.orderBy;
    matching.sort((a, b) => {
      const x = fieldOf(a, field);
      const y = fieldOf(b, field);
      if (isNull(x) || isNull(y)) {
        if (isNull(x) && isNull(y)) return 0;
        return isNull(x) === nullsLast ? 1 : -1;
      }
      const order = compare(x, y);
      return descending ? -order : order;
    });
  }
  const limited = query.limit === undefined ? matching : matching.slice(0, query.limit);
  return limited.map((record) => ({
    attributes: { type: query.sobject, url: recordUrl(query.sobject, record.Id) },
    ...Object.fromEntries(query.fields.map((f) => [f, fieldOf(record, f) ?? null])),
  }));
}

function matches(record: Fields, condition: SoqlCondition): boolean {
  const actual = fieldOf(record, condition.field);
  const { operator, value } = condition;
  if (operator === 'IN' || operator === 'NOT IN') {
    const found = (value as SoqlValue[]).some((v) => equals(actual, v));
    return operator === 'IN' ? found : !found;
  }
  const expected = value as SoqlValue;
  if (operator === '=') return equals(actual, expected);
  if (operator === '!=') return !equals(actual, expected);
  if (isNull(actual) || expected === null) return false;
  const order = compare(actual, expected);
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/** SOQL compares text case-insensitively and treats an unset field as null. */
function equals(actual: unknown, expected: SoqlValue): boolean {
  if (expected === null || isNull(actual)) return expected === null && isNull(actual);
  if (expected instanceof Date) return toEpoch(actual) === expected.getTime();
  if (typeof expected === 'string' && typeof actual === 'string')
    return actual.toLowerCase() === expected.toLowerCase();
  return actual === expected;
}

function compare(actual: unknown, expected: unknown): number {
  if (expected instanceof Date || actual instanceof Date) return toEpoch(actual) - toEpoch(expected);
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  const [a, b] = [String(actual).toLowerCase(), String(expected).toLowerCase()];
  return a < b ? -1 : a > b ? 1 : 0;
}

function toEpoch(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}

function isNull(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** Field names are case-insensitive in SOQL. */
function fieldOf(record: Fields, field: string): unknown {
  if (field in record) return record[field];
  const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? undefined : record[key];
}
