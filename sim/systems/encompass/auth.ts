import express from 'express';
import type { RequestHandler } from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  ENCOMPASS_SIM_CLIENT_ID,
  ENCOMPASS_SIM_CLIENT_SECRET,
  ENCOMPASS_SIM_INSTANCE_ID,
  ENCOMPASS_SIM_PASSWORD,
  ENCOMPASS_SIM_USERNAME,
} from './credentials';
import { sendEncompassError } from './responses';

/** Bearer tokens issued by `/oauth2/v1/token`, each bound to the user it acts as. */
export class TokenIssuer {
  private readonly tokens = new Map<string, { userId: string; expiresAt: number }>();

  issue(userId: string, ttlMs: number) {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { userId, expiresAt: Date.now() + ttlMs });
    return { access_token: token, token_type: 'Bearer', expires_in: Math.ceil(ttlMs / 1000) };
  }

  /** The user a live token acts as; undefined for a missing, unknown or expired token. */
  userOf(authorization: string | undefined): string | undefined {
    const token = authorization?.match(/^Bearer (\S+)$/i)?.[1];
    const session = token ? this.tokens.get(token) : undefined;
    return session && Date.now() < session.expiresAt ? session.userId : undefined;
  }

  /** Ends every session now, as Encompass does when an administrator revokes them. */
  expireAll(): void {
    for (const session of this.tokens.values()) session.expiresAt = 0;
  }

  clear(): void {
    this.tokens.clear();
  }
}

const grantSchema = z.discriminatedUnion('grant_type', [
  z.object({ grant_type: z.literal('client_credentials'), instance_id: z.string() }),
  z.object({
    grant_type: z.literal('password'),
    username: z.string().regex(/^[^@]+@encompass:[^@]+$/, 'must be <user>@encompass:<instanceId>'),
    password: z.string(),
  }),
]);

/** `POST /oauth2/v1/token`, form-encoded; client credentials in the body or in Basic auth. */
export function tokenRouter(issuer: TokenIssuer, ttlMs: () => number): express.Router {
  const router = express.Router();
  router.post('/oauth2/v1/token', express.urlencoded({ extended: false }), (req, res) => {
    const form = req.body as Record<string, string | undefined>;
    const [clientId, clientSecret] = clientOf(req.headers.authorization, form);
    if (clientId !== ENCOMPASS_SIM_CLIENT_ID || clientSecret !== ENCOMPASS_SIM_CLIENT_SECRET) {
      return void res.status(401).json({ error: 'invalid_client', error_description: 'Unknown client' });
    }
    const grant = grantSchema.safeParse(form);
    if (!grant.success) {
      return void res.status(400).json({ error: 'invalid_request', error_description: grant.error.message });
    }
    const [user, instanceId] =
      grant.data.grant_type === 'password'
        ? grant.data.username.split('@encompass:')
        : [ENCOMPASS_SIM_USERNAME, grant.data.instance_id];
    const passwordOk = grant.data.grant_type !== 'password' || grant.data.password === ENCOMPASS_SIM_PASSWORD;
    if (instanceId !== ENCOMPASS_SIM_INSTANCE_ID || user !== ENCOMPASS_SIM_USERNAME || !passwordOk) {
      return void res.status(400).json({ error: 'invalid_grant', error_description: 'Invalid credentials' });
    }
    res.json(issuer.issue(ENCOMPASS_SIM_USERNAME, ttlMs()));
  });
  return router;
}

/** Refuses calls without a live token; the token's user is left in `res.locals.userId`. */
export function requireToken(issuer: TokenIssuer): RequestHandler {
  return (req, res, next) => {
    const userId = issuer.userOf(req.headers.authorization);
    if (!userId) return sendEncompassError(res, 401, 'Unauthorized', 'Invalid or expired access token');
    res.locals.userId = userId;
    next();
  };
}

function clientOf(authorization: string | undefined, form: Record<string, string | undefined>) {
  const basic = authorization?.match(/^Basic (\S+)$/i)?.[1];
  if (!basic) return [form.client_id, form.client_secret];
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
