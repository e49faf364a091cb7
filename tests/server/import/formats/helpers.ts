// Shared by the format importer tests: a store in a temporary folder, fixtures as SourceFiles, and
// the imported events read back as plain rows.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { formatDay } from '../../../../core/dates.js';
import { EVENT_TYPES, outcomeName, SOURCE_CODES } from '../../../../core/events.js';
import { openStore, type Store } from '../../../../server/db/store.js';
import type { SourceFile, SourceFormat } from '../../../../server/import/source-importer.js';

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/formats');

export function fixture(format: SourceFormat, path: string): SourceFile {
  return { name: path.split('/').pop()!, format, input: createReadStream(join(FIXTURES, path)) };
}

export function textFile(format: SourceFormat, name: string, text: string | Buffer): SourceFile {
  return { name, format, input: Readable.from([typeof text === 'string' ? Buffer.from(text) : text]) };
}

export function tempStore(): { store: Store; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'formats-'));
  const store = openStore(join(dir, 'test.db'));
  return {
    store,
    close: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A temporary store for the tests of one file: opened before them, removed after; call the result for it. */
export function storeForTests(): () => Store {
  let temp: ReturnType<typeof tempStore> | null = null;
  beforeAll(() => {
    temp = tempStore();
  });
  afterAll(() => temp?.close());
  return () => temp!.store;
}

export interface EventRow {
  child: string;
  event: string;
  date: string;
  outcome: string | null;
  source: string | null;
  episode: number;
}

/** The dataset's events in table order (child, date, file order). */
export function eventsOf(store: Store, name: string): EventRow[] {
  const { table } = store.loadDataset(name)!;
  const rows: EventRow[] = [];
  for (let i = 0; i < table.length; i++) {
    rows.push({
      child: table.childIds[table.child[i]!]!,
      event: EVENT_TYPES[table.type[i]!]!,
      date: formatDay(table.day[i]!),
      outcome: outcomeName(table.outcome[i]!),
      source: table.source[i] === 0 ? null : SOURCE_CODES[table.source[i]! - 1]!,
      episode: table.episode[i]!,
    });
  }
  return rows;
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
