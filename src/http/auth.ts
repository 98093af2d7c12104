import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendProblem } from './problem';

/** Bearer-token check for calls from Salesforce; compares digests in constant time. */
export function requireBearerToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (presented && timingSafeEqual(digest(presented), expected)) return next();
    sendProblem(res, 401, 'unauthorized', 'A valid bearer token is required.');
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
