import { z } from 'zod';

/** Limits a fault to some requests, e.g. only `POST /encompass/v3/loans`. */
const matchSchema = z
  .object({ method: z.string().toUpperCase().optional(), pathPrefix: z.string().startsWith('/').optional() })
  .optional();

/**
 * What a simulated system can be told to do instead of answering normally. `times` limits a fault to the
 * next N requests; without it the fault holds until cleared.
 */
export const faultSchema = z.discriminatedUnion('mode', [
  /** Stop listening: clients get connection refused, as from a host that is down. */
  z.object({ mode: z.literal('down') }),
  z.object({
    mode: z.literal('latency'),
    ms: z.number().int().min(0).max(600_000),
    times: z.number().int().positive().optional(),
    match: matchSchema,
  }),
  z.object({
    mode: z.literal('status'),
    status: z.number().int().min(400).max(599),
    body: z.unknown().optional(),
    times: z.number().int().positive().optional(),
    match: matchSchema,
  }),
  z.object({
    mode: z.literal('rate-limit'),
    retryAfterSeconds: z.number().int().min(0).max(3600),
    times: z.number().int().positive().optional(),
    match: matchSchema,
  }),
  /** Accept the connection and never answer. */
  z.object({ mode: z.literal('hang'), times: z.number().int().positive().optional(), match: matchSchema }),
  /** Commit the effect, then never answer: the "done but timed out" case that breeds duplicates. */
  z.object({
    mode: z.literal('commit-then-hang'),
    times: z.number().int().positive().optional(),
    match: matchSchema,
  }),
]);
export type Fault = z.infer<typeof faultSchema>;

/** The fault currently set on one system, consumed request by request. */
export class FaultSlot {
  private fault: Fault | undefined;
  private remaining = Infinity;

  set(fault: Fault): void {
    this.fault = fault;
    this.remaining = 'times' in fault && fault.times !== undefined ? fault.times : Infinity;
  }

  clear(): void {
    this.fault = undefined;
  }

  get current(): Fault | undefined {
    return this.fault;
  }

  /** The fault to apply to this request, if any. */
  take(request: { method: string; path: string }): Fault | undefined {
    const fault = this.fault;
    if (!fault || fault.mode === 'down') return undefined;
    const match = fault.match;
    if (match?.method && match.method !== request.method) return undefined;
    if (match?.pathPrefix && !request.path.startsWith(match.pathPrefix)) return undefined;
    this.remaining -= 1;
    if (this.remaining <= 0) this.fault = undefined;
    return fault;
  }
}
