// Shared set-up of the API tests: a fresh temp-file store and app per test file, and a small seeded
// events dataset written both as records (for the core functions) and as CSV (for the upload).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../../server/app.js';
import { openStore, type Store } from '../../../server/db/store.js';
import { emptyChildAttributes, type ChildAttributes } from '../../../core/children.js';
import { dayFromCivil, formatDay } from '../../../core/dates.js';
import type { EventRecord, EventTable } from '../../../core/event-table.js';
import { SEX_CODES, type EventType } from '../../../core/events.js';
import { seededRandom as random } from '../../../core/random.js';

export const MAPS_DIR = fileURLToPath(new URL('../../../maps/', import.meta.url));

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  dir: string;
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<Omit<AppOptions, 'store'>> = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'journeys-api-'));
  const store = openStore(join(dir, 'test.db'));
  let app: FastifyInstance;
  try {
    app = await buildApp({ store, mapsDir: MAPS_DIR, clientDir: join(dir, 'no-client'), ...options });
  } catch (error) {
    store.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    app,
    store,
    dir,
    async close() {
      await app.close();
      store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Every route `app` registers, as `METHOD /path/:param` (HEAD left out: Fastify adds one for each GET), read from
 * printRoutes, which draws a tree, each line a segment under the one 4 characters less indented.
 */
export function registeredRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    if (match[3]) for (const method of match[3].split(', ')) if (method !== 'HEAD') routes.push({ method, path });
  }
  return routes;
}

/** A test server holding dataset `name` (the CSV uploaded). */
export async function startTestServerWith(name: string, csv: string, options: Partial<Omit<AppOptions, 'store'>> = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  const res = await uploadCsv(server.app, name, csv);
  if (res.statusCode !== 201) throw new Error(`upload of "${name}": ${res.statusCode} ${res.body}`);
  return server;
}

/**
 * Two servers holding dataset `name` (the CSV uploaded to each): one with the compute worker (as `npm start`
 * runs), one answering everything itself, for tests that compare their answers.
 */
export async function startWorkerAndInProcess(name: string, csv: string): Promise<{ withWorker: TestServer; inProcess: TestServer; close(): Promise<void> }> {
  const withWorker = await startTestServerWith(name, csv, { computeWorker: true });
  const inProcess = await startTestServerWith(name, csv);
  const close = async () => void (await Promise.all([withWorker.close(), inProcess.close()]));
  return { withWorker, inProcess, close };
}

export interface TestChild {
  id: string;
  dob: number;
  sex: (typeof SEX_CODES)[number];
}

export interface TestDataset {
  records: EventRecord[];
  children: TestChild[];
  csv: string;
}


/**
 * `childCount` children, each with one to three front-door episodes between 2022 and 2024: contact,
 * then referral, assessment, and sometimes strategy → s47 → ICPC → CP plan, ending NFA or closed.
 */
export function makeDataset(childCount = 60, seed = 7): TestDataset {
  const rnd = random(seed);
  const records: EventRecord[] = [];
  const children: TestChild[] = [];
  const add = (child: string, type: EventType, day: number, outcome: string | null = null) =>
    records.push({ child, type, day, outcome });
  for (let c = 0; c < childCount; c++) {
    const id = `C${String(c).padStart(4, '0')}`;
    children.push({ id, dob: dayFromCivil(2008 + Math.floor(rnd() * 15), 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)), sex: SEX_CODES[Math.floor(rnd() * 3)]! });
    let day = dayFromCivil(2022, 1, 1) + Math.floor(rnd() * 500);
    const episodes = 1 + Math.floor(rnd() * 3);
    for (let e = 0; e < episodes; e++) {
      const referred = rnd() < 0.7;
      add(id, 'contact', day, referred ? 'referral' : 'nfa');
      if (!referred) {
        day += 30 + Math.floor(rnd() * 300);
        continue;
      }
      day += Math.floor(rnd() * 3);
      const nfaAtReferral = rnd() < 0.15;
      add(id, 'referral', day, nfaAtReferral ? 'nfa' : null);
      if (!nfaAtReferral) {
        day += 1 + Math.floor(rnd() * 5);
        add(id, 'assessment_start', day);
        if (rnd() < 0.35) {
          add(id, 'strategy_discussion', day + 1);
          add(id, 's47_start', day + 2);
          day += 2 + Math.floor(rnd() * 20);
          if (rnd() < 0.5) {
            add(id, 'icpc', day, 'cp_plan');
            add(id, 'cp_plan_start', day);
            day += 60 + Math.floor(rnd() * 300);
            add(id, 'cp_plan_end', day);
          } else {
            add(id, 's47_end', day, 'nfa');
          }
        }
        day += 10 + Math.floor(rnd() * 60);
        add(id, 'assessment_end', day, rnd() < 0.5 ? 'nfa' : 'cin');
      }
      day += 1;
      add(id, 'case_closed', day, 'RC8');
      day += 20 + Math.floor(rnd() * 400);
    }
  }
  return { records, children, csv: toCsv(records, children) };
}

