import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import type { ProcessName } from '../domain/processes';
import { workflowIdFor } from '../domain/processes';
import {
  fingerprintRequest,
  IdempotencyConflictError,
  idempotencyKeySchema,
  startOnce,
} from './idempotent-start';
import { readProcessStatus } from './process-status';
import { sendInvalidRequest, sendProblem } from './problem';

export interface ProcessRouteDeps {
  client: Client;
  taskQueue: string;
  fingerprintKey: string;
}

export interface ProcessRouteSpec<S extends z.ZodType<{ loanId: string }>> {
  process: ProcessName;
  workflowType: string;
  /** Collection path, e.g. `/v1/messages/sms`; each request lives at `<path>/<idempotency key>`. */
  path: string;
  body: S;
}

/**
 * POST starts one process per Idempotency-Key and answers 202 with its Location; GET there reads its
 * status and, once done, its result. Every process the starter exposes is built from this.
 */
export function processRoutes<S extends z.ZodType<{ loanId: string }>>(
  deps: ProcessRouteDeps,
  spec: ProcessRouteSpec<S>,
): Router {
  const router = Router();

  router.post(spec.path, async (req: Request, res: Response) => {
    const key = idempotencyKeySchema.safeParse(req.get('idempotency-key'));
    if (!key.success)
      return sendProblem(res, 400, 'missing-idempotency-key', key.error.issues[0]?.message ?? 'bad key');
    const body = spec.body.safeParse(req.body);
    if (!body.success) return sendInvalidRequest(res, `${spec.process} request is invalid`, body.error);
    try {
      const outcome = await startOnce(deps.client, deps.taskQueue, {
        process: spec.process,
        workflowType: spec.workflowType,
        idempotencyKey: key.data,
        loanId: body.data.loanId,
        args: [body.data],
        fingerprint: fingerprintRequest(deps.fingerprintKey, body.data),
      });
      const location = `${spec.path}/${encodeURIComponent(key.data)}`;
      res.status(202).location(location).set('Idempotent-Replayed', String(outcome.replayed)).json({
        id: key.data,
        process: spec.process,
        workflowId: outcome.workflowId,
        status: 'accepted',
        location,
      });
    } catch (err) {
      if (err instanceof IdempotencyConflictError)
        return sendProblem(res, 422, 'idempotency-key-reused', err.message);
      throw err;
    }
  });

  router.get(`${spec.path}/:key`, async (req: Request<{ key: string }>, res: Response) => {
    const key = idempotencyKeySchema.safeParse(req.params.key);
    if (!key.success) return sendProblem(res, 400, 'invalid-id', key.error.issues[0]?.message ?? 'bad id');
    const workflowId = workflowIdFor(spec.process, key.data);
    const status = await readProcessStatus(deps.client, workflowId);
    if (!status) return sendProblem(res, 404, 'not-found', `no ${spec.process} request with id ${key.data}`);
    res.json({ id: key.data, process: spec.process, workflowId, ...status });
  });

  return router;
}
