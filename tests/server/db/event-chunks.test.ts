import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EV } from '../../../core/events.js';
import { CHUNK_EVENTS, EventChunkWriter, readEventChunks } from '../../../server/db/event-chunks.js';
import { configureConnection, ensureSchema } from '../../../server/db/schema.js';
import { openStore } from '../../../server/db/store.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'event-chunks-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function freshDb(name: string): Database.Database {
  const path = join(dir, name);
  const db = new Database(path);
  configureConnection(db);
  ensureSchema(db, path);
  db.pragma('foreign_keys = OFF'); // chunks without a datasets row, as an import writes them
  return db;
}

describe('columnar event chunks', () => {
  it('reads back what was written, in file order, across chunk boundaries', () => {
    const db = freshDb('roundtrip.db');
    const n = 2 * CHUNK_EVENTS + 123;
    const writer = new EventChunkWriter(db, 7);
    const episode = (i: number) => (i < CHUNK_EVENTS ? null : i % 3 === 0 ? `E"${i % 50}` : null); // none in chunk 0
    const team = (i: number) => (i % 5 === 0 ? `Team, ${i % 7}` : null);
    for (let i = 0; i < n; i++) {
      if (writer.full) writer.write(false);
      writer.add(i % 1000, i % 9, 19000 - (i % 400), i % 2 === 0 ? -1 : i % 86400, episode(i), i % 30, i % 11, team(i), i + 2);
    }
    writer.write(true);
    expect(db.prepare('SELECT count, episode_id IS NULL FROM event_chunks WHERE dataset_id = 7 ORDER BY chunk').raw().all()).toEqual([
      [CHUNK_EVENTS, 1],
      [CHUNK_EVENTS, 0],
      [123, 0],
    ]);
    const read = readEventChunks(db, 7, n, true);
    for (let i = 0; i < n; i += 997) {
      expect([read.child[i], read.type[i], read.day[i], read.seconds[i], read.episodeId[i], read.outcome[i], read.source[i], read.team![i], read.line![i]]).toEqual([
        i % 1000, i % 9, 19000 - (i % 400), i % 2 === 0 ? -1 : i % 86400, episode(i), i % 30, i % 11, team(i), i + 2,
      ]);
    }
    expect(read.episodeId.filter((e) => e !== null)).toHaveLength(Array.from({ length: n }, (_, i) => episode(i)).filter((e) => e !== null).length);
    expect(() => readEventChunks(db, 7, n + 1)).toThrow(`holds ${n} events but records ${n + 1}`);
    expect(() => readEventChunks(db, 7, n - 1)).toThrow(/more events than its recorded count/);
    db.close();
  });

  it('refuses a chunk whose column blob has the wrong length', () => {
    const db = freshDb('corrupt.db');
    const writer = new EventChunkWriter(db, 3);
    writer.add(0, EV.contact, 19000, -1, null, 0, 0, null, 2);
    writer.write(true);
    db.prepare("UPDATE event_chunks SET day = X'0000' WHERE dataset_id = 3").run();
    expect(() => readEventChunks(db, 3, 1)).toThrow(/column day holds 2 bytes, expected 4/);
    db.close();
  });

  it('migrates a version 1 database: event rows become chunks and the events table goes', () => {
    const path = join(dir, 'v1.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE schema_version (version INTEGER NOT NULL);
      INSERT INTO schema_version VALUES (1);
      CREATE TABLE datasets (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL, created_at TEXT, source_file TEXT,
        rows INTEGER, imported INTEGER, rejected INTEGER, min_day INTEGER, max_day INTEGER, children INTEGER);
      CREATE TABLE children (dataset_id INTEGER NOT NULL, idx INTEGER NOT NULL, child_id TEXT NOT NULL, dob INTEGER NULL,
        sex INTEGER NOT NULL, ethnicity INTEGER NOT NULL, disability INTEGER NOT NULL, PRIMARY KEY (dataset_id, idx));
      CREATE TABLE events (dataset_id INTEGER NOT NULL, child_idx INTEGER NOT NULL, type INTEGER NOT NULL, day INTEGER NOT NULL,
        seconds INTEGER NOT NULL, episode_id TEXT NULL, outcome INTEGER NOT NULL, source INTEGER NOT NULL, team TEXT NULL, line INTEGER NOT NULL);
      CREATE INDEX events_by_dataset ON events (dataset_id, line);
      INSERT INTO datasets VALUES (4, 'old', '2024-01-01T00:00:00.000Z', NULL, 3, 3, 0, 19000, 19002, 2);
      INSERT INTO children VALUES (4, 0, 'A', NULL, 0, 0, 0), (4, 1, 'B', 5000, 1, 0, 0);
      INSERT INTO events VALUES (4, 1, ${EV.referral}, 19002, -1, 'E1', 0, 0, 'North', 4),
                                (4, 0, ${EV.contact}, 19001, 3600, NULL, 0, 0, NULL, 2),
                                (4, 1, ${EV.contact}, 19000, -1, NULL, 0, 0, NULL, 3);
    `);
    old.close();

    const store = openStore(path);
    expect(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'events'").pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT max(version) FROM schema_version').pluck().get()).toBe(2);
    const stored = readEventChunks(store.db, 4, 3, true);
    expect(Array.from(stored.line!)).toEqual([2, 3, 4]);
    expect(stored.team).toEqual([null, null, 'North']);
    // Raw identifiers are rewritten as keyed pseudonyms; the real ones come back only unsealed.
    expect(stored.episodeId).toEqual([null, null, store.pseudonyms.shortPseudonym('E1')]);
    expect(store.db.prepare('SELECT child_id FROM children WHERE dataset_id = 4 ORDER BY idx').pluck().all()).toEqual(['A', 'B'].map(store.pseudonyms.pseudonym));
    const { table, children } = store.loadDataset('old')!;
    expect(table.childIds).toEqual(['A', 'B']);
    expect(Array.from(table.type)).toEqual([EV.contact, EV.contact, EV.referral]);
    expect(Array.from(table.day)).toEqual([19001, 19000, 19002]);
    expect(Array.from(children.dob)[1]).toBe(5000);
    store.close();
    // Opening again leaves it as it is.
    const again = openStore(path);
    expect(again.loadDataset('old')!.table.length).toBe(3);
    again.close();
  });
});
