import { createHealthActivities } from './health';
import type { HealthDeps } from './health';
import { createMessagingActivities } from './messaging';
import type { MessagingDeps } from './messaging';

export type ActivityDeps = MessagingDeps & HealthDeps;

/** Every activity the worker registers, built over injected clients. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createMessagingActivities(deps),
    ...createHealthActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
