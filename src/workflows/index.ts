export { circuitBreaker } from './circuit-breaker';
export { creditPull } from './credit-pull';
export { encompassChangeIntake } from './encompass-change-intake';
export { loanReconciliation } from './loan-reconciliation';
export { loanSync } from './loan-sync';
export { messageDelivery } from './message-delivery';
export { salesforceWriter } from './salesforce-writer';
