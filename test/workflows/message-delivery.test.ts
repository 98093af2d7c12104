import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { SmsRequest } from '../../src/domain/message';
import { FailureType } from '../../src/resilience/failure-types';
import { activitiesAgainst } from '../helpers/activities';
import { startTestSimulators } from '../helpers/simulators';
import type { TestSimulators } from '../helpers/simulators';
import { createTimeSkippingEnv, resetBreakers, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

const request: SmsRequest = {
  loanId: 'a0X5e000001AbCdEAK',
  to: '+14155550123',
  body: 'Your appraisal is scheduled.',
};

describe('messageDelivery workflow', () => {
  let env: TestWorkflowEnvironment;
  let sims: TestSimulators;

  beforeAll(async () => {
    [env, sims] = await Promise.all([createTimeSkippingEnv(), startTestSimulators()]);
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), sims?.stop()]);
  });
  // One task queue for the file: the breaker workflow runs there too, and is reset before each test.
  const taskQueue = uniqueTaskQueue('messages');
  beforeEach(async () => {
    await Promise.all([sims.control.reset(), resetBreakers(env.client)]);
  });

  async function deliver(): Promise<unknown> {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: activitiesAgainst(sims, { client: env.client, taskQueue, timeoutMs: 500 }),
    });
    return await worker.runUntil(
      env.client.workflow.execute('messageDelivery', {
        taskQueue,
        workflowId: uniqueTaskQueue('message-delivery:test'),
        args: [request],
      }),
    );
  }

  it('when the provider accepts the SMS, then the receipt names its message SID and one SMS is sent', async () => {
    const receipt = (await deliver()) as { providerMessageId: string };
    const sent = await sims.control.ledger({ system: 'twilio', kind: 'sms.sent' });
    expect(sent).toHaveLength(1);
    expect(receipt.providerMessageId).toBe(sent[0]!.data.sid);
  });

  it('when the provider answers 503 twice, then the activity retries and one SMS is sent', async () => {
    await sims.control.setFault('twilio', { mode: 'status', status: 503, times: 2 });
    await deliver();
    expect(await sims.control.requests('twilio')).toHaveLength(3);
    expect(await sims.control.ledger({ kind: 'sms.sent' })).toHaveLength(1);
  });

  it('when the provider commits the SMS but the answer never arrives, then it fails as OutcomeUnknown without a second SMS', async () => {
    await sims.control.setFault('twilio', { mode: 'commit-then-hang', times: 1 });
    const failure = await deliver().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause?.cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(FailureType.OutcomeUnknown);
    expect(await sims.control.ledger({ kind: 'sms.sent' })).toHaveLength(1);
    expect(await sims.control.requests('twilio')).toHaveLength(1);
  });

  it('when the provider stays down, then delivery fails as IntegrationUnavailable after its attempts and no SMS exists', async () => {
    await sims.control.setFault('twilio', { mode: 'down' });
    const failure = (await deliver().catch((err: unknown) => err)) as WorkflowFailedError;
    const cause = failure.cause?.cause as ApplicationFailure;
    expect(cause.type).toBe(FailureType.IntegrationUnavailable);
    expect(cause.message).toContain('ECONNREFUSED');
    expect(await sims.control.ledger({ kind: 'sms.sent' })).toHaveLength(0);
  });
});
