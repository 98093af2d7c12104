import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { bureauOrderOf, CREDIT_REFERENCE_LENGTH, creditReferenceFor } from '../../../src/domain/credit-pull';
import { sha256 } from '../../../src/domain/sha256';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('credit pull domain', () => {
  it('when any string is hashed, then the workflow-safe SHA-256 equals node:crypto', () => {
    // Block boundaries (55, 56, 64 bytes) and multi-byte UTF-8 are where a hand-written SHA-256 goes wrong.
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000), 'é€😀'])
      expect(hex(sha256(text))).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(hex(sha256(text))).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
    );
  });

  it('when a reference is derived from a workflow ID, then it is short, stable and distinct per ID', () => {
    const reference = creditReferenceFor('credit-pull:key-0001');
    expect(reference).toHaveLength(CREDIT_REFERENCE_LENGTH);
    expect(reference).toMatch(/^INF[0-9A-HJKMNP-TV-Z]{17}$/);
    expect(creditReferenceFor('credit-pull:key-0001')).toBe(reference);
    const many = new Set(
      Array.from({ length: 10_000 }, (_, i) => creditReferenceFor(`credit-pull:key-${i}`)),
    );
    expect(many.size).toBe(10_000);
  });

  it('when a bureau order is configured, then only known bureaus, each once, are accepted', () => {
    expect(bureauOrderOf({})).toEqual(['experian', 'equifax', 'transunion']);
    expect(bureauOrderOf({ bureauOrder: ['equifax', 'experian'] })).toEqual(['equifax', 'experian']);
    expect(bureauOrderOf({ bureauOrder: [] })).toBeUndefined();
    expect(bureauOrderOf({ bureauOrder: ['equifax', 'equifax'] })).toBeUndefined();
    expect(bureauOrderOf({ bureauOrder: ['innovis' as never] })).toBeUndefined();
  });
});
