import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../../core/dates.js';
import { EVENT_TYPES, OUTCOMES_BY_EVENT, SOURCE_CODES } from '../../../core/events.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import { ImportError, openStore, type Store } from '../../../server/db/store.js';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-'));
  store = openStore(join(dir, 'test.db'));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const csv = (...rows: string[]) => Readable.from([['child_id,event,date,episode_id,outcome', ...rows].join('\n')]);
const TABLES = ['event_chunks', 'children', 'rejections', 'moves_cache', 'markers'] as const;

/** Everything a reader could see: the dataset list and the rows of every table. */
function snapshot() {
  return {
    datasets: store.listDatasets(),
    counts: Object.fromEntries(TABLES.map((t) => [t, store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()])),
    events: store.db.prepare('SELECT * FROM event_chunks ORDER BY dataset_id, chunk').all(),
  };
}

/** A stream that hands over its chunks one by one, pausing between them. */
async function* slowly(chunks: string[]): AsyncGenerator<string> {
  for (const chunk of chunks) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    yield chunk;
  }
}

/** mulberry32 */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('openStore', () => {
  it('refuses an in-memory database', () => {
    expect(() => openStore(':memory:')).toThrow(/needs a database file/);
  });

  it('keeps datasets across reopening the file', async () => {
    const path = join(dir, 'reopen.db');
    const first = openStore(path);
    await first.importEventsCsv('kept', csv('A,contact,2023-01-01,,'));
    first.close();
    const again = openStore(path);
    expect(again.listDatasets().map((d) => d.name)).toEqual(['kept']);
    expect(again.loadDataset('kept')!.table.length).toBe(1);
    again.close();
  });
});

