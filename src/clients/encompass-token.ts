import { z } from 'zod';
import { callIntegration, parseIntegrationResponse } from './http';

export interface EncompassCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  instanceId: string;
  /** With a user, the password grant impersonates `<username>@encompass:<instanceId>`. */
  username?: string;
  password?: string;
  timeoutMs: number;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().positive(),
});

/** Renew before the stated expiry, so that a token does not lapse between our check and Encompass's. */
const EARLY_RENEWAL = 0.9;

/** Bearer tokens for Encompass, fetched once and shared until they (nearly) expire. */
export interface EncompassTokenSource {
  token(): Promise<string>;
  /** Forget a token Encompass refused, so that the next {@link token} fetches a new one. */
  invalidate(token: string): void;
}

export function createEncompassTokenSource(credentials: EncompassCredentials): EncompassTokenSource {
  let cached: { token: string; renewAt: number } | undefined;
  // Concurrent callers share one token request rather than each logging in.
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const startedAt = Date.now();
    const answer = await callIntegration('encompass', {
      method: 'POST',
      url: `${credentials.baseUrl}/oauth2/v1/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(grantOf(credentials)),
      timeoutMs: credentials.timeoutMs,
    });
    const body = parseIntegrationResponse('encompass', tokenResponseSchema, answer.body);
    cached = { token: body.access_token, renewAt: startedAt + body.expires_in * 1000 * EARLY_RENEWAL };
    return body.access_token;
  }

  return {
    async token() {
      if (cached && Date.now() < cached.renewAt) return cached.token;
      pending ??= fetchToken().finally(() => (pending = undefined));
      return await pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function grantOf(c: EncompassCredentials): Record<string, string> {
  const client = { client_id: c.clientId, client_secret: c.clientSecret, scope: 'lp' };
  if (c.username !== undefined && c.password !== undefined) {
    return {
      ...client,
      grant_type: 'password',
      username: `${c.username}@encompass:${c.instanceId}`,
      password: c.password,
    };
  }
  return { ...client, grant_type: 'client_credentials', instance_id: c.instanceId };
}
