import { isPermanentIntegrationError } from '../../resilience/errors';

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Renew this long before the vendor's expiry, so a token never lapses between fetch and use. */
const RENEW_MARGIN_MS = 60_000;

/**
 * An OAuth bearer token shared by a client's calls: fetched once (concurrent callers share the fetch),
 * renewed before it expires, and dropped on a 401 so the next call — a retry — fetches a fresh one.
 */
export function bearerTokenSession(fetchToken: () => Promise<IssuedToken>, now: () => number = Date.now) {
  let current: { authorization: Promise<string>; renewAt: number } | undefined;

  function authorization(): Promise<string> {
    if (current && now() < current.renewAt) return current.authorization;
    const session = { authorization: fetchToken().then(issued), renewAt: Infinity };
    current = session;
    function issued(token: IssuedToken): string {
      session.renewAt = now() + token.expiresInSeconds * 1000 - RENEW_MARGIN_MS;
      return `Bearer ${token.accessToken}`;
    }
    session.authorization.catch(() => {
      if (current === session) current = undefined;
    });
    return session.authorization;
  }

  return {
    async authorised<T>(call: (authorization: string) => Promise<T>): Promise<T> {
      try {
        return await call(await authorization());
      } catch (err) {
        if (isPermanentIntegrationError(err) && err.status === 401) current = undefined;
        throw err;
      }
    },
  };
}
