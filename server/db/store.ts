// The service's storage: one SQLite file (WAL), datasets imported from events CSVs, and each dataset
// loaded as core columns on demand and kept in memory until it is replaced or deleted. Imports run
// one at a time on their own connection, so the store's connection only ever sees whole datasets.
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ChildAttributes } from '../../core/children.js';
import type { EventTable } from '../../core/event-table.js';
import { importEvents, type CsvInput } from '../import/events-importer.js';
import { openPseudonyms, sealStoredNames } from '../privacy/pseudonymise-database.js';
import { defaultKeyFile, openedText, type Pseudonymiser } from '../privacy/pseudonyms.js';
import type { Problem } from '../import/quality/problems.js';
import { ImportThreadDidNotStart, importInThread, type ImportTask } from '../import/import-thread.js';
import { abandonImport } from './pending-dataset.js';
import { importSources, type SourceFile, type SourceImportOptions, type SourceImportReport } from '../import/source-importer.js';
import { readCareEpisodes, readQualityProblems, type StoredCareEpisode } from './quality-store.js';
import type { ImportOptions, ImportReport } from '../import/import-report.js';
import { createPurger, unpublishDataset } from './purge.js';
import { DATASET_COLUMNS, toDatasetInfo, type DatasetInfo, type DatasetRow } from './datasets.js';
import { readDatasetColumns } from './load-dataset.js';
import { removeCrashedImports } from './pending-dataset.js';
import { childIdOf } from '../import/common/child-id.js';
import { configureConnection, ensureSchema } from './schema.js';
import { Lru } from '../lru.js';

export type { DatasetInfo } from './datasets.js';
export { ImportError, MAX_LISTED_REJECTIONS } from '../import/import-report.js';
export type { ImportOptions, ImportReport, Rejection } from '../import/import-report.js';

export interface LoadedDataset {
  id: number;
  info: DatasetInfo;
  table: EventTable;
  children: ChildAttributes;
  /** what other modules compute once from this dataset (store.derived): released with it */
  derived: Map<string, unknown>;
}

export interface Store {
  /** the store's own connection, for other modules' statements (moves_cache, markers) */
  readonly db: Database.Database;
  readonly path: string;
  /** the pseudonym key file */
  readonly keyFile: string;
  /** the keyed pseudonyms child identifiers are stored as (server/privacy/pseudonyms.ts) */
  readonly pseudonyms: Pseudonymiser;
  /** memory for the datasets held loaded (least recently used out) */
  readonly maxLoadedBytes: number;
  /** import threads run at once at most (StoreOptions.maxImportThreads, JOURNEYS_IMPORT_THREADS) and each one's heap, MiB */
  readonly importThreads: { max: number; heapMb: number };
  /** the datasets held loaded now, least recently used first */
  loadedNames(): string[];
  listDatasets(): DatasetInfo[];
  getDataset(name: string): DatasetInfo | null;
  datasetId(name: string): number | null;
  deleteDataset(name: string): boolean;
  importEventsCsv(name: string, input: CsvInput, options?: ImportOptions & ImportSize): Promise<ImportReport>;
  /** imports Annex A, CIN census and SSDA903 files together as one dataset (see ../import/source-importer.ts) */
  importSources(name: string, files: readonly SourceFile[], options?: SourceImportOptions & ImportSize): Promise<SourceImportReport>;
  /** the data-quality problems of the dataset's import, in file and row order; null when no such dataset */
  qualityProblems(name: string): Problem[] | null;
  /** care episodes (legal status, placement) kept by an SSDA903 or Annex A import; null when no such dataset */
  careEpisodes(name: string): StoredCareEpisode[] | null;
  /**
   * The whole dataset as core columns, kept in memory until it is replaced or deleted, or until
   * datasets used more recently need the memory (maxLoadedBytes).
   */
  loadDataset(name: string): LoadedDataset | null;
  /**
   * `build(dataset)` computed once per loaded dataset version and kept with it (so released with it
   * when it is replaced, deleted or evicted); null when there is no such dataset.
   */
  derived<T>(name: string, key: string, build: (dataset: LoadedDataset) => T): T | null;
  /** drops datasets held in memory (all, or one) */
  release(name?: string): void;
  /** the index of a child (by its real identifier) in a dataset, or null */
  childIndex(name: string, childId: string): number | null;
  /** the keyed pseudonym of a child identifier as typed, folded as the importers fold it (childIdOf) */
  pseudonymOf(childId: string): string;
  /** the stored (keyed) pseudonym of the child at `index` in a dataset, or null */
  childPseudonym(name: string, index: number): string | null;
  /** calls `listener` with a dataset's name after an import of that name ends (done or not) or it is deleted */
  onChange(listener: (name: string) => void): void;
  /** resolves when the rows of deleted and replaced datasets are all gone */
  purged(): Promise<void>;
  /** bumps on every replace/delete of that dataset, so caches elsewhere can key on it */
  version(name: string): number;
  close(): void;
}

