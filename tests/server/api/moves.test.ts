import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEventTable } from '../../../core/event-table.js';
import { buildMoves, type MoveColumns } from '../../../core/journeys.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { decodeMoves } from '../../../core/wire.js';
import { buildApp } from '../../../server/app.js';
import { MAPS_DIR, childAttributesFor, makeDataset, startTestServer, uploadCsv, type TestServer } from './harness.js';

const data = makeDataset(50, 5);

/** Moves as sortable tuples with the child's identifier, so child numbering does not matter. */
function tuples(moves: MoveColumns, childIds: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < moves.count; i++) {
    out.push([childIds[moves.child[i]!], moves.episode[i], moves.from[i], moves.to[i], moves.depart[i], moves.arrive[i], moves.cohort[i]].join(' '));
  }
  return out.sort();
}

function arrayBufferOf(body: Buffer): ArrayBuffer {
  const copy = new Uint8Array(body.byteLength);
  copy.set(body);
  return copy.buffer;
}

describe('GET /api/datasets/:name/moves', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'm', data.csv)).statusCode).toBe(201);
  });
  afterAll(async () => server.close());

  const get = (url: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'GET', url, headers });

  for (const mapId of ['front-door', 'small-council']) {
    it(`?map=${mapId} decodes to the moves buildMoves gives on the same events`, async () => {
      const res = await get(`/api/datasets/m/moves?map=${mapId}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      const { header, moves } = decodeMoves(arrayBufferOf(res.rawPayload));
      const map = parseMapDefinition(JSON.parse(await readFile(join(MAPS_DIR, `${mapId}.json`), 'utf8')));
      const table = buildEventTable(data.records);
      const expected = buildMoves(table, childAttributesFor(table, data.children), map);
      expect(expected.count).toBeGreaterThan(data.children.length);
      expect(header.mapId).toBe(mapId);
      expect(header.count).toBe(expected.count);
      expect(moves.originDay).toBe(expected.originDay);
      const served = server.store.loadDataset('m')!.table.childIds;
      expect(tuples(moves, served)).toEqual(tuples(expected, table.childIds));
    });
  }

  it('defaults to the front-door map', async () => {
    const res = await get('/api/datasets/m/moves');
    expect(res.statusCode).toBe(200);
    expect(decodeMoves(arrayBufferOf(res.rawPayload)).header.mapId).toBe('front-door');
  });

  it('sends a strong ETag and no-store (child-level data stays out of browser caches), answers If-None-Match with 304, and caches the payload', async () => {
    const first = await get('/api/datasets/m/moves?map=front-door');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers['cache-control']).toBe('no-store');
    const again = await get('/api/datasets/m/moves?map=front-door');
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.headers.etag).toBe(etag);
    expect(Buffer.compare(again.rawPayload, first.rawPayload)).toBe(0);
    const notModified = await get('/api/datasets/m/moves?map=front-door', { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    const stale = await get('/api/datasets/m/moves?map=front-door', { 'if-none-match': '"something-else"' });
    expect(stale.statusCode).toBe(200);
  });

  it('a replaced dataset gets new moves and a new ETag', async () => {
    const before = await get('/api/datasets/m/moves');
    expect((await uploadCsv(server.app, 'm', makeDataset(10, 3).csv)).statusCode).toBe(201);
    const after = await get('/api/datasets/m/moves', { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((await uploadCsv(server.app, 'm', data.csv)).statusCode).toBe(201);
  });

  it('is 404 for an unknown map or dataset, 400 for a malformed map id', async () => {
    const noMap = await get('/api/datasets/m/moves?map=underground');
    expect(noMap.statusCode).toBe(404);
    expect(noMap.json()).toEqual({ error: 'map "underground" not found' });
    const noData = await get('/api/datasets/nope/moves');
    expect(noData.statusCode).toBe(404);
    expect(noData.json()).toEqual({ error: 'dataset "nope" not found' });
    const bad = await get('/api/datasets/m/moves?map=Bad%20Id');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^query\.map: /);
  });
});

describe('moves cache and map edits', () => {
  it('recomputes when the map file changes, and reuses the stored moves when it does not', async () => {
    const mapsDir = await mkdtemp(join(tmpdir(), 'journeys-maps-'));
    await cp(MAPS_DIR, mapsDir, { recursive: true });
    const server = await startTestServer({ mapsDir });
    try {
      expect((await uploadCsv(server.app, 'm', data.csv)).statusCode).toBe(201);
      const first = await server.app.inject({ method: 'GET', url: '/api/datasets/m/moves' });
      expect(first.headers['x-cache']).toBe('miss');

      // A new app over the same database and unchanged maps finds the stored payload.
      const same = await buildApp({ store: server.store, mapsDir, clientDir: join(server.dir, 'none') });
      const reused = await same.inject({ method: 'GET', url: '/api/datasets/m/moves' });
      expect(reused.headers['x-cache']).toBe('hit');
      expect(reused.headers.etag).toBe(first.headers.etag);
      await same.close();

      const file = join(mapsDir, 'front-door.json');
      const edited = JSON.parse(await readFile(file, 'utf8'));
      edited.description = 'edited by a test';
      await writeFile(file, JSON.stringify(edited));
      const changed = await buildApp({ store: server.store, mapsDir, clientDir: join(server.dir, 'none') });
      const recomputed = await changed.inject({ method: 'GET', url: '/api/datasets/m/moves' });
      expect(recomputed.headers['x-cache']).toBe('miss');
      expect(recomputed.statusCode).toBe(200);
      await changed.close();
    } finally {
      await server.close();
      await rm(mapsDir, { recursive: true, force: true });
    }
  });
});
