import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_EVENTS } from '../../../server/db/event-chunks.js';
import { ImportError, openStore, type Store } from '../../../server/db/store.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pending-dataset-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const TABLES = ['event_chunks', 'children', 'rejections', 'pending_datasets'] as const;
const counts = (store: Store) => Object.fromEntries(TABLES.map((t) => [t, store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]));

/** A CSV of `rows` good rows (more than one write batch when large), then `tail` lines. */
function bigCsv(rows: number, tail: string[] = []): Readable {
  const lines = ['child_id,event,date,team'];
  for (let i = 0; i < rows; i++) lines.push(`K${i % 5000},contact,2023-01-${String(1 + (i % 28)).padStart(2, '0')},North`);
  return Readable.from([[...lines, ...tail].join('\n') + '\n']);
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('imports written under a pending dataset id', () => {
  it('a strict import that fails after many rows were written deletes them all', async () => {
    const store = openStore(join(dir, 'strict.db'));
    await store.importEventsCsv('kept', bigCsv(10));
    const before = counts(store);
    // 150,000 good rows go to the database in several transactions before the bad last row.
    await expect(store.importEventsCsv('big', bigCsv(150_000, ['K1,contact,2023-02-30,North']))).rejects.toBeInstanceOf(ImportError);
    await expect(store.importEventsCsv('big', bigCsv(150_000, ['K1,"unterminated,2023-01-01,North']))).rejects.toBeInstanceOf(ImportError);
    expect(counts(store)).toEqual(before);
    expect(store.listDatasets().map((d) => d.name)).toEqual(['kept']);
    store.close();
  });

  it('a large lenient import keeps every good row and records every bad one', async () => {
    const store = openStore(join(dir, 'lenient.db'));
    const report = await store.importEventsCsv('big', bigCsv(150_000, ['K1,nonsense,2023-01-01,North']), { lenient: true });
    expect(report).toMatchObject({ rows: 150_001, imported: 150_000 });
    const id = store.datasetId('big');
    expect(store.db.prepare('SELECT sum(count) FROM event_chunks WHERE dataset_id = ?').pluck().get(id)).toBe(150_000);
    // 150,000 events in file order: full chunks and the rest.
    const full = Math.floor(150_000 / CHUNK_EVENTS);
    expect(store.db.prepare('SELECT count FROM event_chunks WHERE dataset_id = ? ORDER BY chunk').pluck().all(id)).toEqual([...Array<number>(full).fill(CHUNK_EVENTS), 150_000 - full * CHUNK_EVENTS]);
    expect(store.db.prepare('SELECT count(*) FROM rejections WHERE dataset_id = ?').pluck().get(id)).toBe(1);
    expect(store.loadDataset('big')!.table.childIds).toHaveLength(5000);
    expect(counts(store).pending_datasets).toBe(0);
    store.close();
  });

  it('opening the store deletes the rows of an import whose process died, and keeps a live one', async () => {
    const path = join(dir, 'crashed.db');
    const first = openStore(path);
    await first.importEventsCsv('real', bigCsv(3));
    const realId = first.datasetId('real')!;
    const insertPending = first.db.prepare('INSERT INTO pending_datasets (id, owner, started_at) VALUES (?, ?, ?)');
    const int32 = (v: number) => Buffer.from(new Int32Array([v]).buffer);
    const insertEvent = first.db.prepare(
      `INSERT INTO event_chunks (dataset_id, chunk, count, child_idx, type, day, seconds, outcome, source, line)
       VALUES (?, 0, 1, ?, X'00', ?, ?, X'00', X'00', ?)`,
    );
    const insertEventRow = (id: number) => insertEvent.run(id, int32(0), int32(19000), int32(-1), int32(2));
    // Rows of pending imports have no `datasets` row yet: write them as the importer does.
    first.db.pragma('foreign_keys = OFF');
    insertPending.run(realId + 1, `${deadPid()}@1`, new Date().toISOString());
    insertEventRow(realId + 1);
    insertPending.run(realId + 2, `${process.ppid}@1`, new Date().toISOString()); // alive: our parent
    insertEventRow(realId + 2);
    first.db.pragma('foreign_keys = ON');
    first.close();

    const again = openStore(path);
    const pendingIds = again.db.prepare('SELECT id FROM pending_datasets').pluck().all();
    expect(pendingIds).toEqual([realId + 2]);
    expect(again.db.prepare('SELECT DISTINCT dataset_id FROM event_chunks ORDER BY 1').pluck().all()).toEqual([realId, realId + 2]);
    // A new import never takes a pending id.
    await again.importEventsCsv('next', bigCsv(1));
    expect(again.datasetId('next')).toBeGreaterThan(realId + 2);
    expect(again.loadDataset('real')!.table.length).toBe(3);
    again.close();
  });
});
