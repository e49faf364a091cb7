// The database schema. Everything of a dataset hangs off `datasets(id)` with ON DELETE CASCADE, and
// dataset ids are AUTOINCREMENT so a replaced dataset never gets its predecessor's id back (the id is
// the dataset's version: caches key on it).
import type { Database } from 'better-sqlite3';
import { EventChunkWriter } from './event-chunks.js';

/** 2: events moved from one row each (`events`) to columnar chunks (`event_chunks`). */
export const SCHEMA_VERSION = 2;

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
  -- 1: dob was given as a month only (YYYY-MM, stored as its 1st)
  dob_month_only INTEGER NOT NULL DEFAULT 0,
  sex INTEGER NOT NULL,
  ethnicity INTEGER NOT NULL,
  disability INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, idx)
);

-- Events in columnar chunks of up to CHUNK_EVENTS in file order (see event-chunks.ts): numeric
-- columns are typed-array blobs, episode_id and team JSON arrays (NULL when every value is null).
CREATE TABLE IF NOT EXISTS event_chunks (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  chunk INTEGER NOT NULL,
  count INTEGER NOT NULL,
  child_idx BLOB NOT NULL,
  type BLOB NOT NULL,
  day BLOB NOT NULL,
  seconds BLOB NOT NULL,
  outcome BLOB NOT NULL,
  source BLOB NOT NULL,
  line BLOB NOT NULL,
  episode_id TEXT NULL,
  team TEXT NULL,
  PRIMARY KEY (dataset_id, chunk)
);

-- The real child identifiers of a dataset, in child index order, as one AES-256-GCM sealed JSON array
-- (server/privacy/pseudonyms.ts); children.child_id holds only their keyed pseudonyms.
CREATE TABLE IF NOT EXISTS dataset_identifiers (
  dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  sealed BLOB NOT NULL
);

-- The same in parts of PART_IDS identifiers each (server/import/child-registry.ts sealedParts), each sealed on
-- its own: an import writes them one short transaction at a time, where one blob of a million identifiers
-- held the event loop for 1.5 s at publish (audit a12d F1). A dataset has parts or, written before them, one
-- row above.
CREATE TABLE IF NOT EXISTS dataset_identifier_parts (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  part INTEGER NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY (dataset_id, part)
);

-- Datasets deleted or replaced whose rows are still being removed, a batch at a time (purge.ts).
CREATE TABLE IF NOT EXISTS purge_queue (dataset_id INTEGER PRIMARY KEY);

-- Settings of this database: key_id names the pseudonym key it was written with.
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);

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

