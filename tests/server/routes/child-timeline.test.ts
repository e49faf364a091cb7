// The child timeline with the compute worker (as `npm start` runs): the service finds the child and
// audits the look-up, and the worker loads the dataset and reads the events, so a dataset not loaded
// yet is never read on the event loop (audit issue 12 item 5: 150-262 ms on 150,741 events). The
// answers, the 404s and the audit entries are those the service gives on its own.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDataset, startWorkerAndInProcess, type TestServer } from '../api/harness.js';

describe('child timeline from the compute worker', () => {
  const { csv, children } = makeDataset(80, 5);
  let withWorker: TestServer;
  let inProcess: TestServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ withWorker, inProcess, close } = await startWorkerAndInProcess('kent', csv));
  }, 60_000);
  afterAll(async () => close());

  const ask = (server: TestServer, dataset: string, childId: string) =>
    server.app.inject({ method: 'POST', url: `/api/datasets/${dataset}/child-timeline`, payload: { childId } });

  it('neither loads a cold dataset nor looks the child up on the request thread', async () => {
    // The look-up reads the dataset's children by pseudonym: on a million children 117-171 ms of the event loop
    // each (audit a12e B3), so the worker does it.
    const load = vi.spyOn(withWorker.store, 'loadDataset');
    const lookup = vi.spyOn(withWorker.store, 'childIndex');
    try {
      const res = await ask(withWorker, 'kent', children[2]!.id);
      expect(res.statusCode).toBe(200);
      expect(res.json().events.length).toBeGreaterThan(0);
      expect((await ask(withWorker, 'kent', 'NOBODY-1')).statusCode).toBe(404);
      expect(load).not.toHaveBeenCalled();
      expect(lookup).not.toHaveBeenCalled();
    } finally {
      load.mockRestore();
      lookup.mockRestore();
    }
  });

  it('answers and audits exactly as the service does on its own', async () => {
    const asked: [string, string][] = [
      ...children.slice(0, 12).map((c) => ['kent', c.id] as [string, string]),
      ['kent', ` ${children[7]!.id} `],
      ['kent', 'NOBODY-123'],
      ['nope', children[0]!.id],
    ];
    for (const [dataset, childId] of asked) {
      const [a, b] = [await ask(withWorker, dataset, childId), await ask(inProcess, dataset, childId)];
      expect(a.statusCode, childId).toBe(b.statusCode);
      expect(a.body, childId).toBe(b.body);
      // each server keys pseudonyms with its own key: the entry names the child by its own server's
      const entry = (server: TestServer) => {
        const e = server.app.auditLog.list({ limit: 1 })[0]!;
        expect(e.detail?.child).toBe(server.store.pseudonymOf(childId));
        return { ...e, id: 0, at: '', detail: { ...e.detail, child: '' } };
      };
      expect(entry(withWorker), childId).toEqual(entry(inProcess));
    }
  });
});