describe('store', () => {
  it('round-trips a dataset: loadDataset equals buildEventTable over the same records', async () => {
    const rnd = random(7);
    const records: EventRecord[] = [];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const type = EVENT_TYPES[Math.floor(rnd() * EVENT_TYPES.length)]!;
      const outcomes = OUTCOMES_BY_EVENT[type];
      const outcome = outcomes.length > 0 && rnd() < 0.6 ? outcomes[Math.floor(rnd() * outcomes.length)]! : null;
      const source = rnd() < 0.3 ? SOURCE_CODES[Math.floor(rnd() * SOURCE_CODES.length)]! : null;
      // Few days, so many same-day ties; a few before 1970 (negative day numbers).
      const day = rnd() < 0.05 ? -3000 - Math.floor(rnd() * 5) : 19000 + Math.floor(rnd() * 40);
      const seconds = rnd() < 0.2 ? Math.floor(rnd() * 86400) : -1;
      const episodeId = rnd() < 0.1 ? `E${Math.floor(rnd() * 20)}` : null;
      // One child with hundreds of events, sorted by the other path of loadDataset's sort.
      const child = rnd() < 0.1 ? 'busy' : `child-${Math.floor(rnd() * 300)}`;
      records.push({ child, type, day, seconds, outcome, source, episodeId });
      const time = seconds < 0 ? '' : `T${[seconds / 3600, (seconds / 60) % 60, seconds % 60].map((x) => String(Math.floor(x)).padStart(2, '0')).join(':')}`;
      lines.push([child, type, formatDay(day) + time, episodeId ?? '', outcome ?? '', source ?? ''].join(','));
    }
    const body = ['child_id,event,date,episode_id,outcome,source', ...lines].join('\n');
    await store.importEventsCsv('roundtrip', Readable.from([body]));
    const loaded = store.loadDataset('roundtrip')!;
    const expected = buildEventTable(records);
    expect(loaded.table.childIds).toEqual(expected.childIds);
    for (const column of ['childStart', 'child', 'type', 'day', 'seconds', 'outcome', 'source', 'episode'] as const) {
      expect(Array.from(loaded.table[column]), column).toEqual(Array.from(expected[column]));
    }
    expect(loaded.table.episodeCount).toBe(expected.episodeCount);
    expect(loaded.info).toMatchObject({ rows: 3000, imported: 3000, children: expected.childIds.length });
  });

  it('caches a loaded dataset until it is replaced, and the version changes on replace and delete', async () => {
    await store.importEventsCsv('cached', csv('A,contact,2023-01-01,,'));
    const first = store.loadDataset('cached')!;
    const v1 = store.version('cached');
    expect(v1).toBeGreaterThan(0);
    expect(store.loadDataset('cached')).toBe(first);
    await store.importEventsCsv('cached', csv('A,contact,2023-01-01,,', 'B,contact,2023-01-02,,'));
    const second = store.loadDataset('cached')!;
    expect(second).not.toBe(first);
    expect(second.table.length).toBe(2);
    const v2 = store.version('cached');
    expect(v2).not.toBe(v1);
    expect(store.deleteDataset('cached')).toBe(true);
    expect(store.version('cached')).not.toBe(v2);
    expect(store.loadDataset('cached')).toBeNull();
    expect(store.version('never-there')).toBe(0);
  });

  it('re-importing a name replaces the old dataset and everything of it', async () => {
    await store.importEventsCsv('swap', csv('OLD1,referral,2023-01-01,,', 'OLD2,bad,2023-01-01,,'), { lenient: true });
    const oldId = store.datasetId('swap')!;
    store.db.prepare("INSERT INTO markers (dataset_id, day, label, kind) VALUES (?, 19000, 'x', 'other')").run(oldId);
    store.db.prepare("INSERT INTO moves_cache VALUES (?, 'front-door', 'h', 'e', x'00')").run(oldId);
    await store.importEventsCsv('swap', csv('NEW1,contact,2023-02-01,,'));
    const newId = store.datasetId('swap')!;
    expect(newId).not.toBe(oldId);
    await store.purged(); // the old rows go a batch at a time, after the new dataset is published
    for (const table of TABLES) expect(store.db.prepare(`SELECT count(*) FROM ${table} WHERE dataset_id = ?`).pluck().get(oldId), table).toBe(0);
    expect(store.loadDataset('swap')!.table.childIds).toEqual(['NEW1']);
    expect(store.getDataset('swap')).toMatchObject({ rows: 1, imported: 1, rejected: 0, from: '2023-02-01', to: '2023-02-01' });
  });

  it('a failed strict import leaves the database exactly as it was, also when it would replace a dataset', async () => {
    await store.importEventsCsv('stay', csv('S1,referral,2023-01-01,,', 'S1,assessment_start,2023-01-02,,'));
    const before = snapshot();
    for (const name of ['stay', 'fresh']) {
      await expect(store.importEventsCsv(name, csv('S9,contact,2023-01-05,,', 'S9,referal,2023-01-06,,'))).rejects.toBeInstanceOf(ImportError);
    }
    expect(snapshot()).toEqual(before);
    expect(store.loadDataset('stay')!.table.childIds).toEqual(['S1']);
  });

  it('readers see the old dataset while a replacement streams in, and the new one once it is done', async () => {
    await store.importEventsCsv('live', csv('L1,contact,2023-01-01,,'));
    const rows = ['child_id,event,date\n'];
    for (let i = 0; i < 50; i++) rows.push(`N${i},contact,2023-01-01\n`);
    const pending = store.importEventsCsv('live', slowly(rows));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(store.loadDataset('live')!.table.childIds).toEqual(['L1']);
    // The store's connection can still write (no lock is held while the file streams).
    store.db.prepare("INSERT INTO markers (dataset_id, day, label, kind) VALUES (?, 19000, 'during', 'other')").run(store.datasetId('live'));
    await pending;
    expect(store.loadDataset('live')!.table.length).toBe(50);
  });

  it('runs imports side by side: a slow one never holds up another, and the last to finish wins', async () => {
    const finished: string[] = [];
    const slow = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'child_id,event,date\n' : `A${i},contact,2023-01-01\n`));
    const a = store.importEventsCsv('queue', slowly(slow)).then((r) => (finished.push('a'), r));
    const b = store.importEventsCsv('queue', Readable.from(['child_id,event,date\nB,contact,2023-01-01\nB,referral,2023-01-01\n'])).then((r) => (finished.push('b'), r));
    // (c's refusal is awaited from the start: it may come before b's import ends)
    const c = expect(store.importEventsCsv('queue', Readable.from(['child_id,event,date\nC,oops,2023-01-01\n']))).rejects.toBeInstanceOf(ImportError);
    await expect(b).resolves.toMatchObject({ imported: 2 });
    await c;
    await expect(a).resolves.toMatchObject({ imported: 29 });
    expect(finished).toEqual(['b', 'a']);
    expect(store.loadDataset('queue')!.table.length).toBe(29);
  });

  it('deleting a dataset removes all of its rows from every table', async () => {
    await store.importEventsCsv('gone', csv('G1,referral,2023-01-01,,', 'G2,nope,2023-01-01,,'), { lenient: true });
    const id = store.datasetId('gone')!;
    store.db.prepare("INSERT INTO markers (dataset_id, day, label, kind) VALUES (?, 19000, 'x', 'other')").run(id);
    store.db.prepare("INSERT INTO moves_cache VALUES (?, 'front-door', 'h', 'e', x'00')").run(id);
    for (const table of TABLES) expect(store.db.prepare(`SELECT count(*) FROM ${table} WHERE dataset_id = ?`).pluck().get(id), table).toBe(1);
    expect(store.deleteDataset('gone')).toBe(true);
    await store.purged();
    for (const table of TABLES) expect(store.db.prepare(`SELECT count(*) FROM ${table} WHERE dataset_id = ?`).pluck().get(id), table).toBe(0);
    expect(store.getDataset('gone')).toBeNull();
    expect(store.datasetId('gone')).toBeNull();
    expect(store.deleteDataset('gone')).toBe(false);
  });

  it('lists datasets by name with their counts and date span', async () => {
    const names = store.listDatasets().map((d) => d.name);
    expect(names).toEqual([...names].sort());
    const info = store.getDataset('roundtrip')!;
    expect(info.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(info.from! <= info.to!).toBe(true);
  });
});
