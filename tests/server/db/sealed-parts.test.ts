// A dataset's real identifiers are sealed in parts of PART_IDS, each written in a short transaction of its
// own: sealed as one blob inside the publishing transaction, an import of a million distinct children held
// the event loop for 1.5 s (audit a12d F1, bench/import-stall.ts on a file of distinct 64-character ids).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { PART_IDS } from '../../../server/import/child-registry.js';
import { openStore } from '../../../server/db/store.js';

const dir = mkdtempSync(join(tmpdir(), 'sealed-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = Array.from({ length: 2 * PART_IDS + 100 }, (_, i) => `CHILD-${String(i).padStart(40, '0')}`);
const csv = ['child_id,event,date', ...ids.map((id, i) => `${id},contact,2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`)].join('\n');

it('writes the identifiers of a large import in parts, which load back in order; a dataset of one sealed row still loads', async () => {
  const path = join(dir, 'parts.db');
  const keyFile = join(dir, 'keys', 'parts.key');
  let store = openStore(path, { keyFile });
  await store.importEventsCsv('many', Readable.from([csv]));
  const id = store.datasetId('many')!;
  const parts = store.db.prepare('SELECT part, length(sealed) AS bytes FROM dataset_identifier_parts WHERE dataset_id = ? ORDER BY part').all(id) as { part: number; bytes: number }[];
  expect(parts.map((p) => p.part)).toEqual([0, 1, 2]);
  expect(Math.max(...parts.map((p) => p.bytes))).toBeLessThan(PART_IDS * 50);
  expect(store.db.prepare('SELECT count(*) FROM dataset_identifiers WHERE dataset_id = ?').pluck().get(id)).toBe(0);
  const loaded = store.loadDataset('many')!;
  expect([...loaded.table.childIds].sort()).toEqual([...ids].sort());

  // An import written before parts: one sealed JSON array in dataset_identifiers.
  const inOrder = [...loaded.table.childIds];
  store.db.prepare('DELETE FROM dataset_identifier_parts WHERE dataset_id = ?').run(id);
  store.db.prepare('INSERT INTO dataset_identifiers (dataset_id, sealed) VALUES (?, ?)').run(id, store.pseudonyms.seal(JSON.stringify(inOrder)));
  store.close();
  store = openStore(path, { keyFile });
  expect([...store.loadDataset('many')!.table.childIds]).toEqual(inOrder);
  store.close();
});
