import type { Ledger } from '../../ledger';
import { ApiBudget, registerLimitsResource } from './budget';
import { registerCollectionResources } from './collections';
import { registerCompositeResource } from './composite';
import { Sessions } from './oauth';
import { QueryCursors, registerQueryResources } from './query';
import { ResourceTable } from './resources';
import { registerSObjectResources } from './sobjects';
import { RecordStore } from './store';

/** Everything one simulated org holds, shared by its REST API and its control routes. */
export interface SalesforceOrg {
  readonly store: RecordStore;
  readonly cursors: QueryCursors;
  readonly budget: ApiBudget;
  readonly sessions: Sessions;
  readonly resources: ResourceTable;
}

export function createOrg(ledger: Ledger): SalesforceOrg {
  const org: SalesforceOrg = {
    store: new RecordStore(ledger),
    cursors: new QueryCursors(),
    budget: new ApiBudget(),
    sessions: new Sessions(),
    resources: new ResourceTable(),
  };
  registerSObjectResources(org.resources, org.store);
  registerCollectionResources(org.resources, org.store);
  registerCompositeResource(org.resources, org.store);
  registerQueryResources(org.resources, org.store, org.cursors);
  registerLimitsResource(org.resources, org.budget);
  return org;
}
