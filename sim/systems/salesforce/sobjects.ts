import { fieldsOf, NOT_AN_OBJECT } from './body';
import { errorAnswer } from './errors';
import type { SalesforceAnswer } from './errors';
import type { ResourceTable } from './resources';
import { asResource, recordUrl } from './store';
import type { RecordStore, WriteOutcome } from './store';

const NOT_FOUND = 'The requested resource does not exist';

/** Single-record resources: create, retrieve, update, delete, and upsert by external ID. */
export function registerSObjectResources(table: ResourceTable, store: RecordStore): void {
  table
    .on('POST', '/sobjects/:sobject', (req, { sobject }) => {
      const fields = fieldsOf(req.body);
      if (!fields) return errorAnswer(400, 'JSON_PARSER_ERROR', NOT_AN_OBJECT);
      return saved(store.create(sobject!, fields), 201);
    })
    .on('GET', '/sobjects/:sobject/:id', (req, { sobject, id }) => {
      const record = store.get(sobject!, id!);
      if (!record) return errorAnswer(404, 'NOT_FOUND', NOT_FOUND);
      const only = req.query.get('fields')?.split(',');
      const shown = only ? Object.fromEntries(only.map((f) => [f, record[f] ?? null])) : record;
      return { status: 200, body: { ...asResource(sobject!, record), ...shown } };
    })
    .on('PATCH', '/sobjects/:sobject/:id', (req, { sobject, id }) => {
      const fields = fieldsOf(req.body);
      if (!fields) return errorAnswer(400, 'JSON_PARSER_ERROR', NOT_AN_OBJECT);
      if (!store.get(sobject!, id!)) return errorAnswer(404, 'NOT_FOUND', NOT_FOUND);
      const outcome = store.update(sobject!, id!, fields);
      return outcome.ok ? { status: 204 } : { status: 400, body: outcome.errors };
    })
    .on('DELETE', '/sobjects/:sobject/:id', (_req, { sobject, id }) => {
      if (!store.get(sobject!, id!)) return errorAnswer(404, 'NOT_FOUND', NOT_FOUND);
      store.remove(id!);
      return { status: 204 };
    })
    .on('PATCH', '/sobjects/:sobject/:field/:value', (req, { sobject, field, value }) => {
      const fields = fieldsOf(req.body);
      if (!fields) return errorAnswer(400, 'JSON_PARSER_ERROR', NOT_AN_OBJECT);
      if (!store.isExternalId(sobject!, field!)) return unknownExternalId(field!);
      const matches = store.all(sobject!).filter((r) => r[field!] === value);
      if (matches.length > 1) return { status: 300, body: matches.map((r) => recordUrl(sobject!, r.Id)) };
      const outcome = store.upsert(sobject!, field!, value, fields);
      return saved(outcome, outcome.ok && outcome.created ? 201 : 200, true);
    });
}

export function unknownExternalId(field: string): SalesforceAnswer {
  return errorAnswer(
    404,
    'NOT_FOUND',
    `Provided external ID field does not exist or is not accessible: ${field}`,
  );
}

/** A single-record SaveResult (v62: upserts also say whether they created), or the error array. */
function saved(outcome: WriteOutcome, status: number, withCreated = false): SalesforceAnswer {
  if (!outcome.ok) return { status: 400, body: outcome.errors };
  const result = { id: outcome.id, success: true, errors: [] };
  return { status, body: withCreated ? { ...result, created: outcome.created } : result };
}
