import { z } from 'zod';

/** Where the Temporal cluster is: the embedded dev server by default, any cluster with TEMPORAL_ADDRESS. */
export const temporalEnvSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('inflooens'),
});

export const starterEnvSchema = temporalEnvSchema.extend({
  STARTER_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The bearer token Salesforce's Named Credential sends. */
  STARTER_API_TOKEN: z.string().min(24, 'must be at least 24 characters'),
  /** Key for request fingerprints kept with each workflow (an HMAC, so no PII is recoverable from it). */
  REQUEST_FINGERPRINT_KEY: z.string().min(16, 'must be at least 16 characters'),
  /** The signing key of our Encompass webhook subscription (`Elli-Signature`). */
  ENCOMPASS_WEBHOOK_SIGNING_KEY: z.string().min(8, 'must be at least 8 characters'),
});

const secret = z.string().min(1);
/** An optional setting; compose passes an unset one as an empty string. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const workerEnvSchema = temporalEnvSchema.extend({
  SALESFORCE_LOGIN_URL: z.url(),
  SALESFORCE_CLIENT_ID: secret,
  SALESFORCE_CLIENT_SECRET: secret,
  SALESFORCE_API_VERSION: z
    .string()
    .regex(/^\d+\.0$/, 'must look like 62.0')
    .default('62.0'),
  ENCOMPASS_BASE_URL: z.url(),
  ENCOMPASS_INSTANCE_ID: secret,
  ENCOMPASS_CLIENT_ID: secret,
  ENCOMPASS_CLIENT_SECRET: secret,
  ENCOMPASS_USERNAME: optional(z.string().min(1)),
  ENCOMPASS_PASSWORD: optional(z.string().min(1)),
  /** Per worker process; keep workers × this within the lender's share of Encompass's 30-call cap. */
  ENCOMPASS_MAX_CONCURRENT_CALLS: z.coerce.number().int().min(1).max(30).default(8),
  EXPERIAN_BASE_URL: z.url(),
  EXPERIAN_CLIENT_ID: secret,
  EXPERIAN_CLIENT_SECRET: secret,
  EXPERIAN_USERNAME: secret,
  EXPERIAN_PASSWORD: secret,
  EXPERIAN_SUBSCRIBER_CODE: secret,
  EQUIFAX_BASE_URL: z.url(),
  EQUIFAX_CLIENT_ID: secret,
  EQUIFAX_CLIENT_SECRET: secret,
  EQUIFAX_MEMBER_NUMBER: secret,
  EQUIFAX_SECURITY_CODE: secret,
  EQUIFAX_END_USER_NAME: secret,
  TRANSUNION_BASE_URL: z.url(),
  TRANSUNION_SYSTEM_ID: secret,
  TRANSUNION_SYSTEM_PASSWORD: secret,
  TRANSUNION_INDUSTRY_CODE: secret,
  TRANSUNION_MEMBER_CODE: secret,
  TRANSUNION_PREFIX_CODE: secret,
  TRANSUNION_SUBSCRIBER_PASSWORD: secret,
  TWILIO_BASE_URL: z.url(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, 'must be a Twilio account SID (AC + 32 hex)'),
  TWILIO_AUTH_TOKEN: z.string().min(1),
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number'),
  HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** `off` only to measure the thundering herd that jitter prevents (bench/thundering-herd). */
  RETRY_JITTER: z.enum(['on', 'off']).default('on'),
  /** Where the worker serves Prometheus metrics (e.g. `0.0.0.0:9464`); unset serves none. */
  METRICS_BIND_ADDRESS: z
    .string()
    .regex(/^[^:]+:\d+$/, 'must be host:port')
    .optional(),
  /** When the nightly loan reconciliation runs: an off-peak hour, five-field cron. */
  RECONCILIATION_CRON: z
    .string()
    .trim()
    .regex(/^([\d*,/A-Za-z-]+\s+){4}[\d*,/A-Za-z-]+$/, 'must be a five-field cron such as 0 2 * * *')
    .default('0 2 * * *'),
  /** The IANA time zone RECONCILIATION_CRON is read in (the lender's, so "2 AM" is their night). */
  RECONCILIATION_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as America/Chicago')
    .default('America/New_York'),
});

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export type StarterConfig = z.infer<typeof starterEnvSchema>;
export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once at start-up; a bad value stops start-up with a message naming each variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
      .join('\n');
    throw new ConfigError(`invalid configuration:\n${problems}`);
  }
  return Object.freeze(result.data);
}
