import { z } from 'zod';
import { errorAnswer, sfError } from './errors';
import type { SalesforceAnswer } from './errors';
import type { ResourceTable } from './resources';
import type { RecordStore } from './store';

/** A composite request runs at most 25 sub-requests. */
export const MAX_COMPOSITE_SUBREQUESTS = 25;

const compositeSchema = z.object({
  allOrNone: z.boolean().optional(),
  compositeRequest: z
    .array(
      z.object({
        method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
        url: z.string().regex(/^\/services\/data\/v\d+\.\d+\//),
        referenceId: z.string().regex(/^[A-Za-z]\w*$/),
        body: z.unknown().optional(),
      }),
    )
    .min(1),
});

const HALTED = [
  sfError(
    'PROCESSING_HALTED',
    'The transaction was rolled back since another operation in the same transaction failed.',
  ),
];
const REFERENCE = /@\{(\w+)\.([\w.[\]]+)\}/g;

/**
 * `POST /composite`: sub-requests run in order through the same resources, later ones referring to earlier
 * results with `@{referenceId.field}`. With allOrNone, one failure rolls back every sub-request.
 */
export function registerCompositeResource(table: ResourceTable, store: RecordStore): void {
  table.on('POST', '/composite', (req) => {
    const parsed = compositeSchema.safeParse(req.body);
    if (!parsed.success) return errorAnswer(400, 'JSON_PARSER_ERROR', parsed.error.issues[0]!.message);
    const { compositeRequest, allOrNone = false } = parsed.data;
    if (compositeRequest.length > MAX_COMPOSITE_SUBREQUESTS) {
      return errorAnswer(
        400,
        'LIMIT_EXCEEDED',
        `Limit Exceeded: A maximum of ${MAX_COMPOSITE_SUBREQUESTS} subrequests are allowed in the composite request.`,
      );
    }
    const savepoint = store.savepoint();
    const results = new Map<string, unknown>();
    const answers: { referenceId: string; answer: SalesforceAnswer }[] = [];
    let failedAt: number | undefined;
    for (const [index, sub] of compositeRequest.entries()) {
      let answer: SalesforceAnswer;
      try {
        const url = new URL(resolve(sub.url, results) as string, 'http://composite');
        const body = resolve(sub.body, results);
        // The composite's allOrNone overrides that of an sObject Collections sub-request.
        const inner = allOrNone && isObject(body) && 'records' in body ? { ...body, allOrNone: true } : body;
        answer = table.handle({
          method: sub.method,
          path: url.pathname.replace(/^\/services\/data\/v\d+\.\d+/, ''),
          query: url.searchParams,
          body: inner,
        });
      } catch (err) {
        if (!(err instanceof UnresolvedReference)) throw err;
        answer = errorAnswer(400, 'PROCESSING_HALTED', err.message);
      }
      answers.push({ referenceId: sub.referenceId, answer });
      results.set(sub.referenceId, answer.body);
      if (allOrNone && failed(answer)) {
        failedAt = index;
        break;
      }
    }
    if (failedAt !== undefined) store.rollback(savepoint);
    const compositeResponse = compositeRequest.map(({ referenceId }, index) => {
      const answer = answers[index]?.answer;
      if (!answer || (failedAt !== undefined && index !== failedAt)) {
        return { body: HALTED, httpHeaders: {}, httpStatusCode: 400, referenceId };
      }
      return { body: answer.body ?? null, httpHeaders: {}, httpStatusCode: answer.status, referenceId };
    });
    return { status: 200, body: { compositeResponse } };
  });
}

class UnresolvedReference extends Error {}

/** Replaces `@{ref.path}` in strings, deep in bodies; a string that is only a reference takes its value. */
function resolve(value: unknown, results: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^@\{(\w+)\.([\w.[\]]+)\}$/.exec(value);
    if (whole) return lookup(results, whole[1]!, whole[2]!);
    return value.replace(REFERENCE, (_, ref: string, path: string) => String(lookup(results, ref, path)));
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, results));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, results)]));
  }
  return value;
}

function lookup(results: ReadonlyMap<string, unknown>, ref: string, path: string): unknown {
  let current = results.get(ref);
  for (const key of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    current =
      isObject(current) || Array.isArray(current) ? (current as Record<string, unknown>)[key] : undefined;
  }
  if (current === undefined || current === null) {
    throw new UnresolvedReference(
      `Invalid reference specified. No value for ${ref}.${path} found in ${ref}.`,
    );
  }
  return current;
}

function failed(answer: SalesforceAnswer): boolean {
  return (
    answer.status >= 400 ||
    (Array.isArray(answer.body) && answer.body.some((r) => isObject(r) && r.success === false))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
