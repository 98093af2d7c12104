import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The business processes the orchestrator runs. Each is one workflow type; its name is the `Process`
 * search attribute and the prefix of every workflow ID it owns, so operators can filter the Web UI by
 * `Process = "message-delivery" AND LoanId = "a0X..."`.
 */
export const PROCESSES = [
  'loan-sync',
  'credit-pull',
  'message-delivery',
  'ai-analysis',
  'circuit-breaker',
  'salesforce-writer',
] as const;
export type ProcessName = (typeof PROCESSES)[number];

export const LOAN_ID = defineSearchAttributeKey('LoanId', SearchAttributeType.KEYWORD);
export const PROCESS = defineSearchAttributeKey('Process', SearchAttributeType.KEYWORD);
/** On circuit-breaker workflows: `closed`, `open` or `half-open`, so `BreakerState = "open"` lists the outages. */
export const BREAKER_STATE = defineSearchAttributeKey('BreakerState', SearchAttributeType.KEYWORD);

/** Every custom search attribute the service writes; the dev server registers these at start. */
export const SEARCH_ATTRIBUTES = [LOAN_ID, PROCESS, BREAKER_STATE] as const;

/**
 * Workflow IDs are the idempotency keys: a client's key is scoped to its process, so the same key sent
 * twice (or with another loan ID) always lands on the same workflow.
 */
export function workflowIdFor(process: ProcessName, businessKey: string): string {
  return `${process}:${businessKey}`;
}
