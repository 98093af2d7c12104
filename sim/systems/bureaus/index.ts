import type { SystemFactory } from '../../harness';
import { equifaxSim } from './equifax';
import { experianSim } from './experian';
import { transunionSim } from './transunion';

/** The three credit bureaus, in the order a credit pull fails over. */
export const BUREAU_SYSTEMS: readonly SystemFactory[] = [experianSim, equifaxSim, transunionSim];
