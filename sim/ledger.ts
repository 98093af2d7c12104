/** One side effect a simulated system committed: an SMS accepted, a loan updated, a hard pull made. */
export interface LedgerEntry {
  seq: number;
  at: string;
  system: string;
  kind: string;
  /** The business key of the effect (a message SID, a loan GUID, a borrower), for assertions. */
  key: string;
  data: Record<string, unknown>;
}

/** Append-only record of side effects across all simulators: what tests and benchmarks assert on. */
export class Ledger {
  private readonly entries: LedgerEntry[] = [];

  record(system: string, kind: string, key: string, data: Record<string, unknown> = {}): LedgerEntry {
    const entry = { seq: this.entries.length + 1, at: new Date().toISOString(), system, kind, key, data };
    this.entries.push(entry);
    return entry;
  }

  list(filter: { system?: string; kind?: string; key?: string } = {}): LedgerEntry[] {
    return this.entries.filter(
      (e) =>
        (!filter.system || e.system === filter.system) &&
        (!filter.kind || e.kind === filter.kind) &&
        (!filter.key || e.key === filter.key),
    );
  }

  clear(): void {
    this.entries.length = 0;
  }
}
