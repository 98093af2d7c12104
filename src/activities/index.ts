import { createCreditPullActivities } from './credit-pull';
import type { CreditPullDeps } from './credit-pull';
import { createHealthActivities } from './health';
import type { HealthDeps } from './health';
import { createLoanReconciliationActivities } from './loan-reconciliation';
import { createLoanSyncActivities } from './loan-sync';
import type { LoanSyncDeps } from './loan-sync';
import { createMessagingActivities } from './messaging';
import type { MessagingDeps } from './messaging';
import { createSalesforceWriterActivities } from './salesforce-writer';
import type { SalesforceWriterDeps } from './salesforce-writer';

export type ActivityDeps = MessagingDeps & HealthDeps & SalesforceWriterDeps & LoanSyncDeps & CreditPullDeps;

/** Every activity the worker registers, built over injected clients. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createMessagingActivities(deps),
    ...createHealthActivities(deps),
    ...createSalesforceWriterActivities(deps),
    ...createLoanSyncActivities(deps),
    ...createLoanReconciliationActivities(deps),
    ...createCreditPullActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
