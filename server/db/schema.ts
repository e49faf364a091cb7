// The database schema. Everything of a dataset hangs off `datasets(id)` with ON DELETE CASCADE, and
// dataset ids are AUTOINCREMENT so a replaced dataset never gets its predecessor's id back (the id is
// the dataset's version: caches key on it).
import type { Database } from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS datasets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE NOT NULL,
  created_at TEXT,
  source_file TEXT,
  rows INTEGER,
  imported INTEGER,
  rejected INTEGER,
  min_day INTEGER,
  max_day INTEGER,
  children INTEGER
);

CREATE TABLE IF NOT EXISTS children (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  child_id TEXT NOT NULL,
  dob INTEGER NULL,
  sex INTEGER NOT NULL,
  ethnicity INTEGER NOT NULL,
  disability INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, idx)
);

CREATE TABLE IF NOT EXISTS events (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  child_idx INTEGER NOT NULL,
  type INTEGER NOT NULL,
  day INTEGER NOT NULL,
  seconds INTEGER NOT NULL,
  episode_id TEXT NULL,
  outcome INTEGER NOT NULL,
  source INTEGER NOT NULL,
  team TEXT NULL,
  line INTEGER NOT NULL
);
-- Events are stored in file order, so this index only ever appends during an import (an index in
-- (child, day) order would take random inserts: 4x slower). loadDataset sorts in memory instead.
CREATE INDEX IF NOT EXISTS events_by_dataset ON events (dataset_id, line);
DROP INDEX IF EXISTS events_by_child_time; -- made by early development builds

CREATE TABLE IF NOT EXISTS rejections (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  column TEXT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rejections_by_dataset ON rejections (dataset_id, line);

-- Datasets being imported (see pending-dataset.ts): their rows are written under an id reserved
-- here and not yet in datasets, so no reader finds them; owner tells a crashed import from a live one.
CREATE TABLE IF NOT EXISTS pending_datasets (
  id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,
  started_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS moves_cache (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  map_id TEXT NOT NULL,
  map_hash TEXT NOT NULL,
  etag TEXT NOT NULL,
  payload BLOB NOT NULL,
  PRIMARY KEY (dataset_id, map_id)
);

CREATE TABLE IF NOT EXISTS markers (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS markers_by_dataset ON markers (dataset_id, day);
`;

/** Per-connection settings: both the store's connection and the importer's use these. */
export function configureConnection(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Another connection may hold the write lock for the few seconds an import commits.
  db.pragma('busy_timeout = 10000');
}

/** Creates the tables when absent; refuses a database written by a newer schema. */
export function ensureSchema(db: Database, path: string): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null };
    if (row.version === null) db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
    else if (row.version > SCHEMA_VERSION) {
      throw new Error(`${path}: database schema version ${row.version} is newer than this program's (${SCHEMA_VERSION})`);
    }
  }).immediate();
}
