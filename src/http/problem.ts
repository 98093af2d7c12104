import type { Response } from 'express';

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
