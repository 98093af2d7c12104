import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createIntegrationClients } from '../../src/clients';
import type { TwilioClient } from '../../src/clients/twilio-client';
import { createBreakerGate, isBreakerOpenError } from '../../src/resilience/breaker-gate';
import type { BreakerGate } from '../../src/resilience/breaker-gate';
import type { BreakerPolicy } from '../../src/resilience/breaker-state';
import { breakerStateQuery, breakerWorkflowId } from '../../src/workflows/breaker-messages';
import { activitiesAgainst, configAgainst } from '../helpers/activities';
import { startTestSimulators } from '../helpers/simulators';
import type { TestSimulators } from '../helpers/simulators';
import { createTimeSkippingEnv, resetBreakers, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

const policy: BreakerPolicy = {
  consecutiveFailures: 3,
  failureRate: 0.5,
  minimumCalls: 50,
  windowMs: 60_000,
  coolDownMs: 30_000,
  maxCoolDownMs: 120_000,
};

describe('durable circuit breaker', () => {
  let env: TestWorkflowEnvironment;
  let sims: TestSimulators;
  let twilio: TwilioClient;
  const taskQueue = uniqueTaskQueue('breaker');

  beforeAll(async () => {
    [env, sims] = await Promise.all([createTimeSkippingEnv(), startTestSimulators()]);
    twilio = createIntegrationClients(configAgainst(sims, { timeoutMs: 500 })).twilio;
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), sims?.stop()]);
  });
  beforeEach(async () => {
    await Promise.all([sims.control.reset(), resetBreakers(env.client)]);
  });

  const newWorker = async ({ sticky = true } = {}) =>
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      ...(sticky ? {} : { maxCachedWorkflows: 0 }),
      activities: activitiesAgainst(sims, {
        client: env.client,
        taskQueue,
        timeoutMs: 500,
        breaker: { policies: { sms: policy } },
      }),
    });
  const newGate = () =>
    createBreakerGate({ client: env.client, taskQueue, policies: { sms: policy }, flushMs: 10 });
  const breakerView = async () =>
    await env.client.workflow.getHandle(breakerWorkflowId('sms')).query(breakerStateQuery);
  const sendThrough = (gate: BreakerGate) =>
    gate.run('sms', () => twilio.sendSms('+14155550123', 'Docs are ready.'));

  async function tripBreaker(gate: BreakerGate): Promise<void> {
    await sims.control.setFault('twilio', { mode: 'down' });
    for (let i = 0; i < policy.consecutiveFailures; i++) await sendThrough(gate).catch(() => undefined);
    await gate.close();
    for (let i = 0; i < 50 && (await breakerView().catch(() => undefined))?.status !== 'open'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('when failures pass the threshold, then it opens and later calls fail fast without reaching the provider', async () => {
    const worker = await newWorker();
    await worker.runUntil(async () => {
      const gate = newGate();
      await tripBreaker(gate);
      expect(await breakerView()).toMatchObject({ status: 'open', consecutiveFailures: 3 });
      const description = await env.client.workflow.getHandle(breakerWorkflowId('sms')).describe();
      expect(description.searchAttributes.BreakerState).toEqual(['open']);

      await sims.control.clearFault('twilio');
      const before = (await sims.control.requests('twilio')).length;
      const err = await sendThrough(newGate()).catch((e: unknown) => e);
      expect(isBreakerOpenError(err)).toBe(true);
      expect((await sims.control.requests('twilio')).length).toBe(before);
    });
  });

  it('when the cool-down passes and the probe succeeds, then it closes and a waiting message goes out once', async () => {
    const worker = await newWorker();
    await worker.runUntil(async () => {
      await tripBreaker(newGate());
      const message = await env.client.workflow.start('messageDelivery', {
        taskQueue,
        workflowId: uniqueTaskQueue('message-delivery:waiting'),
        args: [{ loanId: 'a0X5e000001AbCdEAK', to: '+14155550177', body: 'Your loan was approved.' }],
      });
      for (let i = 0; i < 50 && (await breakerView()).waitingWorkflows === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect((await breakerView()).waitingWorkflows).toBe(1);
      expect(await sims.control.ledger({ kind: 'sms.sent' })).toHaveLength(0);

      await sims.control.clearFault('twilio');
      await message.result();
      expect(await breakerView()).toMatchObject({
        status: 'closed',
        consecutiveFailures: 0,
        waitingWorkflows: 0,
      });
      expect(await sims.control.ledger({ kind: 'sms.sent', key: '+14155550177' })).toHaveLength(1);
    });
  });

  it('when the probe fails, then it stays open with a doubled cool-down', async () => {
    const worker = await newWorker();
    await worker.runUntil(async () => {
      await tripBreaker(newGate());
      await env.sleep('31 seconds');
      expect(await breakerView()).toMatchObject({ status: 'open', coolDownMs: 60_000 });
    });
  });

  it('when the worker that saw it open is replaced, then the new worker sees the same open breaker', async () => {
    // The Java test server never falls back from a dead worker's sticky queue (a real cluster does after
    // 5 s), so the first worker keeps no sticky cache: its successor must be able to answer the query.
    const first = await newWorker({ sticky: false });
    await first.runUntil(async () => tripBreaker(newGate()));
    await sims.control.clearFault('twilio');
    const before = (await sims.control.requests('twilio')).length;

    const second = await newWorker();
    const err = await second.runUntil(async () => await sendThrough(newGate()).catch((e: unknown) => e));
    expect(isBreakerOpenError(err)).toBe(true);
    expect((await sims.control.requests('twilio')).length).toBe(before);
  });
});
