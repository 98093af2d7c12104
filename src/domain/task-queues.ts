/**
 * Encompass calls run on their own task queue, whose workers cap their concurrent activities, so that all
 * workers together stay within the lender's share of Encompass's 30 simultaneous calls.
 */
export function encompassTaskQueue(mainTaskQueue: string): string {
  return `${mainTaskQueue}-encompass`;
}
