import express from 'express';
import { startSimulators } from '../../../sim/harness';
import type { SimulatorHandle } from '../../../sim/harness';
import { simControl } from '../../../sim/control-client';
import { callIntegration, parseIntegrationResponse, parseRetryAfter } from '../../../src/clients/http';
import { isPermanentIntegrationError, isTransientIntegrationError } from '../../../src/resilience/errors';
import type { TransientIntegrationError } from '../../../src/resilience/errors';
import { z } from 'zod';

/** A bare echo system: enough to exercise the client boundary against every harness fault. */
const echoSim = () => {
  const api = express.Router();
  api.get('/ping', (_req, res) => void res.json({ pong: true }));
  api.get('/teapot', (_req, res) => void res.status(418).json({ error: 'teapot' }));
  return { name: 'echo', api, reset() {} };
};

describe('callIntegration', () => {
  let sims: SimulatorHandle;
  let control: ReturnType<typeof simControl>;
  const ping = (timeoutMs = 500) =>
    callIntegration('luna', { method: 'GET', url: `${sims.urls.echo}/ping`, timeoutMs });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (err: unknown) => err,
    );

  beforeAll(async () => {
    sims = await startSimulators({ systems: [echoSim] });
    control = simControl(sims.controlUrl);
  });
  afterAll(async () => sims.stop());
  beforeEach(async () => control.reset());

  it('when the system answers 2xx, then the parsed body is returned', async () => {
    expect((await ping()).body).toEqual({ pong: true });
  });

  it.each([500, 502, 503, 504, 408])(
    'when the system answers %i, then the error is transient',
    async (status) => {
      await control.setFault('echo', { mode: 'status', status, times: 1 });
      const err = await failure(ping());
      expect(isTransientIntegrationError(err)).toBe(true);
      expect((err as TransientIntegrationError).options.status).toBe(status);
    },
  );

  it('when the system answers 429 with Retry-After, then the error is rate-limited and carries the delay', async () => {
    await control.setFault('echo', { mode: 'rate-limit', retryAfterSeconds: 7, times: 1 });
    const err = (await failure(ping())) as TransientIntegrationError;
    expect(err.rateLimited).toBe(true);
    expect(err.options.retryAfterMs).toBe(7_000);
  });

  it('when the system answers another 4xx, then the error is permanent', async () => {
    const err = await failure(
      callIntegration('luna', { method: 'GET', url: `${sims.urls.echo}/teapot`, timeoutMs: 500 }),
    );
    expect(isPermanentIntegrationError(err)).toBe(true);
  });

  it('when the system is down, then the error is a transient connection refusal that never reached it', async () => {
    await control.setFault('echo', { mode: 'down' });
    const err = (await failure(ping())) as TransientIntegrationError;
    expect(err.reason).toBe('connection-refused');
    expect(err.notDelivered).toBe(true);
  });

  it('when the system hangs, then the call times out at its own deadline', async () => {
    await control.setFault('echo', { mode: 'hang', times: 1 });
    const began = Date.now();
    const err = (await failure(ping(300))) as TransientIntegrationError;
    expect(err.reason).toBe('timeout');
    expect(err.notDelivered).toBe(false);
    expect(Date.now() - began).toBeLessThan(2_000);
  });

  it('when the response breaks the contract, then parsing names the field', () => {
    expect(() =>
      parseIntegrationResponse('luna', z.object({ score: z.number() }), { score: 'high' }),
    ).toThrow(/score/);
  });

  it('when Retry-After is an HTTP date, then it becomes the delay until that date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
