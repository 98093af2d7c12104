import { startSimulators } from '../../sim/harness';
import type { SystemFactory } from '../../sim/harness';
import { simControl } from '../../sim/control-client';
import { ALL_SYSTEMS } from '../../sim/systems';

/** Every simulator on free loopback ports, with its control client. */
export async function startTestSimulators(systems: readonly SystemFactory[] = ALL_SYSTEMS) {
  const sims = await startSimulators({ systems });
  return { ...sims, control: simControl(sims.controlUrl) };
}

export type TestSimulators = Awaited<ReturnType<typeof startTestSimulators>>;
