import request from 'supertest';
import { startStarterStage, STARTER_TEST_TOKEN } from '../helpers/starter-stage';
import type { StarterStage } from '../helpers/starter-stage';
import { creditPullBody, TEST_SSN } from '../fixtures/credit';

const API_TOKEN = STARTER_TEST_TOKEN;
const LOAN_ID = 'a0X5e000001AbCdEAK';

describe('credit pulls through the starter on the dev server', () => {
  let stage: StarterStage;
  let sims: StarterStage['sims'];
  let app: StarterStage['app'];

  beforeAll(async () => {
    stage = await startStarterStage('credit-pull-starter');
    ({ sims, app } = stage);
  });
  afterAll(async () => stage?.stop());

  const post = (key: string, body: object) =>
    request(app)
      .post('/v1/credit-pulls')
      .set('Authorization', `Bearer ${API_TOKEN}`)
      .set('Idempotency-Key', key)
      .send(body);
  const get = (location: string) => request(app).get(location).set('Authorization', `Bearer ${API_TOKEN}`);

  async function waitForCompletion(location: string): Promise<request.Response> {
    for (let i = 0; i < 200; i++) {
      const res = await get(location);
      if (res.body.status !== 'running') return res;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${location} still running`);
  }

  it('when 50 identical requests arrive at once, then one workflow runs, one hard pull is made and all get its answer', async () => {
    const body = creditPullBody(LOAN_ID);
    const answers = await Promise.all(Array.from({ length: 50 }, () => post('credit-key-0001', body)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    expect(new Set(answers.map((a) => a.body.workflowId))).toEqual(new Set(['credit-pull:credit-key-0001']));
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'false')).toHaveLength(1);

    const done = await waitForCompletion('/v1/credit-pulls/credit-key-0001');
    expect(done.body).toMatchObject({
      status: 'completed',
      result: { bureau: 'experian', pullType: 'hard' },
    });
    const again = await post('credit-key-0001', body).expect(202);
    expect(again.headers['idempotent-replayed']).toBe('true');

    const hard = await sims.control.ledger({ kind: 'bureau.inquiry.hard' });
    expect(hard).toHaveLength(1);
    expect(hard[0]!.data.reportId).toBe(done.body.result.reportId);
  });

  it('when the same key comes with a different body, then it is refused with 422', async () => {
    await post('credit-key-0002', creditPullBody(LOAN_ID)).expect(202);
    const refused = await post('credit-key-0002', creditPullBody(LOAN_ID, { pullType: 'soft' })).expect(422);
    expect(refused.body.detail).toContain('already used for a different credit-pull request');
    expect(JSON.stringify(refused.body)).not.toContain(TEST_SSN);
  });

  it('when the pull is done, then GET returns the score summary and nothing that identifies the borrower', async () => {
    const created = await post('credit-key-0003', creditPullBody(LOAN_ID)).expect(202);
    expect(created.headers.location).toBe('/v1/credit-pulls/credit-key-0003');
    const done = await waitForCompletion(created.headers.location!);
    expect(done.body).toMatchObject({
      id: 'credit-key-0003',
      process: 'credit-pull',
      status: 'completed',
      result: {
        bureau: 'experian',
        reference: expect.stringMatching(/^INF[0-9A-Z]{17}$/),
        scores: [{ role: 'borrower', model: 'FICO Score 2', value: expect.any(Number) }],
      },
    });
    const text = JSON.stringify(done.body);
    for (const secret of [TEST_SSN, '1985-12-10', 'Lovelace', 'tradelines'])
      expect(text).not.toContain(secret);
  });

  it('when the body is invalid, then it is a 400 naming the field, without echoing the SSN', async () => {
    const body = creditPullBody(LOAN_ID, { permissiblePurpose: 'curiosity' });
    const res = await post('credit-key-0004', body).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'permissiblePurpose' })]);
    expect(JSON.stringify(res.body)).not.toContain('123-45-6789');
  });
});
