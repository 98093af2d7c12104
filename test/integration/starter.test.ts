import request from 'supertest';
import { startStarterStage, STARTER_TEST_TOKEN } from '../helpers/starter-stage';
import type { StarterStage } from '../helpers/starter-stage';

const API_TOKEN = STARTER_TEST_TOKEN;
const sms = { loanId: 'a0X5e000001AbCdEAK', to: '+14155550123', body: 'Your rate lock expires Friday.' };

describe('starter on the dev server', () => {
  let stage: StarterStage;
  let env: StarterStage['env'];
  let sims: StarterStage['sims'];
  let app: StarterStage['app'];

  beforeAll(async () => {
    stage = await startStarterStage('starter');
    ({ env, sims, app } = stage);
  });
  afterAll(async () => stage?.stop());

  const post = (key: string | undefined, body: object) => {
    const req = request(app).post('/v1/messages/sms').set('Authorization', `Bearer ${API_TOKEN}`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  async function waitForCompletion(location: string): Promise<request.Response> {
    for (let i = 0; i < 100; i++) {
      const res = await request(app).get(location).set('Authorization', `Bearer ${API_TOKEN}`);
      if (res.body.status !== 'running') return res;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${location} still running`);
  }

  it('when an authenticated request arrives, then the workflow ID is its key and the result is readable', async () => {
    const created = await post('sms-key-0001', sms).expect(202);
    expect(created.headers.location).toBe('/v1/messages/sms/sms-key-0001');
    expect(created.body.workflowId).toBe('message-delivery:sms-key-0001');
    const done = await waitForCompletion(created.headers.location!);
    expect(done.body).toMatchObject({ status: 'completed', result: { channel: 'sms' } });
    const described = await env.client.workflow.getHandle('message-delivery:sms-key-0001').describe();
    expect(described.status.name).toBe('COMPLETED');
  });

  it('when the same request is sent twice, then one workflow runs, one SMS is sent and both get the same answer', async () => {
    const borrower = { ...sms, to: '+14155550199' };
    const first = await post('sms-key-0002', borrower).expect(202);
    const second = await post('sms-key-0002', borrower).expect(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.workflowId).toBe(first.body.workflowId);
    const done = await waitForCompletion(first.headers.location!);
    const afterCompletion = await post('sms-key-0002', borrower).expect(202);
    expect(afterCompletion.body.workflowId).toBe(first.body.workflowId);
    const sent = await sims.control.ledger({ kind: 'sms.sent', key: borrower.to });
    expect(sent.map((e) => e.data.sid)).toEqual([done.body.result.providerMessageId]);
  });

  it('when the same key comes with a different body, then it is refused with 422 and says why', async () => {
    await post('sms-key-0003', sms).expect(202);
    const refused = await post('sms-key-0003', { ...sms, body: 'Different text' }).expect(422);
    expect(refused.body.detail).toContain('already used for a different message-delivery request');
  });

  it('when the Idempotency-Key is missing, then it is a 400 that names the header', async () => {
    const res = await post(undefined, sms).expect(400);
    expect(res.body.detail).toContain('Idempotency-Key');
  });

  it('when the body is invalid, then it is a 400 listing each bad field and nothing starts', async () => {
    const res = await post('sms-key-0004', { ...sms, to: '555-0100' }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    await expect(env.client.workflow.getHandle('message-delivery:sms-key-0004').describe()).rejects.toThrow();
  });

  it('when the bearer token is wrong, then it is a 401', async () => {
    await request(app).post('/v1/messages/sms').set('Authorization', 'Bearer wrong').send(sms).expect(401);
  });

  it('when the workflow ran, then it is findable by LoanId and Process search attributes', async () => {
    await post('sms-key-0005', sms).expect(202);
    const query = `LoanId = "${sms.loanId}" AND Process = "message-delivery" AND WorkflowId = "message-delivery:sms-key-0005"`;
    let found: string[] = [];
    for (let i = 0; i < 50 && found.length === 0; i++) {
      found = [];
      for await (const wf of env.client.workflow.list({ query })) found.push(wf.workflowId);
      if (found.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toEqual(['message-delivery:sms-key-0005']);
  });
});
