import { simControl } from '../../../sim/control-client';
import type { SimControl } from '../../../sim/control-client';
import { startSimulators } from '../../../sim/harness';
import type { SimulatorHandle } from '../../../sim/harness';
import { BUREAU_SYSTEMS } from '../../../sim/systems/bureaus';
import { borrowerKeyOf, creditFileFor } from '../../../sim/systems/bureaus/credit-file';
import type { Subject } from '../../../sim/systems/bureaus/credit-file';
import { EQUIFAX_SIM_CREDENTIALS } from '../../../sim/systems/bureaus/equifax';
import { EXPERIAN_SIM_CREDENTIALS } from '../../../sim/systems/bureaus/experian';
import { TRANSUNION_SIM_CREDENTIALS } from '../../../sim/systems/bureaus/transunion';
import type { BureauName, PullType } from '../../../src/domain/credit';

const MARIA: Subject = { firstName: 'Maria', lastName: 'Lopez', ssn: '666234567', dateOfBirth: '1984-07-19' };
const DANIEL: Subject = {
  firstName: 'Daniel',
  lastName: 'Lopez',
  ssn: '666123456',
  dateOfBirth: '1982-02-03',
};
const ADDRESS = { line1: '1200 Market St', city: 'San Francisco', state: 'CA', zip: '94102' };

/** How a test speaks one bureau's wire format, written from the vendor's side, not with our clients. */
interface WireDriver {
  bureau: BureauName;
  reportsPath: string;
  authorization(baseUrl: string): Promise<string>;
  order(reference: string, pullType: PullType, subjects: Subject[]): unknown;
  lookUpPath(reference: string): string;
  reissuePath(reportId: string): string;
  reportIdOf(report: unknown): string;
  scoresOf(report: unknown): number[];
}

interface Answer {
  status: number;
  body: unknown;
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const mmddyyyy = (iso: string) => `${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(0, 4)}`;

const experian: WireDriver = {
  bureau: 'experian',
  reportsPath: '/consumerservices/credit-profile/v2/credit-report',
  async authorization(baseUrl) {
    const c = EXPERIAN_SIM_CREDENTIALS;
    const answer = await send(`${baseUrl}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', client_id: c.clientId, client_secret: c.clientSecret },
      body: JSON.stringify({ username: c.username, password: c.password }),
    });
    return `Bearer ${(answer.body as { access_token: string }).access_token}`;
  },
  order(reference, pullType, [primary, secondary]) {
    const applicant = (s: Subject) => ({
      name: { firstName: s.firstName, lastName: s.lastName },
      dob: { dob: mmddyyyy(s.dateOfBirth) },
      ssn: { ssn: s.ssn },
      currentAddress: {
        line1: ADDRESS.line1,
        city: ADDRESS.city,
        state: ADDRESS.state,
        zipCode: ADDRESS.zip,
      },
    });
    return {
      consumerPii: {
        primaryApplicant: applicant(primary!),
        secondaryApplicant: secondary && applicant(secondary),
      },
      requestor: { subscriberCode: EXPERIAN_SIM_CREDENTIALS.subscriberCode },
      permissiblePurpose: { type: '08', softInquiry: pullType === 'soft' ? 'Y' : 'N' },
      clientReferenceId: reference,
    };
  },
  lookUpPath: (reference) => `${experian.reportsPath}?clientReferenceId=${reference}`,
  reissuePath: (reportId) => `${experian.reportsPath}/${reportId}`,
  reportIdOf: (report) => (report as { reportId: string }).reportId,
  scoresOf: (report) =>
    (report as { creditProfile: { riskModel: { score: string }[] }[] }).creditProfile.map((p) =>
      Number(p.riskModel[0]!.score),
    ),
};

const equifax: WireDriver = {
  bureau: 'equifax',
  reportsPath: '/business/mortgage-credit/v1/reports',
  async authorization(baseUrl) {
    const c = EQUIFAX_SIM_CREDENTIALS;
    const answer = await send(`${baseUrl}/v2/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic(c.clientId, c.clientSecret) },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'https://api.equifax.com/business/mortgage-credit/v1',
      }),
    });
    return `Bearer ${(answer.body as { access_token: string }).access_token}`;
  },
  order: (reference, pullType, subjects) => ({
    consumers: subjects.map((s) => ({
      name: [{ identifier: 'current', firstName: s.firstName, lastName: s.lastName }],
      socialNum: [{ identifier: 'current', number: s.ssn }],
      dateOfBirth: mmddyyyy(s.dateOfBirth),
      addresses: [{ identifier: 'current', houseNumber: '1200', streetName: 'Market St', ...ADDRESS }],
    })),
    customerReferenceIdentifier: reference,
    customerConfiguration: {
      equifaxUSConsumerCreditReport: {
        memberNumber: EQUIFAX_SIM_CREDENTIALS.memberNumber,
        securityCode: EQUIFAX_SIM_CREDENTIALS.securityCode,
        inquiryType: pullType === 'soft' ? 'SOFT' : 'HARD',
        endUserInformation: { endUsersName: 'INFLOOENS MORTGAGE', permissiblePurposeCode: '01' },
      },
    },
  }),
  lookUpPath: (reference) => `${equifax.reportsPath}?customerReferenceIdentifier=${reference}`,
  reissuePath: (reportId) => `${equifax.reportsPath}/${reportId}`,
  reportIdOf: (report) => (report as { reportIdentifier: string }).reportIdentifier,
  scoresOf: (report) =>
    (
      report as { consumers: { equifaxUSConsumerCreditReport: { models: { score: number }[] }[] } }
    ).consumers.equifaxUSConsumerCreditReport.map((c) => c.models[0]!.score),
};

