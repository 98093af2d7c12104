import type { Fault } from './faults';
import type { LedgerEntry } from './ledger';
import type { RequestRecord } from './harness';

/** Typed access to the simulators' control API, for tests, benchmarks and operators' scripts. */
export function simControl(controlUrl: string) {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${controlUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`simulator control ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : await response.json();
  }
  return {
    setFault: async (system: string, fault: Fault) =>
      void (await call('PUT', `/systems/${system}/fault`, fault)),
    clearFault: async (system: string) => void (await call('DELETE', `/systems/${system}/fault`)),
    ledger: async (filter: { system?: string; kind?: string; key?: string } = {}) =>
      (await call(
        'GET',
        `/ledger?${new URLSearchParams(filter as Record<string, string>)}`,
      )) as LedgerEntry[],
    requests: async (system: string) => (await call('GET', `/systems/${system}/requests`)) as RequestRecord[],
    reset: async () => void (await call('POST', '/reset')),
    /** A system's own control routes (seed data, trigger webhooks). */
    system: (system: string) => ({
      post: async (path: string, body?: unknown) =>
        await call('POST', `/systems/${system}${path}`, body ?? {}),
      get: async (path: string) => await call('GET', `/systems/${system}${path}`),
    }),
  };
}

export type SimControl = ReturnType<typeof simControl>;
