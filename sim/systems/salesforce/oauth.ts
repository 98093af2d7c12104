import type express from 'express';
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SALESFORCE_SIM_CLIENT_ID, SALESFORCE_SIM_CLIENT_SECRET } from './credentials';
import { withSuffix } from './ids';

const ORG_ID = withSuffix('00D5e0000001Inf');
const INTEGRATION_USER_ID = withSuffix('0055e0000002Orc');

/** Access tokens the org has issued and not yet expired. */
export class Sessions {
  private readonly tokens = new Set<string>();

  issue(): string {
    const token = `${ORG_ID.slice(0, 15)}!AQ${randomBytes(32).toString('base64url')}`;
    this.tokens.add(token);
    return token;
  }

  isValid(authorization: string | undefined): boolean {
    const [scheme, token] = authorization?.split(' ') ?? [];
    return scheme === 'Bearer' && token !== undefined && this.tokens.has(token);
  }

  /** Every session ends, as after a timeout or a revoked connected app: clients must log in again. */
  expireAll(): void {
    this.tokens.clear();
  }
}

const tokenRequestSchema = z.object({
  grant_type: z.string(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

/**
 * `POST /services/oauth2/token` for the OAuth 2.0 client credentials flow (server to server, no browser,
 * no user password), answering with the simulator's own base URL as `instance_url`.
 */
export function tokenEndpoint(sessions: Sessions): express.RequestHandler {
  return (req, res) => {
    const parsed = tokenRequestSchema.safeParse(req.body);
    if (!parsed.success || parsed.data.grant_type !== 'client_credentials') {
      return void res
        .status(400)
        .json({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    const { client_id, client_secret } = parsed.data;
    if (client_id !== SALESFORCE_SIM_CLIENT_ID) {
      return void res
        .status(400)
        .json({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
    }
    if (client_secret !== SALESFORCE_SIM_CLIENT_SECRET) {
      return void res
        .status(400)
        .json({ error: 'invalid_client', error_description: 'invalid client credentials' });
    }
    const instanceUrl = `${req.protocol}://${req.get('host')}`;
    const id = `${instanceUrl}/id/${ORG_ID}/${INTEGRATION_USER_ID}`;
    const issuedAt = String(Date.now());
    res.json({
      access_token: sessions.issue(),
      signature: createHmac('sha256', SALESFORCE_SIM_CLIENT_SECRET)
        .update(id + issuedAt)
        .digest('base64'),
      scope: 'api',
      instance_url: instanceUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    });
  };
}
