import type { SalesforceFieldValue, SalesforceWrite } from './salesforce-writes';

/** sObject Collections take at most 200 records per call: the size of one flush. */
export const SALESFORCE_BATCH_SIZE = 200;

export type SalesforcePriority = SalesforceWrite['priority'];

/** One record waiting to be upserted: every write queued for its external ID, merged. */
export interface PendingRecord {
  externalId: string;
  record: Record<string, SalesforceFieldValue>;
  priority: SalesforcePriority;
}

/** The writes of one writer: one sObject upserted by one external ID field. */
export interface WriterGroup {
  sobject: string;
  externalIdField: string;
  writes: SalesforceWrite[];
}

/** The external ID value a write is keyed by, or undefined when it has none (a non-empty string). */
export function externalIdOf(write: Pick<SalesforceWrite, 'externalIdField' | 'record'>): string | undefined {
  const value = write.record[write.externalIdField];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Groups writes by (sObject, external ID field), keeping their order within each group. */
export function groupByWriter(writes: readonly SalesforceWrite[]): WriterGroup[] {
  const groups = new Map<string, WriterGroup>();
  for (const write of writes) {
    const key = `${write.sobject}\u0000${write.externalIdField}`;
    let group = groups.get(key);
    if (!group) {
      group = { sobject: write.sobject, externalIdField: write.externalIdField, writes: [] };
      groups.set(key, group);
    }
    group.writes.push(write);
  }
  return [...groups.values()];
}

/** Urgent wins: a record that anyone is waiting for goes out even when the rest is held. */
function higher(a: SalesforcePriority, b: SalesforcePriority): SalesforcePriority {
  return a === 'urgent' || b === 'urgent' ? 'urgent' : 'deferrable';
}

/**
 * The records one writer holds before a flush, keyed by external ID in order of first arrival. Writes to
 * the same external ID merge field by field, the later value winning, so one record goes out per ID.
 * Plain data in, plain data out ({@link toJSON}), so that it crosses continue-as-new.
 */
export class PendingWrites {
  private readonly records = new Map<string, PendingRecord>();
  private urgent = 0;

  constructor(initial: readonly PendingRecord[] = []) {
    for (const record of initial) this.merge(record);
  }

  /** Records pending, of one priority or of both. */
  count(priority?: SalesforcePriority): number {
    if (priority === undefined) return this.records.size;
    return priority === 'urgent' ? this.urgent : this.records.size - this.urgent;
  }

  /** Merges one write, which must belong to this writer and carry its external ID (see {@link externalIdOf}). */
  add(write: SalesforceWrite): void {
    const externalId = externalIdOf(write);
    if (externalId === undefined) throw new RangeError(`write without its ${write.externalIdField}`);
    this.merge({ externalId, record: { ...write.record }, priority: write.priority });
  }

  /** Removes and returns up to `max` records in arrival order; only urgent ones when `onlyUrgent`. */
  take(max: number, onlyUrgent = false): PendingRecord[] {
    const batch: PendingRecord[] = [];
    for (const record of this.records.values()) {
      if (batch.length >= max) break;
      if (onlyUrgent && record.priority !== 'urgent') continue;
      batch.push(record);
    }
    for (const record of batch) this.remove(record.externalId);
    return batch;
  }

  /**
   * Puts a batch that could not be sent back in front of the queue. Writes that arrived for the same
   * IDs meanwhile are newer: their fields win over the batch's.
   */
  restore(batch: readonly PendingRecord[]): void {
    const later = [...this.records.values()];
    this.records.clear();
    this.urgent = 0;
    for (const record of batch) this.merge(record);
    for (const record of later) this.merge(record);
  }

  toJSON(): PendingRecord[] {
    return [...this.records.values()];
  }

  private merge(incoming: PendingRecord): void {
    const current = this.records.get(incoming.externalId);
    if (!current) {
      this.records.set(incoming.externalId, { ...incoming, record: { ...incoming.record } });
      if (incoming.priority === 'urgent') this.urgent += 1;
      return;
    }
    const priority = higher(current.priority, incoming.priority);
    if (priority === 'urgent' && current.priority !== 'urgent') this.urgent += 1;
    current.record = { ...current.record, ...incoming.record };
    current.priority = priority;
  }

  private remove(externalId: string): void {
    const record = this.records.get(externalId);
    if (!record) return;
    this.records.delete(externalId);
    if (record.priority === 'urgent') this.urgent -= 1;
  }
}