const transunion: WireDriver = {
  bureau: 'transunion',
  reportsPath: '/tu4/credit-reports',
  authorization: async () =>
    basic(TRANSUNION_SIM_CREDENTIALS.systemId, TRANSUNION_SIM_CREDENTIALS.systemPassword),
  order(reference, pullType, subjects) {
    const c = TRANSUNION_SIM_CREDENTIALS;
    return {
      document: 'request',
      transactionControl: {
        userRefNumber: reference,
        subscriber: {
          industryCode: c.industryCode,
          memberCode: c.memberCode,
          inquirySubscriberPrefixCode: c.inquirySubscriberPrefixCode,
          password: c.subscriberPassword,
        },
      },
      product: {
        code: pullType === 'soft' ? '07030' : '07000',
        permissiblePurpose: { code: 'CT' },
        subject: subjects.map((s, i) => ({
          number: String(i + 1),
          subjectRecord: {
            indicative: {
              name: { person: { first: s.firstName, last: s.lastName } },
              address: [
                {
                  status: 'current',
                  street: { unparsed: ADDRESS.line1 },
                  location: { city: ADDRESS.city, state: ADDRESS.state, zipCode: ADDRESS.zip },
                },
              ],
              socialSecurity: { number: s.ssn },
              dateOfBirth: s.dateOfBirth,
            },
          },
        })),
      },
    };
  },
  lookUpPath: (reference) => `${transunion.reportsPath}?userRefNumber=${reference}`,
  reissuePath: (reportId) => `${transunion.reportsPath}/${reportId}`,
  reportIdOf: (report) =>
    (report as { transactionControl: { tracking: { identifier: string } } }).transactionControl.tracking
      .identifier,
  scoresOf: (report) =>
    (
      report as {
        product: {
          subject: { subjectRecord: { addOnProduct: { scoreModel: { score: { results: string } } }[] } }[];
        };
      }
    ).product.subject.map((s) => Number(s.subjectRecord.addOnProduct[0]!.scoreModel.score.results)),
};

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe.each([experian, equifax, transunion])('$bureau simulator', (wire) => {
  let sims: SimulatorHandle;
  let control: SimControl;
  let baseUrl: string;
  let authorization: string;

  beforeAll(async () => {
    sims = await startSimulators({ systems: BUREAU_SYSTEMS });
    control = simControl(sims.controlUrl);
    baseUrl = sims.urls[wire.bureau]!;
    authorization = await wire.authorization(baseUrl);
  });
  afterAll(async () => sims?.stop());
  beforeEach(async () => control.reset());

  async function submit(reference: string, pullType: PullType = 'hard', subjects = [MARIA]): Promise<Answer> {
    return await send(`${baseUrl}${wire.reportsPath}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(wire.order(reference, pullType, subjects)),
    });
  }
  const get = async (path: string) => await send(`${baseUrl}${path}`, { headers: { authorization } });
  const inquiriesOf = async (subject: Subject) =>
    await control.system(wire.bureau).get(`/inquiries/${borrowerKeyOf(subject.ssn)}`);

  it('when a hard order is submitted, then one hard inquiry is recorded under a key that is not the SSN', async () => {
    const answer = await submit('req-1');
    expect(answer.status).toBeLessThan(300);
    expect(wire.scoresOf(answer.body)).toEqual([creditFileFor(MARIA.ssn, wire.bureau).score]);
    expect(await inquiriesOf(MARIA)).toEqual({ borrowerKey: borrowerKeyOf(MARIA.ssn), hard: 1, soft: 0 });
    const ledger = await control.ledger({ system: wire.bureau });
    expect(ledger).toEqual([
      expect.objectContaining({
        kind: 'bureau.inquiry.hard',
        key: borrowerKeyOf(MARIA.ssn),
        data: { bureau: wire.bureau, reportId: wire.reportIdOf(answer.body), reference: 'req-1' },
      }),
    ]);
    expect(JSON.stringify(ledger)).not.toContain(MARIA.ssn);
  });

  it('when a joint order is submitted, then each borrower has one hard inquiry', async () => {
    const answer = await submit('req-joint', 'hard', [MARIA, DANIEL]);
    expect(wire.scoresOf(answer.body)).toHaveLength(2);
    expect(await inquiriesOf(MARIA)).toMatchObject({ hard: 1 });
    expect(await inquiriesOf(DANIEL)).toMatchObject({ hard: 1 });
  });

  it('when a report is reissued, then the same report comes back and no inquiry is made', async () => {
    const ordered = await submit('req-1');
    const reportId = wire.reportIdOf(ordered.body);
    const reissued = await get(wire.reissuePath(reportId));
    expect(reissued.status).toBe(200);
    expect(reissued.body).toEqual(ordered.body);
    expect(await inquiriesOf(MARIA)).toMatchObject({ hard: 1, soft: 0 });
    expect(await control.ledger({ kind: 'bureau.report.reissued' })).toEqual([
      expect.objectContaining({ key: reportId, data: { bureau: wire.bureau, reportId, reference: 'req-1' } }),
    ]);
  });

  it('when a reference is looked up, then the report ordered under it comes back without an inquiry', async () => {
    const ordered = await submit('req-1');
    const found = await get(wire.lookUpPath('req-1'));
    expect(found.status).toBe(200);
    expect(wire.reportIdOf(found.body)).toBe(wire.reportIdOf(ordered.body));
    expect(await control.ledger({ system: wire.bureau })).toHaveLength(1);
  });

  it('when an unknown reference or report is asked for, then the bureau answers 404 in its own error shape', async () => {
    for (const path of [wire.lookUpPath('never-ordered'), wire.reissuePath('NOSUCHREPORT')]) {
      const answer = await get(path);
      expect(answer.status).toBe(404);
      expect(JSON.stringify(answer.body)).toMatch(/errors|efxErrorCode|"error"/);
    }
  });

  it('when an order is repeated under the same reference, then the bureau pulls again and the file shows it', async () => {
    const first = await submit('req-1');
    const second = await submit('req-1');
    expect(wire.reportIdOf(second.body)).not.toBe(wire.reportIdOf(first.body));
    expect(await inquiriesOf(MARIA)).toMatchObject({ hard: 2 });
    // The first pull now sits on the file as an inquiry and costs points.
    expect(wire.scoresOf(second.body)[0]).toBeLessThan(wire.scoresOf(first.body)[0]!);
    const found = await get(wire.lookUpPath('req-1'));
    expect(wire.reportIdOf(found.body)).toBe(wire.reportIdOf(second.body));
  });

  it('when the answer to a Submit is lost after it committed, then its report is findable by reference', async () => {
    await control.setFault(wire.bureau, { mode: 'commit-then-hang', times: 1 });
    await expect(
      fetch(`${baseUrl}${wire.reportsPath}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(wire.order('req-lost', 'hard', [MARIA])),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    const found = await get(wire.lookUpPath('req-lost'));
    expect(found.status).toBe(200);
    expect(await inquiriesOf(MARIA)).toMatchObject({ hard: 1 });
    expect(await control.ledger({ kind: 'bureau.inquiry.hard' })).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ reportId: wire.reportIdOf(found.body) }) }),
    ]);
  });

  it('when a soft order is submitted, then it is counted as a soft inquiry', async () => {
    await submit('req-soft', 'soft');
    expect(await inquiriesOf(MARIA)).toMatchObject({ hard: 0, soft: 1 });
    expect(await control.ledger({ kind: 'bureau.inquiry.soft', key: borrowerKeyOf(MARIA.ssn) })).toHaveLength(
      1,
    );
    expect(await control.ledger({ kind: 'bureau.inquiry.hard' })).toHaveLength(0);
  });

  it('when an order arrives without valid credentials, then it is refused with 401 and no inquiry', async () => {
    const answer = await send(`${baseUrl}${wire.reportsPath}`, {
      method: 'POST',
      headers: { authorization: 'Bearer forged', 'content-type': 'application/json' },
      body: JSON.stringify(wire.order('req-1', 'hard', [MARIA])),
    });
    expect(answer.status).toBe(401);
    expect(await control.ledger()).toHaveLength(0);
  });

  it('when an order is malformed, then it is refused with 400 naming fields, not PII', async () => {
    const order = wire.order('req-1', 'hard', [{ ...MARIA, ssn: '66623456' }]);
    const answer = await send(`${baseUrl}${wire.reportsPath}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toContain('66623456');
    expect(await control.ledger()).toHaveLength(0);
  });

  it('when the reports are listed, then each names its reference and borrower keys and no SSN', async () => {
    const ordered = await submit('req-1', 'hard', [MARIA, DANIEL]);
    const reports = await control.system(wire.bureau).get('/reports');
    expect(reports).toEqual([
      expect.objectContaining({
        reportId: wire.reportIdOf(ordered.body),
        reference: 'req-1',
        pullType: 'hard',
        borrowerKeys: [borrowerKeyOf(MARIA.ssn), borrowerKeyOf(DANIEL.ssn)],
      }),
    ]);
    expect(JSON.stringify(reports)).not.toContain(MARIA.ssn);
  });
});

describe('credit files', () => {
  it('when the same borrower is generated twice, then the file is the same', () => {
    expect(creditFileFor(MARIA.ssn, 'equifax')).toEqual(creditFileFor(MARIA.ssn, 'equifax'));
  });

  it('when the three bureaus hold a borrower, then they share the tradelines', () => {
    const [ex, eq, tu] = (['experian', 'equifax', 'transunion'] as const).map((b) =>
      creditFileFor(MARIA.ssn, b),
    );
    expect(eq!.tradelines).toEqual(ex!.tradelines);
    expect(tu!.tradelines).toEqual(ex!.tradelines);
  });

  it('when borrower keys are derived, then they end in the last four digits and differ per SSN', () => {
    expect(borrowerKeyOf(MARIA.ssn)).toMatch(/^4567-[0-9a-f]{12}$/);
    expect(borrowerKeyOf('666-23-4567')).toBe(borrowerKeyOf(MARIA.ssn));
    expect(borrowerKeyOf('777234567')).not.toBe(borrowerKeyOf(MARIA.ssn));
  });
});
