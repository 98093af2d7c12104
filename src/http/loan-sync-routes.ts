import express, { Router } from 'express';
import type { Request, Response } from 'express';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { loanIdSchema } from '../domain/loan';
import { fromSalesforceRecord } from '../domain/loan-field-map';
import { LOAN_ID, PROCESS, workflowIdFor } from '../domain/processes';
import type { LoanSyncInput } from '../workflows/loan-sync';
import { loanSyncStatusQuery, salesforceLoanChangedSignal } from '../workflows/loan-sync-messages';
import type { EncompassChangeInput } from '../workflows/encompass-change-intake';
import { encompassWebhookSchema, ELLI_SIGNATURE_HEADER, verifyElliSignature } from './encompass-webhook';
import { sendInvalidRequest, sendProblem } from './problem';

/** What a Salesforce callout carries: up to 200 changed loans, each with its record's mapped fields. */
const salesforceChangesSchema = z.object({
  changes: z
    .array(
      z.object({
        loanId: loanIdSchema,
        modifiedAt: z.iso.datetime({ offset: true }),
        fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      }),
    )
    .min(1)
    .max(200, 'at most 200 loans per callout, as Salesforce batches them'),
});

export interface LoanSyncRouteDeps {
  client: Client;
  taskQueue: string;
  encompassSigningKey: string;
}

/** Loan sync's doors: Salesforce's change callouts, Encompass's webhooks, and a loan's sync status. */
export function loanSyncRoutes(deps: LoanSyncRouteDeps): Router {
  const router = Router();

  router.post('/v1/loan-sync/salesforce-changes', async (req: Request, res: Response) => {
    const body = salesforceChangesSchema.safeParse(req.body);
    if (!body.success) return sendInvalidRequest(res, 'salesforce change batch is invalid', body.error);
    // One signal-with-start per loan: each loan's workflow coalesces its own changes.
    await Promise.all(
      body.data.changes.map(async (change) => {
        const input: LoanSyncInput = { loanId: change.loanId };
        await deps.client.workflow.signalWithStart('loanSync', {
          workflowId: workflowIdFor('loan-sync', change.loanId),
          taskQueue: deps.taskQueue,
          args: [input],
          signal: salesforceLoanChangedSignal,
          signalArgs: [
            { state: { fields: fromSalesforceRecord(change.fields), modifiedAt: change.modifiedAt } },
          ],
          typedSearchAttributes: [
            { key: LOAN_ID, value: change.loanId },
            { key: PROCESS, value: 'loan-sync' },
          ],
        });
      }),
    );
    res.status(202).json({ accepted: body.data.changes.length });
  });

  // Signed over the raw bytes: parse only after the signature checks out.
  router.post(
    '/webhooks/encompass',
    express.raw({ type: '*/*', limit: '64kb' }),
    async (req: Request, res: Response) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyElliSignature(deps.encompassSigningKey, raw, req.get(ELLI_SIGNATURE_HEADER))) {
        return sendProblem(res, 401, 'bad-signature', 'Elli-Signature does not match the body');
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendProblem(res, 400, 'invalid-json', 'the webhook body is not valid JSON');
      }
      const event = encompassWebhookSchema.safeParse(json);
      if (!event.success)
        return sendProblem(res, 400, 'invalid-request', event.error.issues[0]?.message ?? 'bad event');
      if (event.data.meta.resourceType !== 'Loan') return void res.status(204).end();
      const input: EncompassChangeInput = {
        eventId: event.data.eventId,
        encompassLoanId: event.data.meta.resourceId,
      };
      try {
        await deps.client.workflow.start('encompassChangeIntake', {
          workflowId: `encompass-event:${event.data.eventId}`,
          taskQueue: deps.taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [{ key: PROCESS, value: 'loan-sync' }],
        });
      } catch (err) {
        // A redelivery of an event already taken: acknowledge it so Encompass stops resending.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      res.status(200).json({ received: event.data.eventId });
    },
  );

  router.get('/v1/loans/:loanId/sync', async (req: Request<{ loanId: string }>, res: Response) => {
    const loanId = loanIdSchema.safeParse(req.params.loanId);
    if (!loanId.success)
      return sendProblem(res, 400, 'invalid-id', loanId.error.issues[0]?.message ?? 'bad id');
    try {
      const view = await deps.client.workflow
        .getHandle(workflowIdFor('loan-sync', loanId.data))
        .query(loanSyncStatusQuery);
      res.json(view);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        return sendProblem(res, 404, 'not-found', `loan ${loanId.data} has never synced`);
      throw err;
    }
  });

  return router;
}