-- Data-quality problems found by an import of Annex A, CIN census or SSDA903 files (see
-- server/import/quality/): where each is, and a key (a hash, naming no child) to tell new ones from
-- those the previous import of the dataset had.
CREATE TABLE IF NOT EXISTS quality_problems (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  file TEXT NOT NULL,
  sheet TEXT NULL,
  row INTEGER NOT NULL,
  field TEXT NULL,
  dfe_rule TEXT NULL,
  is_new INTEGER NOT NULL,
  key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quality_problems_by_dataset ON quality_problems (dataset_id);

-- Care episodes (SSDA903 episodes, Annex A list 8 placements) kept for the views: legal status and
-- placement type of each, numbered by period of care within the child.
CREATE TABLE IF NOT EXISTS care_episodes (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  child_idx INTEGER NOT NULL,
  period INTEGER NOT NULL,
  start_day INTEGER NOT NULL,
  end_day INTEGER NULL,
  rne TEXT NULL,
  legal_status TEXT NULL,
  need_code TEXT NULL,
  placement TEXT NULL,
  provider TEXT NULL,
  reason_ended TEXT NULL
);
CREATE INDEX IF NOT EXISTS care_episodes_by_dataset ON care_episodes (dataset_id, child_idx);

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

-- People (server/auth/accounts.ts). Tokens and sessions are stored as SHA-256 of the secret only.
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
-- A user's identity at the council's identity provider (server/routes/oidc.ts): single sign-on finds the
-- user by the ID token's issuer and subject (\`sub\`, which a provider never reassigns), never by a name
-- the person can change there. \`cli users link\` writes it.
CREATE TABLE IF NOT EXISTS sso_subjects (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id INTEGER NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (issuer, subject)
);
-- Browsers a user has signed in from (server/routes/session.ts): a guesser locking the name out does not lock them out.
CREATE TABLE IF NOT EXISTS trusted_devices (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
-- Failed sign-ins per user name over all addresses (server/auth/login-limiter.ts), so that a restart does
-- not give a guesser a fresh allowance. The name is the user's, lower-cased; a count goes an hour after its last failure.
CREATE TABLE IF NOT EXISTS login_name_failures (
  name TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at INTEGER NOT NULL
);

-- Who did what (server/audit/audit-log.ts): append-only, the triggers refuse any change or removal.
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NULL,
  role TEXT NULL,
  action TEXT NOT NULL,
  dataset TEXT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NULL,
  address TEXT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- A tally's running counts of failed and refused attempts (server/audit/audit-tally.ts), kept on disk so
-- that a crash loses none: moved into the audit trail when the period ends, or at the next start.
CREATE TABLE IF NOT EXISTS audit_running (
  kind TEXT PRIMARY KEY,
  entry TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  since TEXT NOT NULL
);
`;

/** Per-connection settings: both the store's connection and the importer's use these. */
export function configureConnection(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Another connection may hold the write lock for the few seconds an import commits.
  db.pragma('busy_timeout = 10000');
  // A deleted row's bytes are overwritten with zeros, not just marked free: a deleted dataset's sealed
  // identifiers and pseudonyms must not stay in the file and its backups (audit a12 finding 1).
  db.pragma('secure_delete = ON');
}

/** Creates the tables when absent; refuses a database written by a newer schema. */
export function ensureSchema(db: Database, path: string): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null };
    if (row.version !== null && row.version > SCHEMA_VERSION) {
      throw new Error(`${path}: database schema version ${row.version} is newer than this program's (${SCHEMA_VERSION})`);
    }
    if (row.version !== null && row.version < 2) migrateEventRowsToChunks(db);
    // Added without a version step: a database from before it has every dob as a day.
    const childColumns = db.prepare('PRAGMA table_info(children)').all() as { name: string }[];
    if (!childColumns.some((c) => c.name === 'dob_month_only')) db.exec('ALTER TABLE children ADD COLUMN dob_month_only INTEGER NOT NULL DEFAULT 0');
    if (row.version === null || row.version < SCHEMA_VERSION) db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
  }).immediate();
}

type EventRowTuple = [child: number, type: number, day: number, seconds: number, episode: string | null, outcome: number, source: number, team: string | null, line: number];

/**
 * Version 1 → 2: rewrites each published dataset's `events` rows as chunks, then drops `events`.
 * Rows of imports still pending are dropped with the table (their pending_datasets rows stay, and
 * removeCrashedImports clears them; a live import of an older build would fail on publish).
 */
function migrateEventRowsToChunks(db: Database): void {
  const hasEvents = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get() !== undefined;
  if (!hasEvents) return;
  const ids = db.prepare('SELECT id FROM datasets ORDER BY id').pluck().all() as number[];
  const select = db
    .prepare('SELECT child_idx, type, day, seconds, episode_id, outcome, source, team, line FROM events WHERE dataset_id = ? ORDER BY line')
    .raw();
  for (const id of ids) {
    // Read all of a dataset first: better-sqlite3 cannot write while a statement iterates.
    const rows = select.all(id) as EventRowTuple[];
    const writer = new EventChunkWriter(db, id);
    for (const [child, type, day, seconds, episode, outcome, source, team, line] of rows) {
      if (writer.full) writer.write(false);
      writer.add(child, type, day, seconds, episode, outcome, source, team, line);
    }
    writer.write(true);
  }
  db.exec('DROP INDEX IF EXISTS events_by_dataset; DROP INDEX IF EXISTS events_by_child_time; DROP TABLE events;');
}
