import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { computeTracks } from '../../../core/tracks.js';
import { MAPS_DIR, startTestServer, type TestServer } from './harness.js';

describe('/api/maps', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('GET /api/maps lists every shipped map with its station count', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/maps' });
    expect(res.statusCode).toBe(200);
    const list = res.json() as { id: string; name: string; stations: number }[];
    expect(list.map((m) => m.id)).toEqual(['front-door', 'small-council']);
    const frontDoor = parseMapDefinition(JSON.parse(await readFile(join(MAPS_DIR, 'front-door.json'), 'utf8')));
    expect(list[0]).toEqual({ id: 'front-door', name: frontDoor.name, description: frontDoor.description, stations: frontDoor.stations.length });
  });

  it('GET /api/maps/:id returns the map and its computed tracks', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/maps/front-door' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    const map = parseMapDefinition(JSON.parse(await readFile(join(MAPS_DIR, 'front-door.json'), 'utf8')));
    const tracks = computeTracks(map);
    expect(body.map).toEqual(map);
    expect(body.tracks.stationIds).toEqual(tracks.stationIds);
    expect(body.tracks.offsets).toEqual(Array.from(tracks.offsets));
    expect(body.tracks.points).toEqual(Array.from(tracks.points));
    expect(body.tracks.lengths).toEqual(Array.from(tracks.lengths));
  });

  it('is 404 for an unknown map and 400 for a malformed id', async () => {
    const missing = await server.app.inject({ method: 'GET', url: '/api/maps/victoria' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'map "victoria" not found' });
    const bad = await server.app.inject({ method: 'GET', url: '/api/maps/Not%20A%20Slug' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^params\.id: /);
  });
});

describe('map validation at boot', () => {
  it('a bad map file fails the boot with the file name', async () => {
    const mapsDir = await mkdtemp(join(tmpdir(), 'journeys-badmap-'));
    try {
      await cp(MAPS_DIR, mapsDir, { recursive: true });
      const broken = JSON.parse(await readFile(join(mapsDir, 'small-council.json'), 'utf8'));
      broken.stations = broken.stations.slice(1);
      await writeFile(join(mapsDir, 'broken.json'), JSON.stringify({ ...broken, id: 'broken' }));
      await expect(startTestServer({ mapsDir })).rejects.toThrow(/broken\.json/);
      await writeFile(join(mapsDir, 'broken.json'), '{ not json');
      await expect(startTestServer({ mapsDir })).rejects.toThrow(/broken\.json.*not valid JSON/);
    } finally {
      await rm(mapsDir, { recursive: true, force: true });
    }
  });
});
