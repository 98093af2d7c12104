/** The connected app the simulator trusts (OAuth 2.0 client credentials flow); the stack's defaults use the same. */
export const SALESFORCE_SIM_CLIENT_ID = '3MVG9sim.inflooens.orchestrator';
export const SALESFORCE_SIM_CLIENT_SECRET = 'sim-client-secret';
/** The only REST API version the simulator serves, as jsforce spells it in `Connection({version})`. */
export const SALESFORCE_SIM_API_VERSION = '62.0';
export const SALESFORCE_DATA_PATH = `/services/data/v${SALESFORCE_SIM_API_VERSION}`;
