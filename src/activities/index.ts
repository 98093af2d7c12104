import { createMessagingActivities } from './messaging';
import type { MessagingDeps } from './messaging';

export type ActivityDeps = MessagingDeps;

/** Every activity the worker registers, built over injected clients. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createMessagingActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
