import type { ResourceTable } from './resources';

/** An Enterprise org's order of magnitude; tests set their own budget through the control API. */
export const DEFAULT_DAILY_API_REQUESTS = 100_000;

/** The org's rolling 24-hour API request allowance, which every REST call (not the token call) spends. */
export class ApiBudget {
  max = DEFAULT_DAILY_API_REQUESTS;
  used = 0;

  /** Spends one request, unless the allowance is gone. */
  tryConsume(): boolean {
    if (this.used >= this.max) return false;
    this.used += 1;
    return true;
  }

  /** The `Sforce-Limit-Info` header Salesforce puts on every REST response. */
  get limitInfo(): string {
    return `api-usage=${this.used}/${this.max}`;
  }

  reset(): void {
    this.max = DEFAULT_DAILY_API_REQUESTS;
    this.used = 0;
  }
}

/** `GET /limits`: the org's limits, of which the simulator keeps the daily API requests. */
export function registerLimitsResource(table: ResourceTable, budget: ApiBudget): void {
  table.on('GET', '/limits', () => ({
    status: 200,
    body: { DailyApiRequests: { Max: budget.max, Remaining: Math.max(0, budget.max - budget.used) } },
  }));
}
