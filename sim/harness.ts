import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultSlot, faultSchema } from './faults';
import type { Fault } from './faults';
import { Ledger } from './ledger';

export interface SimContext {
  readonly ledger: Ledger;
}

/** A fake external system: the vendor's wire format on its own port, plus control routes for tests. */
export interface SimulatedSystem {
  readonly name: string;
  /** Routes as the vendor serves them, mounted at the root of the system's port. */
  readonly api: express.Router;
  /** Extra control routes (seed data, trigger webhooks), mounted at `/systems/<name>/` on the control port. */
  readonly control?: express.Router;
  /** Forget all state: called by the control API's reset. */
  reset(): void;
}

export type SystemFactory = (ctx: SimContext) => SimulatedSystem;

export interface RequestRecord {
  at: string;
  method: string;
  path: string;
}

export interface StartSimulatorsOptions {
  systems: readonly SystemFactory[];
  host?: string;
  /** When set, system i listens on `firstPort + i` (stable URLs for `npm start`); else on free ports. */
  firstPort?: number;
  controlPort?: number;
}

export interface SimulatorHandle {
  readonly controlUrl: string;
  /** Base URL of each system by name. */
  readonly urls: Readonly<Record<string, string>>;
  readonly ledger: Ledger;
  stop(): Promise<void>;
}

interface Running {
  system: SimulatedSystem;
  app: express.Express;
  server: Server | undefined;
  port: number;
  fault: FaultSlot;
  requests: RequestRecord[];
}

/**
 * Starts every simulated system on its own loopback port (so "down" is a real connection refused) and a
 * control API that injects faults and reports what each system received and committed.
 */
export async function startSimulators(options: StartSimulatorsOptions): Promise<SimulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  const ledger = new Ledger();
  const running = new Map<string, Running>();

  for (const [index, factory] of options.systems.entries()) {
    const system = factory({ ledger });
    const entry: Running = {
      system,
      app: express(),
      server: undefined,
      port: options.firstPort === undefined ? 0 : options.firstPort + index,
      fault: new FaultSlot(),
      requests: [],
    };
    entry.app.disable('x-powered-by');
    entry.app.use((req, _res, next) => {
      entry.requests.push({ at: new Date().toISOString(), method: req.method, path: req.path });
      next();
    });
    entry.app.use(faultGate(entry.fault));
    entry.app.use(system.api);
    await listen(entry, host);
    running.set(system.name, entry);
  }

  const control = express();
  control.use(express.json());
  control.get('/systems', (_req, res) => {
    res.json(
      [...running.values()].map((r) => ({
        name: r.system.name,
        url: urlOf(host, r.port),
        fault: r.fault.current ?? null,
      })),
    );
  });
  control.put('/systems/:name/fault', async (req, res) => {
    const entry = running.get(req.params.name);
    if (!entry) return void res.status(404).json({ error: `no simulated system named ${req.params.name}` });
    const parsed = faultSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: parsed.error.message });
    await applyFault(entry, parsed.data, host);
    res.json({ name: entry.system.name, fault: parsed.data });
  });
  control.delete('/systems/:name/fault', async (req, res) => {
    const entry = running.get(req.params.name);
    if (!entry) return void res.status(404).json({ error: `no simulated system named ${req.params.name}` });
    entry.fault.clear();
    if (!entry.server) await listen(entry, host);
    res.status(204).end();
  });
  control.get('/systems/:name/requests', (req, res) => {
    const entry = running.get(req.params.name);
    if (!entry) return void res.status(404).json({ error: `no simulated system named ${req.params.name}` });
    res.json(entry.requests);
  });
  control.get('/ledger', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    res.json(ledger.list({ system: q.system, kind: q.kind, key: q.key }));
  });
  control.post('/reset', async (_req, res) => {
    ledger.clear();
    for (const entry of running.values()) {
      entry.fault.clear();
      entry.requests.length = 0;
      entry.system.reset();
      if (!entry.server) await listen(entry, host);
    }
    res.status(204).end();
  });
  for (const entry of running.values()) {
    if (entry.system.control) control.use(`/systems/${entry.system.name}`, entry.system.control);
  }

  const controlServer = await new Promise<Server>((resolve, reject) => {
    const server = control.listen(options.controlPort ?? 0, host, () => resolve(server));
    server.once('error', reject);
  });

  return {
    controlUrl: urlOf(host, (controlServer.address() as AddressInfo).port),
    urls: Object.fromEntries([...running].map(([name, r]) => [name, urlOf(host, r.port)])),
    ledger,
    async stop() {
      await Promise.all([...running.values()].map((r) => closeServer(r.server)));
      await closeServer(controlServer);
    },
  };
}

function faultGate(slot: FaultSlot): express.RequestHandler {
  return (req, res, next) => {
    const fault = slot.take({ method: req.method, path: req.path });
    if (!fault) return next();
    switch (fault.mode) {
      case 'down':
        return next();
      case 'latency':
        setTimeout(next, fault.ms);
        return;
      case 'status':
        res.status(fault.status).json(fault.body ?? { error: `simulated ${fault.status}` });
        return;
      case 'rate-limit':
        res
          .status(429)
          .set('Retry-After', String(fault.retryAfterSeconds))
          .json({ error: 'simulated rate limit' });
        return;
      case 'hang':
        return;
      case 'commit-then-hang':
        // The handler runs and commits its effect; its answer is swallowed and the socket left open.
        res.end = (() => res) as typeof res.end;
        return next();
    }
  };
}

async function applyFault(entry: Running, fault: Fault, host: string): Promise<void> {
  entry.fault.set(fault);
  if (fault.mode === 'down') {
    const server = entry.server;
    entry.server = undefined;
    await closeServer(server);
  } else if (!entry.server) {
    await listen(entry, host);
  }
}

async function listen(entry: Running, host: string): Promise<void> {
  entry.server = await new Promise<Server>((resolve, reject) => {
    const server = entry.app.listen(entry.port, host, () => resolve(server));
    server.once('error', reject);
  });
  entry.port = (entry.server.address() as AddressInfo).port;
}

async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

function urlOf(host: string, port: number): string {
  return `http://${host}:${port}`;
}
