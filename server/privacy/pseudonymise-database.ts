// Opening a database with its pseudonym key: the key file is made on first start (while no child is
// stored), a key that is not the one the database was written with is refused, and datasets imported
// before pseudonyms existed (raw identifiers in children.child_id, raw episode ids) are rewritten once.
import type { Database } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { SEALED_TEXT, createPseudonymiser, keyFileBeside, loadKey, sealedNames, type Pseudonymiser } from './pseudonyms.js';

export function openPseudonyms(db: Database, keyFile: string): Pseudonymiser {
  const keyId = db.prepare("SELECT value FROM settings WHERE name = 'key_id'").pluck().get() as string | undefined;
  const anyChild = db.prepare('SELECT 1 FROM children LIMIT 1').get() !== undefined;
  // A new key may be made only while nothing was written under the old one.
  const pseudonyms = createPseudonymiser(loadKey(keyFile, keyId === undefined, keyId === undefined ? undefined : missingKeyMessage(db, keyFile)));
  if (keyId !== undefined && keyId !== pseudonyms.keyId) {
    throw new Error(`the key file ${keyFile} is not the key this database was written with: restore the right key file (or set JOURNEYS_KEY_FILE)`);
  }
  if (keyId === undefined) {
    db.transaction(() => {
      if (anyChild) pseudonymiseLegacyDatasets(db, pseudonyms);
      db.prepare("INSERT INTO settings (name, value) VALUES ('key_id', ?)").run(pseudonyms.keyId);
    }).immediate();
  }
  return pseudonyms;
}

/** Why a missing key file is refused: what the database holds under its key, and where a stray key may be. */
function missingKeyMessage(db: Database, keyFile: string): string {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const children = count('children');
  const datasets = count('datasets');
  const holds =
    children > 0
      ? `this database already holds ${children} pseudonymised children under it (in ${datasets} dataset${datasets === 1 ? '' : 's'})`
      : `this database was set up with another key file (it records that key's id) though it holds no child yet (${datasets} dataset${datasets === 1 ? '' : 's'}, ${count('users')} user${count('users') === 1 ? '' : 's'})`;
  const beside = keyFileBeside(db.name);
  const stray = beside !== keyFile && existsSync(beside) ? `; there is a key file at ${beside}: if it is this database's, move it there (\`mv ${beside} ${keyFile}\`) or set JOURNEYS_KEY_FILE=${beside}` : '';
  return `the key file ${keyFile} is missing and ${holds}: restore the key file from its backup (or set JOURNEYS_KEY_FILE)${stray}`;
}

/** Rewrites datasets stored with raw identifiers (before pseudonyms existed). Call in a transaction. */
function pseudonymiseLegacyDatasets(db: Database, p: Pseudonymiser): void {
  const ids = db.prepare('SELECT id FROM datasets WHERE id NOT IN (SELECT dataset_id FROM dataset_identifiers)').pluck().all() as number[];
  const children = db.prepare('SELECT child_id FROM children WHERE dataset_id = ? ORDER BY idx').pluck();
  const setChild = db.prepare('UPDATE children SET child_id = ? WHERE dataset_id = ? AND idx = ?');
  const seal = db.prepare('INSERT INTO dataset_identifiers (dataset_id, sealed) VALUES (?, ?)');
  const chunks = db.prepare('SELECT chunk, episode_id FROM event_chunks WHERE dataset_id = ? AND episode_id IS NOT NULL');
  const setEpisodes = db.prepare('UPDATE event_chunks SET episode_id = ? WHERE dataset_id = ? AND chunk = ?');
  for (const id of ids) {
    const raw = children.all(id) as string[];
    raw.forEach((childId, idx) => setChild.run(p.pseudonym(childId), id, idx));
    seal.run(id, p.seal(JSON.stringify(raw)));
    for (const { chunk, episode_id } of chunks.all(id) as { chunk: number; episode_id: string }[]) {
      const episodes = (JSON.parse(episode_id) as (string | null)[]).map((e) => (e === null ? null : p.shortPseudonym(e)));
      setEpisodes.run(JSON.stringify(episodes), id, chunk);
    }
  }
}

/** Set in `settings` once a database's file names are sealed: imports seal theirs, so none is plain after. */
const NAMES_SEALED = 'names_sealed';

/**
 * Seals the file names (and the problem messages that may quote them) that a database written before
 * 2026-12-05 holds in clear (audit a12g F2), once: later opens read one setting, not the problems table.
 */
export function sealStoredNames(db: Database, p: Pseudonymiser): void {
  if (db.prepare('SELECT 1 FROM settings WHERE name = ?').get(NAMES_SEALED) !== undefined) return;
  const plain = `NOT LIKE '${SEALED_TEXT}%'`;
  const sources = db.prepare(`SELECT id, source_file FROM datasets WHERE source_file IS NOT NULL AND source_file ${plain}`).all() as Array<{ id: number; source_file: string }>;
  const problems = db.prepare(`SELECT rowid, file, message FROM quality_problems WHERE file ${plain} OR message ${plain}`).all() as Array<{ rowid: number; file: string; message: string }>;
  const seal = sealedNames(p);
  const kept = (text: string) => (text.startsWith(SEALED_TEXT) ? text : seal(text));
  const setSource = db.prepare('UPDATE datasets SET source_file = ? WHERE id = ?');
  const setProblem = db.prepare('UPDATE quality_problems SET file = ?, message = ? WHERE rowid = ?');
  db.transaction(() => {
    for (const s of sources) setSource.run(seal(s.source_file), s.id);
    for (const q of problems) setProblem.run(kept(q.file), kept(q.message), q.rowid);
    db.prepare("INSERT INTO settings (name, value) VALUES (?, '1')").run(NAMES_SEALED);
  }).immediate();
}
