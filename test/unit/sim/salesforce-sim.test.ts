import { simControl } from '../../../sim/control-client';
import type { SimControl } from '../../../sim/control-client';
import { startSimulators } from '../../../sim/harness';
import type { SimulatorHandle } from '../../../sim/harness';
import {
  SALESFORCE_SIM_CLIENT_ID,
  SALESFORCE_SIM_CLIENT_SECRET,
  salesforceSim,
} from '../../../sim/systems/salesforce';

const DATA = '/services/data/v62.0';

interface Answer {
  status: number;
  limitInfo: string | null;
  body: unknown;
}

type SaveResult = { id?: string; success: boolean; created?: boolean; errors: { statusCode: string }[] };
type QueryPage = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: { Id: string }[] };

describe('Salesforce simulator', () => {
  let sims: SimulatorHandle;
  let control: SimControl;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    sims = await startSimulators({ systems: [salesforceSim] });
    control = simControl(sims.controlUrl);
    baseUrl = sims.urls.salesforce!;
  });
  afterAll(async () => {
    await sims?.stop();
  });
  beforeEach(async () => {
    await control.reset();
    token = ((await (await requestToken()).json()) as { access_token: string }).access_token;
  });

  const salesforce = () => control.system('salesforce');

  async function requestToken(secret = SALESFORCE_SIM_CLIENT_SECRET): Promise<Response> {
    return await fetch(`${baseUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: SALESFORCE_SIM_CLIENT_ID,
        client_secret: secret,
      }),
    });
  }

  async function api(method: string, path: string, body?: unknown, bearer = token): Promise<Answer> {
    const response = await fetch(`${baseUrl}${path.startsWith('/services/') ? '' : DATA}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      limitInfo: response.headers.get('sforce-limit-info'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  const soql = (q: string) => api('GET', `/query?q=${encodeURIComponent(q)}`);

  async function seedLoans(records: Record<string, unknown>[]): Promise<string[]> {
    return ((await salesforce().post('/records/Loan__c', { records })) as { ids: string[] }).ids;
  }

  describe('OAuth', () => {
    it('when the connected app presents its client credentials, then it gets a bearer token for the sim itself', async () => {
      const body = (await (await requestToken()).json()) as Record<string, string>;
      expect(body).toMatchObject({ token_type: 'Bearer', instance_url: baseUrl });
      expect(body.id).toMatch(new RegExp(`^${baseUrl}/id/00D\\w{15}/005\\w{15}$`));
      expect(body.signature).toEqual(expect.any(String));
      expect(Number(body.issued_at)).toBeGreaterThan(0);
    });

    it('when the client secret is wrong, then it answers 400 invalid_client', async () => {
      const response = await requestToken('wrong');
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_client',
        error_description: 'invalid client credentials',
      });
    });

    it('when a call carries an unknown token, then it answers 401 INVALID_SESSION_ID and spends no budget', async () => {
      const answer = await api('GET', '/limits', undefined, 'not-a-token');
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
      expect(await salesforce().get('/api-usage')).toEqual({ used: 0, max: 100_000 });
    });
  });

  describe('sObjects', () => {
    it('when a record is created, then it has an 18-character Id with its key prefix and system dates', async () => {
      const created = await api('POST', '/sobjects/Account', { Name: 'Acme Mortgage' });
      expect(created.status).toBe(201);
      const { id } = created.body as { id: string };
      expect(id).toMatch(/^001[A-Za-z0-9]{15}$/);
      const read = await api('GET', `/sobjects/Account/${id}`);
      expect(read.body).toMatchObject({
        attributes: { type: 'Account', url: `${DATA}/sobjects/Account/${id}` },
        Id: id,
        Name: 'Acme Mortgage',
        LastModifiedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
      });
      const ledger = await control.ledger({ system: 'salesforce', kind: 'salesforce.record.created' });
      expect(ledger).toEqual([
        expect.objectContaining({ key: id, data: { sobject: 'Account', fields: { Name: 'Acme Mortgage' } } }),
      ]);
    });

    it('when upserting by external ID twice, then the first creates (201) and the second updates (200) the same record', async () => {
      const path = '/sobjects/Loan__c/Encompass_Loan_Id__c/EL-1001';
      const first = await api('PATCH', path, { Loan_Amount__c: 350_000 });
      const second = await api('PATCH', path, { Loan_Amount__c: 360_000 });
      expect(first).toMatchObject({ status: 201, body: { success: true, created: true, errors: [] } });
      expect(second).toMatchObject({ status: 200, body: { success: true, created: false } });
      const id = (first.body as { id: string }).id;
      expect((second.body as { id: string }).id).toBe(id);
      expect((await control.ledger({ key: id })).map((e) => e.kind)).toEqual([
        'salesforce.record.created',
        'salesforce.record.updated',
      ]);
    });

    it('when upserting by a field that is not an external ID, then it answers 404 NOT_FOUND', async () => {
      const answer = await api('PATCH', '/sobjects/Loan__c/Name/x', { Loan_Amount__c: 1 });
      expect(answer.status).toBe(404);
      expect((answer.body as { errorCode: string }[])[0]!.errorCode).toBe('NOT_FOUND');
    });
  });

  describe('SOQL', () => {
    it('when the result is larger than the page size, then queryMore serves the rest through nextRecordsUrl', async () => {
      await seedLoans(Array.from({ length: 5 }, (_, i) => ({ Name: `L-${i}` })));
      await salesforce().post('/query-page-size', { pageSize: 2 });
      const pages: QueryPage[] = [];
      let answer = await soql('SELECT Id, Name FROM Loan__c');
      for (;;) {
        expect(answer.status).toBe(200);
        const page = answer.body as QueryPage;
        pages.push(page);
        if (page.done) break;
        expect(page.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w{15}-\d+$/);
        answer = await api('GET', page.nextRecordsUrl!);
      }
      expect(pages.map((p) => [p.totalSize, p.done, p.records.length])).toEqual([
        [5, false, 2],
        [5, false, 2],
        [5, true, 1],
      ]);
      expect(new Set(pages.flatMap((p) => p.records.map((r) => r.Id))).size).toBe(5);
    });

    it('when the query filters, sorts and limits, then only the matching records come back in order', async () => {
      const [, second, third] = await seedLoans([
        { Stage__c: 'Closed', LastModifiedDate: '2023-12-31T23:00:00.000+0000', Amount__c: 100 },
        {
          Stage__c: 'Processing',
          LastModifiedDate: '2024-02-01T00:00:00.000+0000',
          Amount__c: 300,
          Locked__c: false,
        },
        {
          Stage__c: 'underwriting',
          LastModifiedDate: '2024-03-01T00:00:00.000+0000',
          Amount__c: 200,
          Locked__c: false,
        },
        { Stage__c: 'Processing', LastModifiedDate: '2024-04-01T00:00:00.000+0000', Locked__c: false },
        {
          Stage__c: 'Processing',
          LastModifiedDate: '2024-05-01T00:00:00.000+0000',
          Amount__c: 50,
          Locked__c: true,
        },
      ]);
      const answer = await soql(
        "SELECT Id, Amount__c FROM Loan__c WHERE Stage__c IN ('processing', 'Underwriting') AND LastModifiedDate > 2024-01-01T00:00:00Z AND Amount__c != null AND Locked__c = false ORDER BY Amount__c DESC LIMIT 5",
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        totalSize: 2,
        done: true,
        records: [
          {
            attributes: { type: 'Loan__c', url: `${DATA}/sobjects/Loan__c/${second}` },
            Id: second,
            Amount__c: 300,
          },
          {
            attributes: { type: 'Loan__c', url: `${DATA}/sobjects/Loan__c/${third}` },
            Id: third,
            Amount__c: 200,
          },
        ],
      });
    });

    it('when the query is malformed, then it answers 400 MALFORMED_QUERY', async () => {
      const answer = await soql('SELECT Id FRM Loan__c');
      expect(answer.status).toBe(400);
      expect((answer.body as { errorCode: string }[])[0]!.errorCode).toBe('MALFORMED_QUERY');
    });
  });

  describe('sObject Collections', () => {
    beforeEach(async () => {
      await salesforce().post('/validation-rules', {
        sobject: 'Loan__c',
        field: 'Loan_Amount__c',
        rejectValue: -1,
        message: 'Loan amount must be positive',
      });
    });

    const loans = (amounts: number[]) => ({
      records: amounts.map((amount, i) => ({
        attributes: { type: 'Loan__c' },
        Encompass_Loan_Id__c: `EL-${i}`,
        Loan_Amount__c: amount,
      })),
    });

    it('when allOrNone is set and one record fails, then nothing is written and the others report the rollback', async () => {
      const answer = await api('POST', '/composite/sobjects', { allOrNone: true, ...loans([100, -1, 300]) });
      expect(answer.status).toBe(200);
      const results = answer.body as SaveResult[];
      expect(results.map((r) => [r.success, r.errors[0]?.statusCode])).toEqual([
        [false, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
        [false, 'FIELD_CUSTOM_VALIDATION_EXCEPTION'],
        [false, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
      ]);
      expect(await salesforce().get('/records/Loan__c')).toEqual([]);
      expect(await control.ledger({ system: 'salesforce' })).toEqual([]);
    });

    it('when allOrNone is off and one record fails, then the others are written', async () => {
      const answer = await api('PATCH', '/composite/sobjects/Loan__c/Encompass_Loan_Id__c', {
        allOrNone: false,
        ...loans([100, -1, 300]),
      });
      const results = answer.body as SaveResult[];
      expect(results.map((r) => [r.success, r.created ?? null])).toEqual([
        [true, true],
        [false, null],
        [true, true],
      ]);
      expect(await salesforce().get('/records/Loan__c')).toHaveLength(2);
      expect(await control.ledger({ kind: 'salesforce.record.created' })).toHaveLength(2);
    });

    it('when a call carries more than 200 records, then it answers 400 EXCEEDED_ID_LIMIT and writes nothing', async () => {
      const answer = await api('POST', '/composite/sobjects', loans(Array.from({ length: 201 }, () => 1)));
      expect(answer.status).toBe(400);
      expect((answer.body as { errorCode: string }[])[0]!.errorCode).toBe('EXCEEDED_ID_LIMIT');
      expect(await salesforce().get('/records/Loan__c')).toEqual([]);
    });

    it('when records are updated and retrieved by Id, then the retrieve shows the new values and null for unknown Ids', async () => {
      const [id] = await seedLoans([{ Loan_Amount__c: 1 }]);
      const updated = await api('PATCH', '/composite/sobjects', {
        records: [{ attributes: { type: 'Loan__c' }, id, Loan_Amount__c: 2 }],
      });
      expect((updated.body as SaveResult[])[0]).toMatchObject({ id, success: true });
      const read = await api(
        'GET',
        `/composite/sobjects/Loan__c?ids=${id},a005e0000009999AAA&fields=Loan_Amount__c`,
      );
      expect(read.body).toEqual([expect.objectContaining({ Loan_Amount__c: 2 }), null]);
    });
  });

  describe('composite', () => {
    it('when a later sub-request refers to an earlier one, then the reference resolves', async () => {
      const answer = await api('POST', '/composite', {
        compositeRequest: [
          { method: 'POST', url: `${DATA}/sobjects/Account`, referenceId: 'lender', body: { Name: 'Acme' } },
          { method: 'GET', url: `${DATA}/sobjects/Account/@{lender.id}`, referenceId: 'readBack' },
        ],
      });
      const [created, read] = (
        answer.body as { compositeResponse: { httpStatusCode: number; body: { id?: string; Id?: string } }[] }
      ).compositeResponse;
      expect(created!.httpStatusCode).toBe(201);
      expect(read).toMatchObject({ httpStatusCode: 200, body: { Id: created!.body.id } });
    });

    it('when allOrNone is set and a sub-request fails, then earlier writes are rolled back', async () => {
      const answer = await api('POST', '/composite', {
        allOrNone: true,
        compositeRequest: [
          { method: 'POST', url: `${DATA}/sobjects/Account`, referenceId: 'lender', body: { Name: 'Acme' } },
          { method: 'POST', url: `${DATA}/sobjects/Account`, referenceId: 'bad', body: { Id: 'x' } },
        ],
      });
      const codes = (
        answer.body as { compositeResponse: { body: { errorCode: string }[] }[] }
      ).compositeResponse.map((r) => r.body[0]!.errorCode);
      expect(codes).toEqual(['PROCESSING_HALTED', 'INVALID_FIELD_FOR_INSERT_UPDATE']);
      expect(await salesforce().get('/records/Account')).toEqual([]);
    });
  });

  describe('daily API request budget', () => {
    it('when calls are made, then every answer carries Sforce-Limit-Info counting them and /limits agrees', async () => {
      await salesforce().post('/api-usage', { max: 50, used: 10 });
      const first = await api('GET', '/limits');
      const second = await api('GET', '/sobjects/Account/0015e0000000000AAA');
      expect(first.limitInfo).toBe('api-usage=11/50');
      expect(first.body).toEqual({ DailyApiRequests: { Max: 50, Remaining: 39 } });
      expect(second).toMatchObject({ status: 404, limitInfo: 'api-usage=12/50' });
    });

    it('when the budget is spent, then calls answer 403 REQUEST_LIMIT_EXCEEDED until a new day', async () => {
      await salesforce().post('/api-usage', { max: 3, used: 2 });
      expect((await api('GET', '/limits')).status).toBe(200);
      const refused = await api('GET', '/limits');
      expect(refused).toEqual({
        status: 403,
        limitInfo: 'api-usage=3/3',
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
      });
      expect((await requestToken()).status).toBe(200);
      await salesforce().post('/api-usage/reset');
      expect((await api('GET', '/limits')).status).toBe(200);
    });
  });
});
