import type { Fields } from './store';

/** A request body as record fields: an object, minus the `attributes` map clients send along. */
export function fieldsOf(body: unknown): Fields | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = { ...(body as Fields) };
  delete fields.attributes;
  return fields;
}

export const NOT_AN_OBJECT = 'Cannot deserialize instance of sObject from the request body';
