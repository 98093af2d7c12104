import express from 'express';
import { z } from 'zod';
import { pipelineQuerySchema } from '../../../src/clients/encompass-pipeline';
import type { LoanStore, StoredLoan } from './loan-store';
import { sendEncompassError } from './responses';

/** The canonical names this simulator knows; custom fields are `Fields.<fieldName>`. */
const CANONICAL_FIELDS: Record<string, (s: StoredLoan) => string | undefined> = {
  'Loan.LoanNumber': (s) => s.loan.loanNumber,
  'Loan.LoanAmount': (s) => s.loan.borrowerRequestedLoanAmount?.toFixed(2),
  'Loan.CurrentMilestoneName': (s) => s.loan.milestoneCurrentName,
  'Loan.LockStatus': (s) => s.loan.rateLock?.rateStatus,
  'Loan.LastModified': (s) => s.loan.lastModified,
  'Loan.DateCreated': (s) => s.createdAt,
};

function readerOf(canonicalName: string): ((s: StoredLoan) => string | undefined) | undefined {
  const custom = canonicalName.match(/^Fields\.(CX\..+)$/i)?.[1];
  if (custom) {
    return (s) =>
      s.loan.customFields?.find((f) => f.fieldName.toUpperCase() === custom.toUpperCase())?.stringValue;
  }
  return CANONICAL_FIELDS[canonicalName];
}

const MATCHERS = {
  exact: (actual: string, wanted: string) => actual === wanted,
  contains: (actual: string, wanted: string) => actual.includes(wanted),
  startsWith: (actual: string, wanted: string) => actual.startsWith(wanted),
};

/** `POST /encompass/v1/loanPipeline`: loans matching every criterion, with the requested fields. */
export function pipelineRoutes(store: LoanStore): express.Router {
  const router = express.Router();
  router.post('/encompass/v1/loanPipeline', (req, res) => {
    const query = pipelineQuerySchema.safeParse(req.body);
    if (!query.success) return sendEncompassError(res, 400, 'Bad Request', query.error.message);
    const { filter, fields, sortOrder } = query.data;
    const terms = 'terms' in filter ? filter.terms : [filter];
    const names = [...terms.map((t) => t.canonicalName), ...fields, ...sortOrder.map((s) => s.canonicalName)];
    const unknown = names.find((name) => !readerOf(name));
    if (unknown) return sendEncompassError(res, 400, 'Bad Request', `Invalid canonical name ${unknown}`);
    const limit = z.coerce
      .number()
      .int()
      .positive()
      .catch(1000)
      .parse(req.query.limit ?? 1000);

    const matches = store.all().filter((s) =>
      terms.every((t) => {
        const actual = readerOf(t.canonicalName)!(s);
        // The pipeline compares strings without regard to case.
        return actual !== undefined && MATCHERS[t.matchType](actual.toLowerCase(), t.value.toLowerCase());
      }),
    );
    for (const { canonicalName, order } of [...sortOrder].reverse()) {
      if (order === 'None') continue;
      const read = readerOf(canonicalName)!;
      const sign = order === 'Asc' ? 1 : -1;
      matches.sort((a, b) => sign * (read(a) ?? '').localeCompare(read(b) ?? ''));
    }
    res.json(
      matches.slice(0, limit).map((s) => ({
        // The pipeline spells GUIDs in braces, unlike the loan API.
        loanGuid: `{${s.loan.id}}`,
        fields: Object.fromEntries(fields.map((name) => [name, readerOf(name)!(s) ?? ''])),
      })),
    );
  });
  return router;
}
