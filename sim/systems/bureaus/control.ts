import express from 'express';
import type { InquiryBook } from './inquiry-book';

/**
 * Control routes every bureau simulator shares, under `/systems/<bureau>/`: inquiry counts per borrower
 * key (what "no duplicate hard pull" is asserted on) and the reports produced, without any PII.
 */
export function bureauControl(book: InquiryBook): express.Router {
  const control = express.Router();
  control.get('/inquiries', (_req, res) => {
    res.json(book.inquiryCounts());
  });
  control.get('/inquiries/:borrowerKey', (req, res) => {
    const found = book.inquiryCounts().find((c) => c.borrowerKey === req.params.borrowerKey);
    res.json(found ?? { borrowerKey: req.params.borrowerKey, hard: 0, soft: 0 });
  });
  control.get('/reports', (_req, res) => {
    res.json(
      book.list().map((r) => ({
        reportId: r.reportId,
        reference: r.reference,
        pullType: r.pullType,
        pulledAt: r.pulledAt,
        borrowerKeys: r.subjects.map((s) => s.borrowerKey),
      })),
    );
  });
  return control;
}
