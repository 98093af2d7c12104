/** A field value as Salesforce's REST API takes it. */
export type SalesforceFieldValue = string | number | boolean | null;

/**
 * One record to upsert by external ID. Writes from many workflows are queued and sent together as sObject
 * Collections upserts (200 records a call), which is how the orchestrator stays inside Salesforce's API
 * limits. `deferrable` writes (sync status, audit) wait when the org's daily API usage runs high;
 * `urgent` writes (loan data a user is waiting for, credit results) go out regardless.
 */
export interface SalesforceWrite {
  sobject: string;
  externalIdField: string;
  record: Readonly<Record<string, SalesforceFieldValue>>;
  priority: 'urgent' | 'deferrable';
}
