// Where generated children go: an events CSV written in large string chunks (the fast path), or an
// in-memory EventTable with its ChildAttributes (for the fidelity and privacy reports and the tests).
import { open } from 'node:fs/promises';
import { NO_DATE, type ChildAttributes } from '../core/children.js';
import { formatDay } from '../core/dates.js';
import { DISABILITY_CODES, ETHNICITY_CODES, EVENT_TYPES, SEX_CODES } from '../core/events.js';
import { buildEventTable, type EventRecord, type EventTable } from '../core/event-table.js';
import type { CompiledModel } from './compile.js';
import { episodeIdBlanker } from './episode-ids.js';
import { generateChildren, type GenerateOptions } from './generate.js';
import type { Model } from './model.js';

/** `E1`, `E2`, … (cached: one string per episode number, not per row); '' for none. */
const EPISODE_IDS: string[] = [''];
function episodeId(n: number): string {
  return (EPISODE_IDS[n] ??= `E${n}`);
}
/** The same followed by its comma. */
const EPISODE_COLUMNS: string[] = [','];
function episodeColumn(n: number): string {
  return (EPISODE_COLUMNS[n] ??= `E${n},`);
}

/** A child's episode numbers when its ids are not written (synth/episode-ids.ts): none (read as 0). */
const NO_EPISODES: readonly number[] = [];

export const CSV_HEADER = 'child_id,event,date,episode_id,outcome,source,dob,sex,ethnicity,disability\n';
const CHUNK_CHARS = 1 << 22;

/** Calls `write` with CSV text chunks of about 4 MB, header first. */
export function generateCsvChunks(model: Model | CompiledModel, options: GenerateOptions, write: (chunk: string) => void): { rows: number; children: number } {
  // Pieces of a row made once, each with its comma: event names, dates (every event is on or after the
  // first arrival day, so cached by offset from it) and episode ids. Imported bindings are read once.
  const origin = options.historyFrom ?? options.from;
  const dates: string[] = [];
  const format = formatDay;
  const dateOf = (day: number): string => (dates[day - origin] ??= `${format(day)},`);
  const eventNames = EVENT_TYPES.map((name) => `${name},`);
  const unknownBirth = NO_DATE;
  let buffer = CSV_HEADER;
  let rows = 0;
  let children = 0;
  const blank = episodeIdBlanker(model, options.seed);
  generateChildren(model, options, (child) => {
    children++;
    const head = `${child.id},`;
    const ids = blank?.(child) ? NO_EPISODES : child.episodes;
    // Attributes go on every row: the latest-dated row wins, so any subset of rows stays correct.
    const tail = `,${child.dob === unknownBirth ? '' : format(child.dob)},${child.sex},${child.ethnicity},${child.disability}\n`;
    for (let i = 0; i < child.types.length; i++) {
      buffer += head + eventNames[child.types[i]!] + dateOf(child.days[i]!) + episodeColumn(ids[i] ?? 0) + child.outcomes[i] + ',' + child.sources[i] + tail;
    }
    rows += child.types.length;
    if (buffer.length >= CHUNK_CHARS) {
      write(buffer);
      buffer = '';
    }
  });
  if (buffer.length > 0) write(buffer);
  return { rows, children };
}

/** Writes a synthetic events CSV to `path`. */
export async function writeSyntheticCsv(model: Model | CompiledModel, options: GenerateOptions, path: string): Promise<{ rows: number; children: number }> {
  const chunks: string[] = [];
  const handle = await open(path, 'w');
  try {
    // Generation is synchronous; chunks are flushed as they come so memory stays at a few chunks.
    let pending = Promise.resolve();
    const result = generateCsvChunks(model, options, (chunk) => {
      chunks.push(chunk);
      if (chunks.length >= 8) {
        const batch = chunks.splice(0).join('');
        pending = pending.then(() => handle.write(batch).then(() => undefined));
      }
    });
    const rest = chunks.join('');
    await pending;
    if (rest) await handle.write(rest);
    return result;
  } finally {
    await handle.close();
  }
}

export interface SyntheticDataset {
  table: EventTable;
  children: ChildAttributes;
}

/** Generates into memory, with the same event table the importer would build from the CSV. */
export function generateDataset(model: Model | CompiledModel, options: GenerateOptions): SyntheticDataset {
  const records: EventRecord[] = [];
  const attributes: Array<{ dob: number; sex: number; ethnicity: number; disability: number }> = [];
  const blank = episodeIdBlanker(model, options.seed);
  generateChildren(model, options, (child) => {
    const ids = blank?.(child) ? NO_EPISODES : child.episodes;
    for (let i = 0; i < child.types.length; i++) {
      records.push({
        child: child.id, type: EVENT_TYPES[child.types[i]!]!, day: child.days[i]!, episodeId: episodeId(ids[i] ?? 0) || null,
        outcome: child.outcomes[i] || null, source: child.sources[i] || null,
      });
    }
    attributes.push({
      dob: child.dob,
      sex: (SEX_CODES as readonly string[]).indexOf(child.sex) + 1,
      ethnicity: ETHNICITY_CODES.indexOf(child.ethnicity) + 1,
      disability: (DISABILITY_CODES as readonly string[]).indexOf(child.disability) + 1,
    });
  });
  const table = buildEventTable(records);
  // Children are emitted in order and buildEventTable numbers them by first appearance, so indices agree.
  return {
    table,
    children: {
      dob: Int32Array.from(attributes, (a) => a.dob),
      sex: Uint8Array.from(attributes, (a) => a.sex),
      ethnicity: Uint8Array.from(attributes, (a) => a.ethnicity),
      disability: Uint8Array.from(attributes, (a) => a.disability),
    },
  };
}
