import type { Response } from 'express';
import type { z } from 'zod';

/** Errors as RFC 9457 problem details, so Salesforce callers get one shape for every refusal. */
export function sendProblem(
  res: Response,
  status: number,
  type: string,
  detail: string,
  extra: object = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `urn:inflooens:problem:${type}`,
      title: type.replace(/-/g, ' '),
      status,
      detail,
      ...extra,
    });
}

/** A 400 that lists each invalid field with zod's reason (paths and messages only: no submitted values). */
export function sendInvalidRequest(res: Response, detail: string, error: z.ZodError): void {
  const errors = error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  sendProblem(res, 400, 'invalid-request', detail, { errors });
}
