/** What the simulator accepts and signs with; the stack's defaults and the tests use the same. */
export const ENCOMPASS_SIM_INSTANCE_ID = 'BE11223344';
export const ENCOMPASS_SIM_CLIENT_ID = 'sim-encompass-client';
export const ENCOMPASS_SIM_CLIENT_SECRET = 'sim-encompass-secret';
/** The API user behind both grants: the `userId` of webhooks for changes made through the API. */
export const ENCOMPASS_SIM_USERNAME = 'inflooens.api';
export const ENCOMPASS_SIM_PASSWORD = 'sim-encompass-password';
/** Signs notifications of subscriptions created without their own `signingkey`. */
export const ENCOMPASS_SIM_WEBHOOK_SIGNING_KEY = 'sim-encompass-signing-key';
