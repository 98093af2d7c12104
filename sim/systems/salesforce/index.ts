import type { SystemFactory } from '../../harness';
import { salesforceApi } from './api';
import { salesforceControl } from './control';
import { createOrg } from './org';

export {
  SALESFORCE_SIM_API_VERSION,
  SALESFORCE_SIM_CLIENT_ID,
  SALESFORCE_SIM_CLIENT_SECRET,
} from './credentials';

/**
 * Salesforce's REST API (v62.0) as jsforce speaks it: OAuth 2.0 client credentials, sObject CRUD and upsert
 * by external ID, sObject Collections, composite, SOQL with queryMore paging, the daily API request budget
 * with `Sforce-Limit-Info`, and Salesforce's error bodies. Committed writes go to the ledger as
 * `salesforce.record.created` / `.updated` / `.deleted`, keyed by record Id.
 */
export const salesforceSim: SystemFactory = ({ ledger }) => {
  const org = createOrg(ledger);
  return {
    name: 'salesforce',
    api: salesforceApi(org),
    control: salesforceControl(org),
    reset() {
      org.store.reset();
      org.cursors.reset();
      org.budget.reset();
      org.sessions.expireAll();
    },
  };
};
