import { z } from 'zod';
import { fieldsOf } from './body';
import { errorAnswer, recordError, sfError } from './errors';
import type { SalesforceAnswer } from './errors';
import type { ResourceRequest, ResourceTable } from './resources';
import { unknownExternalId } from './sobjects';
import { recordUrl } from './store';
import type { Fields, RecordStore, WriteOutcome } from './store';

/** sObject Collections take at most 200 records (or Ids) per call. */
export const MAX_COLLECTION_RECORDS = 200;

const collectionSchema = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});
const retrieveSchema = z.object({ ids: z.array(z.string()), fields: z.array(z.string()) });

const ROLLED_BACK = recordError(
  sfError(
    'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  ),
);

/** sObject Collections: create, update, upsert, retrieve and delete up to 200 records in one call. */
export function registerCollectionResources(table: ResourceTable, store: RecordStore): void {
  const write = (req: ResourceRequest, one: (record: Fields) => WriteOutcome, withCreated = false) => {
    const parsed = collectionSchema.safeParse(req.body);
    if (!parsed.success) return errorAnswer(400, 'JSON_PARSER_ERROR', parsed.error.issues[0]!.message);
    const { records, allOrNone = false } = parsed.data;
    return writeAll(store, records.length, allOrNone, withCreated, () => records.map(one));
  };

  table
    .on('POST', '/composite/sobjects', (req) =>
      write(req, (record) => {
        const sobject = typeOf(record);
        return sobject ? store.create(sobject, fieldsOf(record)!) : missingType();
      }),
    )
    .on('PATCH', '/composite/sobjects', (req) =>
      write(req, (record) => {
        const sobject = typeOf(record);
        const { id, Id, ...fields } = fieldsOf(record)!;
        const recordId = id ?? Id;
        if (!sobject) return missingType();
        if (typeof recordId !== 'string') {
          return { ok: false, errors: [sfError('MISSING_ARGUMENT', 'Id not specified in an update call')] };
        }
        return store.update(sobject, recordId, fields);
      }),
    )
    .on('PATCH', '/composite/sobjects/:sobject/:field', (req, { sobject, field }) => {
      if (!store.isExternalId(sobject!, field!)) return unknownExternalId(field!);
      return write(
        req,
        (record) => {
          const { [field!]: value, ...fields } = fieldsOf(record)!;
          return store.upsert(sobject!, field!, value, fields);
        },
        true,
      );
    })
    .on('GET', '/composite/sobjects/:sobject', (req, { sobject }) =>
      retrieve(store, sobject!, splitList(req.query.get('ids')), splitList(req.query.get('fields'))),
    )
    .on('POST', '/composite/sobjects/:sobject', (req, { sobject }) => {
      const parsed = retrieveSchema.safeParse(req.body);
      if (!parsed.success) return errorAnswer(400, 'JSON_PARSER_ERROR', parsed.error.issues[0]!.message);
      return retrieve(store, sobject!, parsed.data.ids, parsed.data.fields);
    })
    .on('DELETE', '/composite/sobjects', (req) => {
      const ids = splitList(req.query.get('ids'));
      const allOrNone = req.query.get('allOrNone') === 'true';
      return writeAll(store, ids.length, allOrNone, false, () => ids.map((id) => store.remove(id)));
    });
}

/** Runs the writes of one call; with allOrNone, one failure rolls them all back. Always 200 once well formed. */
function writeAll(
  store: RecordStore,
  count: number,
  allOrNone: boolean,
  withCreated: boolean,
  run: () => WriteOutcome[],
): SalesforceAnswer {
  if (count > MAX_COLLECTION_RECORDS) {
    return errorAnswer(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`,
    );
  }
  const savepoint = store.savepoint();
  const outcomes = run();
  const failed = outcomes.some((o) => !o.ok);
  if (allOrNone && failed) store.rollback(savepoint);
  const body = outcomes.map((outcome) => {
    if (!outcome.ok) return { success: false, errors: outcome.errors.map(recordError) };
    if (allOrNone && failed) return { success: false, errors: [ROLLED_BACK] };
    const result = { id: outcome.id, success: true, errors: [] };
    return withCreated ? { ...result, created: outcome.created } : result;
  });
  return { status: 200, body };
}

function retrieve(store: RecordStore, sobject: string, ids: string[], fields: string[]): SalesforceAnswer {
  if (ids.length === 0 || fields.length === 0) {
    return errorAnswer(400, 'MISSING_ARGUMENT', 'ids and fields are required');
  }
  const body = ids.map((id) => {
    const record = store.get(sobject, id);
    if (!record) return null;
    const attributes = { type: sobject, url: recordUrl(sobject, id) };
    return { attributes, ...Object.fromEntries(fields.map((f) => [f, record[f] ?? null])) };
  });
  return { status: 200, body };
}

function typeOf(record: Fields): string | undefined {
  const type = (record.attributes as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : undefined;
}

function missingType(): WriteOutcome {
  return {
    ok: false,
    errors: [sfError('INVALID_TYPE', 'Each record must name its sObject in attributes.type')],
  };
}

function splitList(value: string | null): string[] {
  return value ? value.split(',').filter((v) => v.length > 0) : [];
}
