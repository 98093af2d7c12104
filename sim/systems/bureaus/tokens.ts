import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNING_KEY = 'inflooens-sim-oauth';

/**
 * Bearer tokens signed rather than stored, like a JWT: they survive the control API's reset, so a client
 * holding a cached token keeps working across tests, and expiry is still enforced.
 */
export function issueToken(audience: string, ttlSeconds: number, now = Date.now()): string {
  const expiresAt = now + ttlSeconds * 1000;
  return `${expiresAt}.${signature(audience, expiresAt)}`;
}

export function isValidToken(authorization: string | undefined, audience: string, now = Date.now()): boolean {
  const match = /^Bearer (\d+)\.([0-9a-f]{64})$/.exec(authorization ?? '');
  if (!match) return false;
  const expiresAt = Number(match[1]);
  const expected = Buffer.from(signature(audience, expiresAt));
  return expiresAt > now && timingSafeEqual(expected, Buffer.from(match[2]!));
}

function signature(audience: string, expiresAt: number): string {
  return createHmac('sha256', SIGNING_KEY).update(`${audience}:${expiresAt}`).digest('hex');
}
