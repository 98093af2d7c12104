/** Key prefixes of the standard objects the orchestrator touches; custom objects get `a00`, `a01`, ... */
const STANDARD_PREFIXES: Readonly<Record<string, string>> = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  Lead: '00Q',
  Task: '00T',
  User: '005',
  Case: '500',
};
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** Pod "5e" and the reserved 0, as in `a0X5e000001AbCdEAK`. */
const INSTANCE = '5e0';

/**
 * Mints 18-character record Ids as Salesforce does: a 3-character key prefix per sObject, a 12-character
 * serial, and the 3-character case-safe suffix, so code that validates or shortens Ids sees real ones.
 */
export class IdMinter {
  private readonly prefixes = new Map<string, string>(Object.entries(STANDARD_PREFIXES));
  private serial = 0;

  next(sobject: string): string {
    this.serial += 1;
    return withSuffix(`${this.prefixOf(sobject)}${INSTANCE}${base62(this.serial, 9)}`);
  }

  /** The sObject a record Id belongs to, from its key prefix. */
  sobjectOf(id: string): string | undefined {
    const prefix = id.slice(0, 3);
    return [...this.prefixes].find(([, p]) => p === prefix)?.[0];
  }

  /** Record Ids are never reused, not even across a reset: workflows keyed by them outlive a test. */
  reset(): void {
    this.prefixes.clear();
    for (const [sobject, prefix] of Object.entries(STANDARD_PREFIXES)) this.prefixes.set(sobject, prefix);
  }

  private prefixOf(sobject: string): string {
    let prefix = this.prefixes.get(sobject);
    if (!prefix) {
      const custom = this.prefixes.size - Object.keys(STANDARD_PREFIXES).length;
      prefix = `a${base62(custom, 2)}`;
      this.prefixes.set(sobject, prefix);
    }
    return prefix;
  }
}

function base62(value: number, width: number): string {
  let out = '';
  for (let rest = value; rest > 0; rest = Math.floor(rest / 62)) out = BASE62[rest % 62] + out;
  return out.padStart(width, '0');
}

/** Each suffix character encodes which of 5 characters are upper case, so the Id survives case folding. */
export function withSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15[chunk * 5 + i]!;
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return id15 + suffix;
}
