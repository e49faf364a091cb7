// Audit a12g F2 (issue 12, "a copy of the database alone names no child"): an uploaded file's name was
// stored in clear (datasets.source_file, quality_problems.file, and problem messages and rejection reasons
// that quote another file), so a file named after a child ("ZZQ001_Jane_Doe_2015-03-02.csv") put the
// child's identifier, name and date of birth into every copy of the database. Names are sealed with the
// key now; with the key, an analyst still reads them as uploaded. A database written before is sealed
// when it is next opened.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openStore } from '../../../server/db/store.js';
import { databaseBytes } from './database-bytes.js';

const CHILD = 'ZZQ001';
const NAME = `${CHILD}_Jane_Doe_2015-03-02`;
const SECRETS = [CHILD, 'Jane_Doe', '2015-03-02'];

function expectNoneOf(path: string, secrets: readonly string[]): void {
  const bytes = databaseBytes(path);
  for (const secret of secrets) {
    expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
    expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false);
  }
}

// An ICPC with no S47 before it, a month into the log: a quality problem of the events file, which names the file.
const EVENTS = `child_id,event,date,dob\nOTHER1,contact,2023-01-02,2012-05-05\n${CHILD},contact,2023-01-04,2015-03-02\n${CHILD},referral,2023-01-05,\n${CHILD},icpc,2023-02-01,\n${CHILD},contact,2014-02-01,\n`;

/** An SSDA903 episodes file; two with the same episode placed differently, and the problem quotes the other file's name. */
function episodes(place: string): string {
  return `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n${CHILD},01/04/2023,S,C2,N1,${place},PR1,,,,,,\n`;
}

describe('uploaded file names at rest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journeys-names-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an events CSV named after a child: the name is in no byte of the database, yet the dataset and its problems give it back', async () => {
    const path = join(dir, 'council.db');
    const store = openStore(path, { keyFile: join(dir, 'council.key') });
    await store.importEventsCsv('kent', Readable.from([EVENTS]), { fileName: `${NAME}.csv` });
    store.close();
    expectNoneOf(path, SECRETS);
    const again = openStore(path, { keyFile: join(dir, 'council.key') });
    expect(again.getDataset('kent')!.sourceFile).toBe(`${NAME}.csv`);
    const problems = again.qualityProblems('kent')!;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.file === `${NAME}.csv`)).toBe(true);
    again.close();
  });

  it('SSDA903 files named after a child, one quoting the other in its problems: no byte of the database names them', async () => {
    const path = join(dir, 'formats.db');
    const store = openStore(path, { keyFile: join(dir, 'formats.key') });
    const file = (name: string, place: string) => ({ name, format: 'ssda903' as const, input: Readable.from([episodes(place)]) });
    await store.importSources('looked-after', [file(`${NAME} episodes.csv`, 'U1'), file(`${NAME} episodes again.csv`, 'U2')], { lenient: true });
    const info = store.getDataset('looked-after')!;
    expect(info.sourceFile).toBe(`${NAME} episodes.csv, ${NAME} episodes again.csv`);
    const problems = store.qualityProblems('looked-after')!;
    store.close();
    expectNoneOf(path, SECRETS);
    expect(problems.some((p) => p.message.includes(`${NAME} episodes`)), JSON.stringify(problems.map((p) => p.message))).toBe(true);
    // the problems read back as written, sorted by file as before
    const files = problems.map((p) => p.file);
    expect(files).toEqual([...files].sort());
  });

  it('seals the names a database written before holds in clear when it is next opened', async () => {
    const path = join(dir, 'old.db');
    const keyFile = join(dir, 'old.key');
    const store = openStore(path, { keyFile });
    await store.importEventsCsv('kent', Readable.from([EVENTS]));
    const id = store.datasetId('kent');
    // as an import before 2026-12-05 stored them, in a database not yet sealed
    store.db.prepare("DELETE FROM settings WHERE name = 'names_sealed'").run();
    store.db.prepare('UPDATE datasets SET source_file = ? WHERE id = ?').run(`${NAME}.csv`, id);
    store.db.prepare('UPDATE quality_problems SET file = ?, message = ? WHERE dataset_id = ?').run(`${NAME}.csv`, `also in ${NAME}.csv row 2`, id);
    store.close();
    expect(databaseBytes(path).includes(Buffer.from(CHILD))).toBe(true);
    const again = openStore(path, { keyFile });
    expect(again.getDataset('kent')!.sourceFile).toBe(`${NAME}.csv`);
    expect(again.qualityProblems('kent')!.map((p) => `${p.file}|${p.message}`)).toContain(`${NAME}.csv|also in ${NAME}.csv row 2`);
    again.db.pragma('wal_checkpoint(TRUNCATE)');
    again.db.exec('VACUUM');
    again.close();
    expectNoneOf(path, SECRETS);
  });
});
