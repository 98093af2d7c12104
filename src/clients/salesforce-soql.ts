export const SOBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A field, possibly through relationships (`Borrower__r.Email__c`). */
export const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const RECORD_ID = /^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/;

/**
 * `SELECT fields FROM sobject WHERE Id IN (...)`. Names and Ids are checked rather than escaped: nothing
 * outside their alphabets can reach the query, so no caller's value can change its meaning.
 */
export function soqlByIds(sobject: string, fields: readonly string[], ids: readonly string[]): string {
  assertName(sobject, SOBJECT_NAME, 'sObject');
  if (fields.length === 0) throw new RangeError('Salesforce query needs at least one field');
  for (const field of fields) assertName(field, FIELD_PATH, 'field');
  for (const id of ids) assertName(id, RECORD_ID, 'record Id');
  return `SELECT ${fields.join(', ')} FROM ${sobject} WHERE Id IN (${ids.map((id) => `'${id}'`).join(', ')})`;
}

export function assertName(value: string, pattern: RegExp, what: string): void {
  if (!pattern.test(value)) throw new RangeError(`invalid Salesforce ${what}: ${JSON.stringify(value)}`);
}

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
