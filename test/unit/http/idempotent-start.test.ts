import { fingerprintRequest, idempotencyKeySchema } from '../../../src/http/idempotent-start';

describe('request fingerprints', () => {
  it('when two bodies differ only in key order, then their fingerprints are equal', () => {
    expect(fingerprintRequest('k', { a: 1, b: { c: 2, d: 3 } })).toBe(
      fingerprintRequest('k', { b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('when a value differs, then the fingerprint differs and does not contain the value', () => {
    const ssn = '123-45-6789';
    const one = fingerprintRequest('k', { ssn });
    expect(one).not.toBe(fingerprintRequest('k', { ssn: '123-45-6780' }));
    expect(one).not.toContain('6789');
  });

  it('when a key has characters outside the allowed set, then it is refused with a reason', () => {
    expect(idempotencyKeySchema.safeParse('abc def ghi').success).toBe(false);
    expect(idempotencyKeySchema.safeParse('sf-a0X5e000001-2026').success).toBe(true);
  });
});