/** How large an upload is, where known: a large one is imported in a thread of its own (StoreOptions.importThreadBytes). */
export interface ImportSize {
  uploadBytes?: number;
}

/** Every import slot stayed busy for the whole of the store's importWaitMs. */
export class ImportSlotsBusyError extends Error {
  constructor(slots: number, waitedMs: number, what = 'import slots') {
    super(`all ${slots} ${what} stayed busy for ${Math.round(waitedMs / 1000)} s`);
    this.name = 'ImportSlotsBusyError';
  }
}

export interface StoreOptions {
  /** the pseudonym key file; default env JOURNEYS_KEY_FILE, else `<database without .db>.key` */
  keyFile?: string;
  /** imports running at once, each on its own connection; @default 4 */
  maxConcurrentImports?: number;
  /** how long an import waits for one of those before it is refused (ImportSlotsBusyError); @default 2 minutes */
  importWaitMs?: number;
  /** memory for loaded datasets and what is derived from them, least recently used out; @default 1 GiB */
  maxLoadedBytes?: number;
  /**
   * A second store on a database the service holds open (the compute worker's): it neither cleans up
   * after crashed imports nor purges (the service does), and never makes a key file.
   */
  sharedWithService?: boolean;
  /**
   * An upload of at least this many bytes (ImportSize.uploadBytes) is imported in a thread of its own
   * (import-thread.ts), so that its heap and long stretches never pause this thread's event loop; smaller
   * ones, and those of no given size (the CLI's), on this thread, as do all where worker threads cannot
   * start. A thread costs 0.7-2.7 s to start under tsx (its loader compiles the importer again), which a
   * small import would feel. @default 8 MiB
   */
  importThreadBytes?: number;
  /**
   * The heap (V8's old generation, MiB) of an import's own thread, JOURNEYS_MAX_IMPORT_MB: an import that needs
   * more fails (ImportOutOfMemoryError) and changes nothing. @default 2048
   */
  importHeapMb?: number;
  /**
   * Import threads running at once (the others wait their turn, as for an import slot, then ImportSlotsBusyError),
   * so that their heaps add up to at most this many times importHeapMb. @default 2
   */
  maxImportThreads?: number;
}

/** An import thread's heap unless set (JOURNEYS_MAX_IMPORT_MB): see the README's "An import thread's heap cap" for what the 5,000,000-children import needs. */
export const DEFAULT_IMPORT_HEAP_MB = 2048;

/**
 * At most `slots` works at once, the others taking their turns in order; one that waited `waitMs` for its
 * turn is refused (ImportSlotsBusyError, naming `what`).
 */
