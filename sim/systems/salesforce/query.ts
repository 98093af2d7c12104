import { randomBytes } from 'node:crypto';
import { SALESFORCE_DATA_PATH } from './credentials';
import { errorAnswer } from './errors';
import type { SalesforceAnswer } from './errors';
import type { ResourceTable } from './resources';
import { runSoql } from './soql-eval';
import { parseSoql, SoqlSyntaxError } from './soql-parser';
import type { Fields, RecordStore } from './store';

/** Salesforce's default batch size for query results. */
export const DEFAULT_QUERY_PAGE_SIZE = 2000;

/** Open query cursors: a result set frozen at query time, served page by page through `nextRecordsUrl`. */
export class QueryCursors {
  pageSize = DEFAULT_QUERY_PAGE_SIZE;
  private readonly cursors = new Map<string, Fields[]>();

  /** The page of `rows` starting at `offset`, opening a cursor when more remain. */
  page(rows: Fields[], offset: number, cursorId?: string): SalesforceAnswer {
    const end = offset + this.pageSize;
    const body: Record<string, unknown> = { totalSize: rows.length, done: end >= rows.length };
    if (end < rows.length) {
      const id = cursorId ?? `01g5e${randomBytes(5).toString('hex').toUpperCase()}AAA`;
      this.cursors.set(id, rows);
      body.nextRecordsUrl = `${SALESFORCE_DATA_PATH}/query/${id}-${end}`;
    }
    body.records = rows.slice(offset, end);
    return { status: 200, body };
  }

  rows(cursorId: string): Fields[] | undefined {
    return this.cursors.get(cursorId);
  }

  reset(): void {
    this.cursors.clear();
    this.pageSize = DEFAULT_QUERY_PAGE_SIZE;
  }
}

/** `GET /query?q=` and `GET /query/<locator>` (queryMore). */
export function registerQueryResources(
  table: ResourceTable,
  store: RecordStore,
  cursors: QueryCursors,
): void {
  table
    .on('GET', '/query', (req) => {
      const soql = req.query.get('q');
      if (!soql) return errorAnswer(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      try {
        const query = parseSoql(soql);
        return cursors.page(runSoql(query, store.all(query.sobject)), 0);
      } catch (err) {
        if (err instanceof SoqlSyntaxError) return errorAnswer(400, 'MALFORMED_QUERY', err.message);
        throw err;
      }
    })
    .on('GET', '/query/:locator', (_req, { locator }) => {
      const [, cursorId, offset] = /^(\w+)-(\d+)$/.exec(locator!) ?? [];
      const rows = cursorId ? cursors.rows(cursorId) : undefined;
      if (!rows) return errorAnswer(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      return cursors.page(rows, Number(offset), cursorId);
    });
}
