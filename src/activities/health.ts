import type { IntegrationName } from '../domain/integrations';

/** A cheap call that proves an integration answers (a token request, an account read). */
export type HealthProbe = () => Promise<void>;

export interface HealthDeps {
  probes: Partial<Record<IntegrationName, HealthProbe>>;
}

export function createHealthActivities({ probes }: HealthDeps) {
  return {
    /** A breaker's half-open probe: resolves when the integration answers, throws when it does not. */
    async probeIntegrationHealth(integration: IntegrationName): Promise<void> {
      const probe = probes[integration];
      if (!probe) throw new Error(`no health probe is configured for ${integration}`);
      await probe();
    },
  };
}

export type HealthActivities = ReturnType<typeof createHealthActivities>;
