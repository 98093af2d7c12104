import { linkedLoansPageSoql } from '../../../src/activities/loan-reconciliation';
import { loadConfig, workerEnvSchema } from '../../../src/config';
import { workerEnvForSimulators } from '../../../sim/dev-env';

const urls = Object.fromEntries(
  ['salesforce', 'encompass', 'experian', 'equifax', 'transunion', 'twilio'].map((name) => [
    name,
    `http://127.0.0.1:1/${name}`,
  ]),
);

describe('the reconciliation page query', () => {
  it('when there is no cursor, then it selects the mapped fields of linked loans only, in Id order, one page', () => {
    const soql = linkedLoansPageSoql(undefined, 500);
    expect(soql).toMatch(
      /^SELECT Id, Encompass_Loan_Id__c, Loan_Number__c, .*, LastModifiedDate FROM Loan__c /,
    );
    expect(soql).toMatch(/ WHERE Encompass_Loan_Id__c != null ORDER BY Id LIMIT 500$/);
  });

  it('when a cursor is given, then the page starts after that record Id', () => {
    expect(linkedLoansPageSoql('a005e000000000AAAA', 200)).toContain(
      "WHERE Encompass_Loan_Id__c != null AND Id > 'a005e000000000AAAA' ORDER BY Id LIMIT 200",
    );
  });

  it('when the cursor is not a record Id or the page is out of range, then no query is built', () => {
    expect(() => linkedLoansPageSoql("a005e0000' OR Id != '", 200)).toThrow(RangeError);
    expect(() => linkedLoansPageSoql(undefined, 2001)).toThrow(RangeError);
  });
});

describe('the reconciliation schedule configuration', () => {
  const env = workerEnvForSimulators(urls);

  it('when nothing is set, then it runs at 2 AM New York time', () => {
    expect(loadConfig(workerEnvSchema, env)).toMatchObject({
      RECONCILIATION_CRON: '0 2 * * *',
      RECONCILIATION_TIMEZONE: 'America/New_York',
    });
  });

  it('when the cron or the time zone is malformed, then start-up stops naming the variable', () => {
    expect(() => loadConfig(workerEnvSchema, { ...env, RECONCILIATION_CRON: '0 2 * *' })).toThrow(
      /RECONCILIATION_CRON/,
    );
    expect(() => loadConfig(workerEnvSchema, { ...env, RECONCILIATION_TIMEZONE: 'Mars/Olympus' })).toThrow(
      /RECONCILIATION_TIMEZONE/,
    );
    expect(loadConfig(workerEnvSchema, { ...env, RECONCILIATION_TIMEZONE: 'America/Chicago' })).toMatchObject(
      {
        RECONCILIATION_TIMEZONE: 'America/Chicago',
      },
    );
  });
});
