// What a stolen database (or a backup of it) reveals about a dataset an admin has DELETED: nothing. The
// audit of 2026-12-03 (a12 finding 1) found a deleted dataset's sealed identifiers whole in the file (the
// key gave back all 300 children), 164 of its 300 pseudonyms and its event rows, on SQLite's free pages:
// deleting a row only marks its space free unless secure_delete is on.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openStore } from '../../../server/db/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journeys-deleted-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fileBytes(path: string): Buffer {
  return Buffer.concat([path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p)));
}

function events(prefix: string, children: number): string {
  const rows = ['child_id,event,date,team'];
  for (let i = 0; i < children; i++) rows.push(`${prefix}${i},contact,2023-0${1 + (i % 9)}-1${i % 10},${prefix}TEAM`, `${prefix}${i},referral,2023-0${1 + (i % 9)}-2${i % 9},`);
  return `${rows.join('\n')}\n`;
}

it('leaves none of a deleted dataset in the file: not its sealed identifiers, its pseudonyms nor its values', async () => {
  const path = join(dir, 'council.db');
  const store = openStore(path, { keyFile: join(dir, 'keys', 'council.key') });
  await store.importEventsCsv('kept', Readable.from([events('KEPTCHILD', 200)]));
  await store.importEventsCsv('gone', Readable.from([events('GONECHILD', 300)]));
  const id = store.datasetId('gone');
  const sealed = Buffer.concat(store.db.prepare('SELECT sealed FROM dataset_identifier_parts WHERE dataset_id = ? ORDER BY part').pluck().all(id) as Buffer[]);
  const pseudonyms = store.db.prepare('SELECT child_id FROM children WHERE dataset_id = ?').pluck().all(id) as string[];
  expect(sealed.length).toBeGreaterThan(1000);
  expect(pseudonyms).toHaveLength(300);
  const keptPseudonym = store.db.prepare('SELECT child_id FROM children WHERE dataset_id = ? LIMIT 1').pluck().get(store.datasetId('kept')) as string;

  expect(store.deleteDataset('gone')).toBe(true);
  await store.purged();
  // while the service runs (file and write-ahead log copied as they are), and once closed
  const live = fileBytes(path);
  store.close();
  for (const bytes of [live, fileBytes(path)]) expectNothingOfGone(bytes);

  function expectNothingOfGone(bytes: Buffer): void {
  // a 64-byte slice of the sealed blob anywhere, any pseudonym, the team value
  for (let at = 0; at + 64 <= sealed.length; at += 512) expect(bytes.includes(sealed.subarray(at, at + 64)), `sealed bytes at ${at}`).toBe(false);
  const found = pseudonyms.filter((p) => bytes.includes(Buffer.from(p)));
  expect(found, 'pseudonyms of the deleted children still in the file').toEqual([]);
  expect(bytes.includes(Buffer.from('GONECHILDTEAM'))).toBe(false);
  // the dataset kept is still there (the test can see what it looks for)
  expect(bytes.includes(Buffer.from(keptPseudonym))).toBe(true);
  }
});
