import express from 'express';
import type { ErrorRequestHandler } from 'express';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, starterEnvSchema } from './config';
import { creditPullRequestSchema } from './domain/credit';
import { smsRequestSchema } from './domain/message';
import { requireBearerToken } from './http/auth';
import { loanSyncRoutes } from './http/loan-sync-routes';
import { processRoutes } from './http/process-routes';
import { sendProblem } from './http/problem';

export interface StarterDeps {
  client: Client;
  taskQueue: string;
  apiToken: string;
  fingerprintKey: string;
  encompassSigningKey: string;
}

/** The HTTP front door Salesforce calls: authenticated, validated, one workflow per idempotency key. */
export function createApp(deps: StarterDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.use('/v1', requireBearerToken(deps.apiToken), express.json({ limit: '1mb' }));
  app.use(
    loanSyncRoutes({
      client: deps.client,
      taskQueue: deps.taskQueue,
      encompassSigningKey: deps.encompassSigningKey,
    }),
  );
  app.use(
    processRoutes(deps, {
      process: 'message-delivery',
      workflowType: 'messageDelivery',
      path: '/v1/messages/sms',
      body: smsRequestSchema,
    }),
  );
  app.use(
    processRoutes(deps, {
      process: 'credit-pull',
      workflowType: 'creditPull',
      path: '/v1/credit-pulls',
      body: creditPullRequestSchema,
    }),
  );
  app.use((_req, res) => sendProblem(res, 404, 'not-found', 'no such route'));
  app.use(errorHandler);
  return app;
}

const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  if ((err as { type?: string }).type === 'entity.parse.failed') {
    return sendProblem(res, 400, 'invalid-json', 'the request body is not valid JSON');
  }
  // The message can echo request data; log only its class so no PII reaches the logs.
  console.error(`[starter] unhandled ${(err as Error)?.name ?? 'error'}`);
  sendProblem(
    res,
    503,
    'temporarily-unavailable',
    'the orchestrator could not take the request; retry with the same Idempotency-Key',
  );
};

async function main(): Promise<void> {
  const config = loadConfig(starterEnvSchema, process.env);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const app = createApp({
    client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    apiToken: config.STARTER_API_TOKEN,
    fingerprintKey: config.REQUEST_FINGERPRINT_KEY,
    encompassSigningKey: config.ENCOMPASS_WEBHOOK_SIGNING_KEY,
  });
  const server = app.listen(config.STARTER_PORT, () =>
    console.log(`[starter] listening on http://localhost:${config.STARTER_PORT}`),
  );
  const shutdown = () => {
    server.close(() => void connection.close().then(() => process.exit(0)));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
