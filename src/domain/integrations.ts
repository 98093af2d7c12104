/** Every external system the orchestrator calls; each has its own circuit breaker and simulator. */
export const INTEGRATIONS = [
  'salesforce',
  'encompass',
  'experian',
  'equifax',
  'transunion',
  'sms',
  'email',
  'notifications',
  'luna',
] as const;
export type IntegrationName = (typeof INTEGRATIONS)[number];
