import { z } from 'zod';

/** Knobs tests turn through `POST /systems/encompass/config`; reset restores the defaults. */
export const encompassSimConfigSchema = z.object({
  /** Encompass caps simultaneous API calls per client; past it, 429. */
  concurrencyLimit: z.number().int().positive(),
  /** Service time of every API call, so that concurrency can be observed. */
  latencyMs: z.number().int().min(0).max(60_000),
  tokenTtlMs: z.number().int().positive(),
  /** Deliveries per notification, the first included, until one is acknowledged with a 2xx. */
  webhookAttempts: z.number().int().positive().max(50),
  webhookRetryIntervalMs: z.number().int().min(0).max(3_600_000),
  webhookTimeoutMs: z.number().int().positive().max(60_000),
});
export type EncompassSimConfig = z.infer<typeof encompassSimConfigSchema>;

export const DEFAULT_ENCOMPASS_SIM_CONFIG: Readonly<EncompassSimConfig> = {
  concurrencyLimit: 30,
  latencyMs: 0,
  tokenTtlMs: 30 * 60_000,
  webhookAttempts: 5,
  webhookRetryIntervalMs: 2_000,
  webhookTimeoutMs: 5_000,
};
