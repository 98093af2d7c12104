import { Connection, OAuth2 } from 'jsforce';
import type { HttpRequest } from 'jsforce';
import { isPermanentIntegrationError } from '../resilience/errors';
import { parseIntegrationResponse } from './http';
import { classifySalesforceFailure } from './salesforce-errors';
import { tokenSchema } from './salesforce-schemas';
import { SalesforceCallTransport } from './salesforce-transport';

export interface SalesforceSessionOptions {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  apiVersion: string;
  timeoutMs: number;
}

/** The daily API request allowance as the last `Sforce-Limit-Info` header reported it. */
export interface SalesforceApiUsage {
  used: number;
  max: number;
}

/** Authenticated, bounded, classified exchanges with one org's REST API through jsforce. */
export interface SalesforceSession {
  /** One REST call (URL relative to `/services/data/vXX.X` or from `/services/`); its parsed JSON body. */
  send(request: HttpRequest): Promise<unknown>;
  apiUsage(): SalesforceApiUsage | undefined;
}

/**
 * Logs in with the OAuth 2.0 client credentials flow on first use, shares the session between concurrent
 * calls, and logs in again once when Salesforce answers 401. Every failure leaves as a
 * `TransientIntegrationError` or `PermanentIntegrationError`.
 */
export function createSalesforceSession(options: SalesforceSessionOptions): SalesforceSession {
  let session: Promise<Connection> | undefined;
  let usage: SalesforceApiUsage | undefined;

  async function login(): Promise<Connection> {
    const transport = new SalesforceCallTransport(options.timeoutMs);
    const oauth2 = new OAuth2({
      loginUrl: options.loginUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
    });
    // OAuth2 takes no transport option, and without ours its token request would have no deadline.
    oauth2._transport = transport;
    let token: unknown;
    try {
      token = await oauth2.requestToken({ grant_type: 'client_credentials' });
    } catch (err) {
      throw classifySalesforceFailure(
        err,
        transport.answer,
        'POST /services/oauth2/token',
        options.timeoutMs,
      );
    }
    const granted = parseIntegrationResponse('salesforce', tokenSchema, token);
    // No OAuth client on the connection, so jsforce installs no session refresh of its own: a 401 reaches
    // us and we log in again once, where jsforce would refresh and repeat for as long as 401s come back.
    return new Connection({
      instanceUrl: granted.instance_url,
      accessToken: granted.access_token,
      version: options.apiVersion,
    });
  }

  // Concurrent calls share one login; a failed login is forgotten so that the next call tries again.
  function connect(): Promise<Connection> {
    session ??= login().catch((err: unknown) => {
      session = undefined;
      throw err;
    });
    return session;
  }

  async function exchange(connection: Connection, request: HttpRequest): Promise<unknown> {
    const transport = new SalesforceCallTransport(options.timeoutMs);
    try {
      return await connection.request(request, { transport });
    } catch (err) {
      throw classifySalesforceFailure(err, transport.answer, describe(request), options.timeoutMs);
    } finally {
      // jsforce parses `Sforce-Limit-Info` into `limitInfo` on every answer, errors included.
      const reported = connection.limitInfo.apiUsage;
      if (reported) usage = { used: reported.used, max: reported.limit };
    }
  }

  return {
    async send(request) {
      const connection = await connect();
      try {
        return await exchange(connection, request);
      } catch (err) {
        if (!(isPermanentIntegrationError(err) && err.status === 401)) throw err;
        // The session expired: log in again once, unless a concurrent call already did.
        if ((await session?.catch(() => undefined)) === connection) session = undefined;
        return await exchange(await connect(), request);
      }
    },
    apiUsage: () => usage,
  };
}

/** `METHOD /path` for error messages, without the query string (a SOQL text can be long). */
function describe(request: HttpRequest): string {
  return `${request.method} ${request.url.split('?')[0]}`;
}