/** The records as an events CSV; child attributes on each child's first row. */
export function toCsv(records: readonly EventRecord[], children: readonly TestChild[]): string {
  const byId = new Map(children.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const lines = ['child_id,event,date,outcome,dob,sex'];
  for (const r of records) {
    const child = byId.get(r.child);
    const first = child !== undefined && !seen.has(r.child);
    seen.add(r.child);
    lines.push([r.child, r.type, formatDay(r.day), r.outcome ?? '', first ? formatDay(child.dob) : '', first ? child.sex : ''].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Child attributes aligned with `table.childIds`, as an importer should build them. */
export function childAttributesFor(table: EventTable, children: readonly TestChild[]): ChildAttributes {
  const attributes = emptyChildAttributes(table.childIds.length);
  const byId = new Map(children.map((c) => [c.id, c]));
  table.childIds.forEach((id, i) => {
    const child = byId.get(id);
    if (!child) return;
    attributes.dob[i] = child.dob;
    attributes.sex[i] = SEX_CODES.indexOf(child.sex) + 1;
  });
  return attributes;
}

export function uploadCsv(app: FastifyInstance, name: string, csv: string, query = '') {
  return app.inject({ method: 'POST', url: `/api/datasets/${name}${query}`, headers: { 'content-type': 'text/csv' }, payload: csv });
}

/**
 * Adds a user with `role` and returns the headers that sign requests in as them. Add users after the
 * uploads: once a server has a user, an upload needs an admin.
 */
export async function userHeaders(app: FastifyInstance, name: string, role: 'viewer' | 'analyst' | 'admin', password = 'correct horse battery staple'): Promise<Record<string, string>> {
  await app.accounts.add(name, role, password);
  return { authorization: `Bearer ${app.accounts.issueToken(name)}` };
}

export interface ViewerTestServer extends TestServer {
  /** headers of a viewer ('vic') and an analyst ('ana'), added after the uploads */
  viewer: Record<string, string>;
  analyst: Record<string, string>;
}

/**
 * A test server holding `datasets` (name → CSV, uploaded in order; each upload must answer 201, else the
 * set-up throws with the name and the status), then a viewer and an analyst to ask it as.
 */
/**
 * Two servers holding the same datasets: one publishing through disclosure control, one started with exact counts,
 * and a signed-in viewer's headers on the first (made after the uploads: with a user, an upload needs an admin).
 * The differencing attacks read what the viewer is shown beside the truth.
 */
export async function startSafeAndExact(datasets: ReadonlyArray<readonly [string, string]>): Promise<{ safe: TestServer; exact: TestServer; viewer: Record<string, string>; close(): Promise<void> }> {
  const safe = await startTestServer();
  const exact = await startTestServer({ exactCounts: true });
  const close = async () => {
    await safe.close();
    await exact.close();
  };
  try {
    for (const [name, csv] of datasets) {
      for (const s of [safe, exact]) {
        const { statusCode } = await uploadCsv(s.app, name, csv);
        if (statusCode !== 201) throw new Error(`upload of '${name}' answered ${statusCode}, not 201`);
      }
    }
    return { safe, exact, viewer: await userHeaders(safe.app, 'vic', 'viewer'), close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function startViewerServer(datasets: Readonly<Record<string, string>>): Promise<ViewerTestServer> {
  const server = await startTestServer();
  try {
    for (const [name, csv] of Object.entries(datasets)) {
      const { statusCode } = await uploadCsv(server.app, name, csv);
      if (statusCode !== 201) throw new Error(`upload of '${name}' answered ${statusCode}, not 201`);
    }
    const viewer = await userHeaders(server.app, 'vic', 'viewer');
    const analyst = await userHeaders(server.app, 'ana', 'analyst');
    return { ...server, viewer, analyst };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** A multipart/form-data body of (field, file name, bytes) parts. */
export function multipart(parts: readonly [field: string, fileName: string, bytes: Buffer][]): { body: Buffer; contentType: string } {
  const boundary = '----journeys-test-boundary';
  const chunks: Buffer[] = [];
  for (const [field, fileName, bytes] of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`), bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Watches the event loop with a 2 ms timer; `stop()` gives the longest it went without running it (the
 * longest stall a request in between would have met), counting up to the moment it is stopped.
 */
export function watchEventLoop(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 2);
  return {
    stop() {
      clearInterval(probe);
      return Math.max(longest, performance.now() - last);
    },
  };
}

/** A log stream for startTestServer's logger that keeps every line written to it in `lines`. */
export function logCapture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, lines };
}

/**
 * A viewer's answer to `url` and the exact answer for the same window: a viewer's views answer for the financial
 * year holding the window's end (server/routes/dataset-window.ts), so the truth is asked for the window the
 * viewer's answer names (its `window`), the other parameters as in `url`.
 */
/** `url` asking for the window a viewer's `answer` was given (its `window`), the other parameters as they were. */
export function sameWindow(url: string, answer: { window?: { from: string; to: string } }): string {
  if (!answer.window) return url;
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.set('from', answer.window.from);
  params.set('to', answer.window.to);
  return `${path}?${params.toString()}`;
}

export async function viewerAndTruth(safe: TestServer, exact: TestServer, viewer: Record<string, string>, url: string): Promise<{ seen: any; truth: any }> {
  const v = await safe.app.inject({ method: 'GET', url, headers: viewer });
  if (v.statusCode !== 200) throw new Error(`${url} answered a viewer ${v.statusCode}: ${v.body.slice(0, 200)}`);
  const seen = v.json();
  const x = await exact.app.inject({ method: 'GET', url: sameWindow(url, seen) });
  if (x.statusCode !== 200) throw new Error(`${sameWindow(url, seen)} answered the exact server ${x.statusCode}: ${x.body.slice(0, 200)}`);
  return { seen, truth: x.json() };
}

/**
 * A marker saved on `dataset` (as `headers`, an analyst's where the server has users), its id: a viewer's impact view
 * is of a saved marker with the page's 26 weeks (server/routes/views/impact.ts).
 */
export async function savedMarker(server: TestServer, dataset: string, date: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await server.app.inject({ method: 'POST', url: `/api/datasets/${dataset}/markers`, headers, payload: { date, label: `marker ${date}`, kind: 'other' } });
  if (res.statusCode !== 201) throw new Error(`saving a marker on ${dataset} at ${date} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
  return (res.json() as { id: number }).id;
}
