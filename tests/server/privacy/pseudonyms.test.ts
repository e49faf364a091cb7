// What a stolen database reveals: the file (and its write-ahead log) holds none of the imported
// identifiers, only keyed pseudonyms; with the key file the same child still matches across
// datasets, and an analyst can look one child up. A wrong or missing key is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openStore } from '../../../server/db/store.js';
import type { SourceFile, SourceFormat } from '../../../server/import/source-importer.js';
import { createPseudonymiser } from '../../../server/privacy/pseudonyms.js';
import { startTestServer, type TestServer } from '../api/harness.js';
import { databaseBytes } from './database-bytes.js';

/** Identifiers and values that look like a council's: names, NHS-like numbers, dates of birth. */
const CHILDREN = ['SMITH-JOHN-2011', 'NHS4857773456', 'Ayesha.Khan.0714', 'ZZ-unique-child-77', 'lower case id with spaces'];
const EPISODES = ['EP-SMITH-JOHN-2011-1', 'EP-NHS4857773456-A'];

function csvWithIdentifiers(): string {
  const rows = ['child_id,event,date,episode_id,dob,sex'];
  CHILDREN.forEach((id, i) => {
    rows.push(`${id},contact,2023-01-0${i + 1},,2011-03-0${i + 1},F`);
    rows.push(`${id},referral,2023-01-1${i},${EPISODES[i % 2]},,`);
  });
  // bad rows, imported leniently: their values must not reach the stored rejection reasons either
  rows.push('BADROW-CHILD-NAME,contact,2023-02-30,,2012-02-30,F');
  rows.push('BADROW-OTHER,contcat,2023-02-01,,1880-01-01,Q');
  return `${rows.join('\n')}\n`;
}

const DUP = join(import.meta.dirname, '../../fixtures/formats/review/dup');

