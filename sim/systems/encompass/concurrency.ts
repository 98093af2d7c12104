import type { RequestHandler } from 'express';
import { sendEncompassError } from './responses';

/**
 * Encompass's concurrency cap: at most `limit` API calls in flight, shared by every caller; past it, 429.
 * Every answer states the limit and what remains of it. `maxObserved` lets tests assert our workers
 * never pushed past the cap.
 */
export class ConcurrencyGate {
  private inFlight = 0;
  private maxObserved = 0;
  private rejected = 0;

  constructor(private readonly settings: () => { concurrencyLimit: number; latencyMs: number }) {}

  readonly middleware: RequestHandler = (req, res, next) => {
    // A caller that gave up while the request waited upstream (a latency fault) is no longer a call.
    if (req.socket.destroyed) return;
    const { concurrencyLimit: limit, latencyMs } = this.settings();
    res.set('X-Concurrency-Limit-Limit', String(limit));
    if (this.inFlight >= limit) {
      this.rejected += 1;
      res.set('X-Concurrency-Limit-Remaining', '0');
      return sendEncompassError(res, 429, 'Too Many Requests', `Concurrency limit of ${limit} exceeded`);
    }
    this.inFlight += 1;
    this.maxObserved = Math.max(this.maxObserved, this.inFlight);
    res.set('X-Concurrency-Limit-Remaining', String(limit - this.inFlight));
    // `close` fires whether the answer was sent or the caller gave up, so a slot is never leaked.
    res.once('close', () => (this.inFlight -= 1));
    if (latencyMs > 0) setTimeout(next, latencyMs);
    else next();
  };

  snapshot() {
    return { inFlight: this.inFlight, maxObserved: this.maxObserved, rejected: this.rejected };
  }

  /** Forgets the figures, not the calls still in flight. */
  reset(): void {
    this.maxObserved = this.inFlight;
    this.rejected = 0;
  }
}
