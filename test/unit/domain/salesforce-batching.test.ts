import { externalIdOf, groupByWriter, PendingWrites } from '../../../src/domain/salesforce-batching';
import type { SalesforceWrite } from '../../../src/domain/salesforce-writes';

const loan = (
  id: string,
  fields: Record<string, string | number | null> = {},
  priority: SalesforceWrite['priority'] = 'urgent',
): SalesforceWrite => ({
  sobject: 'Loan__c',
  externalIdField: 'Encompass_Loan_Id__c',
  record: { Encompass_Loan_Id__c: id, ...fields },
  priority,
});

describe('PendingWrites', () => {
  it('when two writes name the same external ID, then they merge into one record, later fields winning', () => {
    const pending = new PendingWrites();
    pending.add(loan('EL-1', { Status__c: 'Open', Loan_Amount__c: 100 }));
    pending.add(loan('EL-1', { Status__c: 'Approved', Rate__c: 6.5 }));
    expect(pending.take(200)).toEqual([
      {
        externalId: 'EL-1',
        priority: 'urgent',
        record: { Encompass_Loan_Id__c: 'EL-1', Status__c: 'Approved', Loan_Amount__c: 100, Rate__c: 6.5 },
      },
    ]);
    expect(pending.count()).toBe(0);
  });

  it('when a deferrable write meets an urgent one for the same ID, then the record is urgent', () => {
    const pending = new PendingWrites();
    pending.add(loan('EL-1', {}, 'deferrable'));
    pending.add(loan('EL-1', {}, 'urgent'));
    pending.add(loan('EL-1', {}, 'deferrable'));
    expect(pending.count('urgent')).toBe(1);
    expect(pending.count('deferrable')).toBe(0);
  });

  it('when urgent records are taken, then deferrable ones stay in order', () => {
    const pending = new PendingWrites();
    ['EL-1', 'EL-2', 'EL-3', 'EL-4'].forEach((id, i) =>
      pending.add(loan(id, {}, i % 2 === 0 ? 'deferrable' : 'urgent')),
    );
    expect(pending.take(200, true).map((r) => r.externalId)).toEqual(['EL-2', 'EL-4']);
    expect(pending.take(1).map((r) => r.externalId)).toEqual(['EL-1']);
    expect(pending.toJSON().map((r) => r.externalId)).toEqual(['EL-3']);
  });

  it('when a batch is restored, then it goes first and newer writes to its IDs win', () => {
    const pending = new PendingWrites();
    pending.add(loan('EL-1', { Status__c: 'Open', Loan_Amount__c: 100 }));
    pending.add(loan('EL-2'));
    const batch = pending.take(1);
    pending.add(loan('EL-3'));
    pending.add(loan('EL-1', { Status__c: 'Closed' }));
    pending.restore(batch);
    expect(pending.toJSON()).toEqual([
      {
        externalId: 'EL-1',
        priority: 'urgent',
        record: { Encompass_Loan_Id__c: 'EL-1', Status__c: 'Closed', Loan_Amount__c: 100 },
      },
      expect.objectContaining({ externalId: 'EL-2' }),
      expect.objectContaining({ externalId: 'EL-3' }),
    ]);
  });

  it('when 450 records are pending, then they leave as batches of 200, 200 and 50', () => {
    const pending = new PendingWrites();
    for (let i = 0; i < 450; i++) pending.add(loan(`EL-${i}`));
    expect([pending.take(200), pending.take(200), pending.take(200)].map((b) => b.length)).toEqual([
      200, 200, 50,
    ]);
  });

  it('when its records cross continue-as-new as JSON, then the copy holds the same records', () => {
    const pending = new PendingWrites();
    pending.add(loan('EL-1', {}, 'deferrable'));
    pending.add(loan('EL-2', {}, 'urgent'));
    const copy = new PendingWrites(JSON.parse(JSON.stringify(pending.toJSON())));
    expect(copy.toJSON()).toEqual(pending.toJSON());
    expect(copy.count('urgent')).toBe(1);
  });

  it('when a write has no external ID, then it is refused', () => {
    expect(() => new PendingWrites().add(loan(''))).toThrow(RangeError);
    expect(externalIdOf(loan(''))).toBeUndefined();
  });
});

describe('groupByWriter', () => {
  it('when writes name two sObjects and two external ID fields, then each pair is one group in order', () => {
    const task: SalesforceWrite = {
      sobject: 'Task',
      externalIdField: 'Inflooens_Key__c',
      record: { Inflooens_Key__c: 't-1' },
      priority: 'deferrable',
    };
    const byReference: SalesforceWrite = { ...loan('x'), externalIdField: 'Inflooens_Reference__c' };
    const groups = groupByWriter([loan('EL-1'), task, byReference, loan('EL-2')]);
    expect(groups.map((g) => [g.sobject, g.externalIdField, g.writes.length])).toEqual([
      ['Loan__c', 'Encompass_Loan_Id__c', 2],
      ['Task', 'Inflooens_Key__c', 1],
      ['Loan__c', 'Inflooens_Reference__c', 1],
    ]);
  });
});