describe('pseudonyms at rest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journeys-pseudo-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a database file that contains none of the imported identifiers, nor values of rejected rows', async () => {
    const path = join(dir, 'council.db');
    const store = openStore(path, { keyFile: join(dir, 'keys', 'council.key') });
    const report = await store.importEventsCsv('kent', Readable.from([csvWithIdentifiers()]), { lenient: true });
    expect(report.imported).toBe(CHILDREN.length * 2);
    expect(report.rejected).toHaveLength(2);
    const bytes = databaseBytes(path);
    for (const secret of [...CHILDREN, ...EPISODES, 'BADROW-CHILD-NAME', 'BADROW-OTHER', '2012-02-30', '1880-01-01', 'contcat']) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false);
    }
    // Yet, with the key, the store still knows its children.
    expect(store.loadDataset('kent')!.table.childIds).toEqual(CHILDREN);
    store.close();
    // After a checkpoint too (the write-ahead log folded into the main file).
    expect(databaseBytes(path).includes(Buffer.from(CHILDREN[0]!))).toBe(false);
  });

  it('gives a child the same pseudonym in every dataset and under no other key', async () => {
    const store = openStore(join(dir, 'a.db'));
    await store.importEventsCsv('cin', Readable.from([csvWithIdentifiers()]), { lenient: true });
    await store.importEventsCsv('ssda903', Readable.from([`child_id,event,date\n${CHILDREN[2]},cla_start,2023-05-01\n${CHILDREN[0]},cla_start,2023-06-01\n`]));
    const pseudonymsOf = (name: string) =>
      store.db.prepare('SELECT child_id FROM children WHERE dataset_id = ? ORDER BY idx').pluck().all(store.datasetId(name)) as string[];
    const cin = pseudonymsOf('cin');
    expect(pseudonymsOf('ssda903')).toEqual([cin[2], cin[0]]);
    for (const p of cin) expect(p).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const other = createPseudonymiser(Buffer.alloc(32, 7));
    expect(cin[0]).not.toBe(other.pseudonym(CHILDREN[0]!));
    store.close();
  });

  it('stores the council formats (Annex A, SSDA903, CIN census) by pseudonym too, one child across all three', async () => {
    // The reviewer's child D1 in five files (tests/fixtures/formats/review/dup), renamed to an identifier
    // that cannot occur by chance in a database file.
    const ID = 'QZ-SECRET-CHILD-5521';
    const file = (format: SourceFormat, name: string): SourceFile => ({
      name,
      format,
      input: Readable.from([readFileSync(join(DUP, name), 'utf8').replaceAll('D1', ID)]),
    });
    const path = join(dir, 'formats.db');
    const store = openStore(path, { keyFile: join(dir, 'formats.key') });
    const report = await store.importSources('dup', [
      file('annex-a', 'List 8.csv'), file('annex-a', 'List 3.csv'),
      file('ssda903', '2023-episodes.csv'), file('ssda903', '2023-header.csv'),
      file('cin', 'cin.xml'),
    ]);
    expect(report.counts).toMatchObject({ mergedEvents: 2 }); // still one child: the sources matched
    expect(store.loadDataset('dup')!.table.childIds).toEqual([ID]);
    store.close();
    const bytes = databaseBytes(path);
    expect(bytes.includes(Buffer.from(ID, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from(ID, 'utf16le'))).toBe(false);
  });

  it('makes the key file on first start, readable by its owner only, outside the database', () => {
    const store = openStore(join(dir, 'journeys.db'));
    store.close();
    const key = join(dir, 'journeys.key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(databaseBytes(join(dir, 'journeys.db')).includes(readFileSync(key, 'utf8').trim())).toBe(false);
  });

  it('refuses a wrong key, and a missing key once children are stored', async () => {
    const path = join(dir, 'k.db');
    const store = openStore(path);
    await store.importEventsCsv('x', Readable.from(['child_id,event,date\nA1,contact,2023-01-01\n']));
    store.close();
    const key = join(dir, 'k.key');
    const saved = readFileSync(key);
    writeFileSync(key, `${Buffer.alloc(32, 1).toString('base64')}\n`);
    expect(() => openStore(path)).toThrow(/not the key this database was written with/);
    rmSync(key);
    expect(() => openStore(path)).toThrow(/key file .* is missing/);
    expect(existsSync(key)).toBe(false); // no new key was made over the old data
    writeFileSync(key, saved, { mode: 0o600 }); // a restored key readable by its owner only
    const again = openStore(path);
    expect(again.loadDataset('x')!.table.childIds).toEqual(['A1']);
    again.close();
  });
});

describe('one child\'s timeline', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
    await server.store.importEventsCsv('kent', Readable.from([csvWithIdentifiers()]), { lenient: true });
  });
  afterEach(async () => server.close());

  it('answers an analyst with the child\'s events, refuses a viewer, and audits without the identifier', async () => {
    const PASSWORD = 'correct horse battery staple';
    await server.app.accounts.add('ana', 'analyst', PASSWORD);
    await server.app.accounts.add('vic', 'viewer', PASSWORD);
    const analyst = { authorization: `Bearer ${server.app.accounts.issueToken('ana')}` };
    const viewer = { authorization: `Bearer ${server.app.accounts.issueToken('vic')}` };
    const url = '/api/datasets/kent/child-timeline';
    const res = await server.app.inject({ method: 'POST', url, headers: analyst, payload: { childId: CHILDREN[0] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ childId: CHILDREN[0], dob: '2011-03-01', sex: 'F', events: [{ date: '2023-01-01', event: 'contact' }, { date: '2023-01-10', event: 'referral' }] });
    expect((await server.app.inject({ method: 'POST', url, headers: analyst, payload: { childId: 'nobody' } })).statusCode).toBe(404);
    expect((await server.app.inject({ method: 'POST', url, headers: viewer, payload: { childId: CHILDREN[0] } })).statusCode).toBe(403);
    const audit = server.app.auditLog.list({ action: 'child_timeline' });
    expect(audit.map((e) => `${e.actor}:${e.outcome}`)).toEqual(['ana:failed', 'ana:ok']);
    expect(JSON.stringify(audit)).not.toContain(CHILDREN[0]);
  });
});
