import express from 'express';
import { encompassLoanInputSchema } from '../../../src/clients/encompass-loan';
import type { LoanStore, PublishLoanChange } from './loan-store';
import { sendEncompassError } from './responses';

/** The v3 loan resource: read, create (`view=id|entity`), partial update (`view=entity`). */
export function loanRoutes(store: LoanStore, publish: PublishLoanChange): express.Router {
  const router = express.Router();

  router.get('/encompass/v3/loans/:loanId', (req, res) => {
    const loan = store.get(req.params.loanId);
    if (!loan) return sendEncompassError(res, 404, 'Not Found', `Loan ${req.params.loanId} not found`);
    res.json(loan);
  });

  router.post('/encompass/v3/loans', (req, res) => {
    const input = encompassLoanInputSchema.safeParse(req.body);
    if (!input.success) return sendEncompassError(res, 400, 'Bad Request', input.error.message);
    const change = store.create(input.data);
    publish('created', change, { source: 'api', userId: String(res.locals.userId) });
    res
      .status(201)
      .location(`/encompass/v3/loans/${change.loan.id}`)
      .json(req.query.view === 'entity' ? change.loan : { id: change.loan.id });
  });

  router.patch('/encompass/v3/loans/:loanId', (req, res) => {
    const patch = encompassLoanInputSchema.safeParse(req.body);
    if (!patch.success) return sendEncompassError(res, 400, 'Bad Request', patch.error.message);
    const change = store.update(req.params.loanId, patch.data);
    if (!change) return sendEncompassError(res, 404, 'Not Found', `Loan ${req.params.loanId} not found`);
    publish('updated', change, { source: 'api', userId: String(res.locals.userId) });
    if (req.query.view === 'entity') res.json(change.loan);
    else res.status(204).end();
  });

  return router;
}
