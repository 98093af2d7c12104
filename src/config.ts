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
});

export const workerEnvSchema = temporalEnvSchema.extend({
  TWILIO_BASE_URL: z.url(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, 'must be a Twilio account SID (AC + 32 hex)'),
  TWILIO_AUTH_TOKEN: z.string().min(1),
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number'),
  HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Where the worker serves Prometheus metrics (e.g. `0.0.0.0:9464`); unset serves none. */
  METRICS_BIND_ADDRESS: z
    .string()
    .regex(/^[^:]+:\d+$/, 'must be host:port')
    .optional(),
});

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
