import type { RequestHandler } from 'express';

/** Counts every API call by route (`GET /encompass/v3/loans/:loanId`), answered or abandoned. */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  readonly middleware: RequestHandler = (req, res, next) => {
    res.once('close', () => {
      // Set once a route matched; calls refused before that (429, 401) count under their path.
      const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
      const key = `${req.method} ${route}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    });
    next();
  };

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  clear(): void {
    this.counts.clear();
  }
}
