import { z } from 'zod';

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
  }),
  z.object({
    mode: z.literal('status'),
    status: z.number().int().min(400).max(599),
    body: z.unknown().optional(),
    times: z.number().int().positive().optional(),
  }),
  z.object({
    mode: z.literal('rate-limit'),
    retryAfterSeconds: z.number().int().min(0).max(3600),
    times: z.number().int().positive().optional(),
  }),
  /** Accept the connection and never answer. */
  z.object({ mode: z.literal('hang'), times: z.number().int().positive().optional() }),
  /** Commit the effect, then never answer: the "done but timed out" case that breeds duplicates. */
  z.object({ mode: z.literal('commit-then-hang'), times: z.number().int().positive().optional() }),
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

  /** The fault to apply to the next request, if any. */
  take(): Fault | undefined {
    const fault = this.fault;
    if (!fault || fault.mode === 'down') return undefined;
    this.remaining -= 1;
    if (this.remaining <= 0) this.fault = undefined;
    return fault;
  }
}