function turns(slots: number, waitMs: number, what: string): { take<T>(work: () => Promise<T>): Promise<T> } {
  const waiting: (() => void)[] = [];
  let running = 0;
  return {
    async take(work) {
      if (running >= slots) {
        await new Promise<void>((resolve, reject) => {
          const turn = () => {
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(() => {
            waiting.splice(waiting.indexOf(turn), 1);
            reject(new ImportSlotsBusyError(slots, waitMs, what));
          }, waitMs);
          waiting.push(turn);
        });
      }
      running++;
      try {
        return await work();
      } finally {
        running--;
        waiting.shift()?.();
      }
    },
  };
}

/** Bytes a loaded dataset holds: its columns, identifiers and, estimated, what is derived from it. */
function datasetWeight(d: Omit<LoadedDataset, 'derived'>): number {
  let bytes = 0;
  for (const value of [...Object.values(d.table), ...Object.values(d.children)]) {
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  }
  bytes += d.table.childIds.length * 64;
  return bytes * DERIVED_FACTOR;
}
/** Analysis contexts and prepared metrics take about as much again as the columns, twice over. */
const DERIVED_FACTOR = 3;
/** How long a dataset's version, once read, is trusted before it is read again (see version()). */
const VERSION_RECHECK_MS = 50;

/**
 * Creates the database file, if absent, readable and writable by its owner only, whatever the umask:
 * it holds children's records. SQLite gives the -wal and -shm files it makes the database file's mode.
 */
function createPrivately(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * A database file, or its -wal or -shm, that group or others can read (a copy made by `sqlite3 .backup`
 * or `cp` takes the umask, 0644, and so does a database made by an older version) is made 0600 before
 * it is opened, with a line on stderr naming the files; the service's own files need no one else.
 * JOURNEYS_ALLOW_OPEN_KEY=1 (a file system where modes mean nothing) leaves them as they are.
 */
function closeOpenDatabase(path: string): void {
  if (process.platform === 'win32' || process.env.JOURNEYS_ALLOW_OPEN_KEY === '1') return;
  const fixed: string[] = [];
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    const mode = statSync(file, { throwIfNoEntry: false })?.mode;
    if (mode === undefined || (mode & 0o077) === 0) continue;
    try {
      chmodSync(file, mode & 0o700);
    } catch {
      throw new Error(`the database file ${file} can be read by other accounts (mode ${(mode & 0o777).toString(8).padStart(4, '0')}) and this account cannot change that: run \`chmod 600 ${path}*\` as its owner`);
    }
    fixed.push(`${file} (was ${(mode & 0o777).toString(8).padStart(4, '0')})`);
  }
  if (fixed.length > 0) process.stderr.write(`made readable by this account only (0600), as it holds children's records: ${fixed.join(', ')}\n`);
}

/**
 * The database at `path` (created 0600 if absent), its schema up to date, without the pseudonym key:
 * for what needs no child identifier (users, the audit trail), so that no key file is made there.
 */
export function openDatabase(path: string): Database.Database {
  if (path === '' || path === ':memory:' || path.startsWith('file::memory:')) {
    throw new Error('openStore needs a database file: imports use a second connection, which cannot see an in-memory database');
  }
  closeOpenDatabase(path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  createPrivately(path);
  const db = new Database(path);
  try {
    configureConnection(db);
    ensureSchema(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** A connection with foreign keys off: imports write rows before their `datasets` row
 * (pending-dataset.ts), and deletes must not cascade (purge.ts). */
export function openWriterConnection(path: string): Database.Database {
  const writer = new Database(path);
  configureConnection(writer);
  writer.pragma('foreign_keys = OFF');
  writer.pragma('cache_size = -16384'); // appends touch few pages; a bigger cache only grows RSS
  return writer;
}

/** Opens (creating if needed) the database file at `path`. An in-memory database is refused. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const db = openDatabase(path);
  let pseudonyms: Pseudonymiser;
  const keyFile = options.keyFile ?? defaultKeyFile(path);
  try {
    if (options.sharedWithService !== true) removeCrashedImports(db);
    pseudonyms = openPseudonyms(db, keyFile);
    if (options.sharedWithService !== true) sealStoredNames(db, pseudonyms);
  } catch (error) {
    db.close();
    throw error;
  }
  const openName = (stored: string): string => openedText(pseudonyms, stored);
  const selectAll = db.prepare(`SELECT ${DATASET_COLUMNS} FROM datasets ORDER BY name`);
  const selectByName = db.prepare(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE name = ?`);
  const selectId = db.prepare('SELECT id FROM datasets WHERE name = ?').pluck();
  const selectSealed = db.prepare('SELECT sealed FROM dataset_identifiers WHERE dataset_id = ?').pluck();
  const selectSealedParts = db.prepare('SELECT sealed FROM dataset_identifier_parts WHERE dataset_id = ? ORDER BY part').pluck();
  const selectChildIdx = db.prepare('SELECT idx FROM children WHERE dataset_id = ? AND child_id = ?').pluck();
  const selectChildPseudonym = db.prepare('SELECT child_id FROM children WHERE dataset_id = ? AND idx = ?').pluck();
  /** A dataset's real child identifiers in index order: its sealed parts, or the one sealed row of an older import. */
  function sealedChildIds(id: number, name: string): string[] {
    const parts = selectSealedParts.all(id) as Buffer[];
    if (parts.length > 0) return parts.flatMap((sealed) => JSON.parse(pseudonyms.open(sealed)) as string[]);
    const sealed = selectSealed.get(id) as Buffer | undefined;
    if (sealed === undefined) throw new Error(`dataset "${name}" has no sealed identifiers`);
    return JSON.parse(pseudonyms.open(sealed)) as string[];
  }
  const maxLoadedBytes = options.maxLoadedBytes ?? 1024 ** 3;
  const loaded = new Lru<string, LoadedDataset>(1000, { maxWeight: maxLoadedBytes, weigh: datasetWeight });
  let closed = false;

  const writerConnection = () => openWriterConnection(path);
  const maintenance = writerConnection();
  const purger = createPurger(maintenance);
  const unpublish = maintenance.transaction((id: number) => unpublishDataset(maintenance, id));
  if (options.sharedWithService !== true) purger.kick(); // a purge cut short by a crash goes on

  // Imports run side by side, each on a connection of its own (a slow upload never holds up
  // another), at most maxConcurrentImports at once; the others wait their turn. A large upload first
  // waits for one of the maxImportThreads import threads (holding no import slot meanwhile), so that the
  // threads' heaps, importHeapMb each, add up to a known bound.
  const maxImports = options.maxConcurrentImports ?? 4;
  const spareConnections: Database.Database[] = [];
  const importWaitMs = options.importWaitMs ?? 120_000;
  const importSlots = turns(maxImports, importWaitMs, 'import slots');
  const maxImportThreads = options.maxImportThreads ?? 2;
  const threadSlots = turns(maxImportThreads, importWaitMs, 'import threads');
  const importHeapMb = options.importHeapMb ?? DEFAULT_IMPORT_HEAP_MB;
  /**
   * `task` in a thread of its own, streaming it `inputs`, for an upload of importThreadBytes or more; else, or
   * where that thread cannot start, `work` on a connection of this thread's; either way in one of the import slots.
   */
  const importThreadBytes = options.importThreadBytes ?? 8 * 1024 ** 2;
  async function runImport<T extends ImportReport>(task: ImportTask, inputs: readonly AsyncIterable<Uint8Array | string>[], uploadBytes: number | undefined, work: (connection: Database.Database) => Promise<T>): Promise<T> {
    const inThread = uploadBytes !== undefined && uploadBytes >= importThreadBytes;
    const run = () => withImportSlot(async () => {
      if (inThread) {
        try {
          return await importInThread<T>({ dbPath: path, keyFile }, task, inputs, { maxHeapMb: importHeapMb, abandoned: (id) => abandonImport(maintenance, id) && purger.kick() });
        } catch (error) {
          if (!(error instanceof ImportThreadDidNotStart)) throw error;
        }
      }
      const connection = spareConnections.pop() ?? writerConnection();
      try {
        return await work(connection);
      } finally {
        if (closed) connection.close();
        else spareConnections.push(connection);
      }
    });
    return inThread ? threadSlots.take(run) : run();
  }

  async function withImportSlot<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await importSlots.take(work);
    } finally {
      purger.kick();
    }
  }

  // version() is asked on every request (it keys the caches), and a read of SQLite costs more than the
  // rest of a cached answer's checks: the ids read are kept, forgotten at once on this process's own
  // imports and deletes, and at least every VERSION_RECHECK_MS, so an import by another process (the
  // CLI) is seen within that time. At most 512 names are kept (an LRU), however many are asked about.
  const versions = new Lru<string, number>(512);
  let versionsReadAt = 0;

  const changeListeners: ((name: string) => void)[] = [];
  function changed(name: string): void {
    versions.clear();
    for (const listener of changeListeners) listener(name);
  }

  function idOf(name: string): number | null {
    return (selectId.get(name) as number | undefined) ?? null;
  }

  const store: Store = {
    db,
    path,
    keyFile,
    pseudonyms,
    maxLoadedBytes,
    importThreads: { max: maxImportThreads, heapMb: importHeapMb },

    loadedNames() {
      return loaded.keys();
    },

    listDatasets() {
      return (selectAll.all() as DatasetRow[]).map((row) => toDatasetInfo(row, openName));
    },

    getDataset(name) {
      const row = selectByName.get(name) as DatasetRow | undefined;
      return row ? toDatasetInfo(row, openName) : null;
    },

    datasetId: idOf,

    deleteDataset(name) {
      const id = idOf(name);
      loaded.delete(name);
      if (id === null) return false;
      unpublish.immediate(id);
      purger.kick();
      changed(name);
      return true;
    },

    purged: () => purger.idle(),

    async importEventsCsv(name, input, { uploadBytes, ...importOptions } = {}) {
      if (closed) throw new Error('the store is closed');
      try {
        const task: ImportTask = { what: 'events', name, options: importOptions };
        return await runImport(task, [input as AsyncIterable<Uint8Array | string>], uploadBytes, (connection) => importEvents(connection, name, input, pseudonyms, importOptions));
      } finally {
        loaded.delete(name);
        changed(name);
      }
    },

    async importSources(name, files, { uploadBytes, ...importOptions } = {}) {
      if (closed) throw new Error('the store is closed');
      try {
        const task: ImportTask = { what: 'sources', name, files: files.map((f) => ({ name: f.name, format: f.format })), options: importOptions };
        return await runImport(task, files.map((f) => f.input), uploadBytes, (connection) => importSources(connection, name, files, pseudonyms, importOptions));
      } finally {
        loaded.delete(name);
        changed(name);
      }
    },

    qualityProblems(name) {
      const id = idOf(name);
      return id === null ? null : readQualityProblems(db, id, openName);
    },

    careEpisodes(name) {
      const id = idOf(name);
      return id === null ? null : readCareEpisodes(db, id);
    },

    onChange(listener) {
      changeListeners.push(listener);
    },

    loadDataset(name) {
      const row = selectByName.get(name) as DatasetRow | undefined;
      if (!row) {
        loaded.delete(name);
        return null;
      }
      const cached = loaded.get(name);
      // Ids are never reused, so an equal id is the very same import (even one made by another process).
      if (cached && cached.id === row.id) return cached;
      // One read transaction: another process's commit cannot land between the row and its events.
      const dataset = db.transaction((): LoadedDataset | null => {
        const current = selectByName.get(name) as DatasetRow | undefined;
        if (!current) return null;
        const childIds = sealedChildIds(current.id, name);
        const { table, children } = readDatasetColumns(db, current.id, current.events, childIds);
        return { id: current.id, info: toDatasetInfo(current, openName), table, children, derived: new Map() };
      })();
      if (dataset === null) return null;
      loaded.set(name, dataset);
      return dataset;
    },

    derived(name, key, build) {
      const dataset = store.loadDataset(name);
      if (dataset === null) return null;
      if (!dataset.derived.has(key)) dataset.derived.set(key, build(dataset));
      return dataset.derived.get(key) as ReturnType<typeof build>;
    },

    release(name) {
      if (name === undefined) loaded.clear();
      else loaded.delete(name);
    },

    childIndex(name, childId) {
      const id = idOf(name);
      if (id === null) return null;
      return (selectChildIdx.get(id, store.pseudonymOf(childId)) as number | undefined) ?? null;
    },

    pseudonymOf(childId) {
      const checked = childIdOf(childId.trim());
      return pseudonyms.pseudonym('id' in checked ? checked.id : childId);
    },

    childPseudonym(name, index) {
      const id = idOf(name);
      if (id === null) return null;
      return (selectChildPseudonym.get(id, index) as string | undefined) ?? null;
    },

    version(name) {
      // The id changes on every replace (AUTOINCREMENT never reuses one) and is 0 once deleted.
      const now = performance.now();
      if (now - versionsReadAt > VERSION_RECHECK_MS) {
        versions.clear();
        versionsReadAt = now;
      }
      let version = versions.get(name);
      if (version === undefined) {
        version = idOf(name) ?? 0;
        versions.set(name, version);
      }
      return version;
    },

    close() {
      if (closed) return;
      closed = true;
      loaded.clear();
      purger.stop();
      for (const connection of spareConnections.splice(0)) connection.close();
      maintenance.close();
      db.close();
    },
  };
  return store;
}
