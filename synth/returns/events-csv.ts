// The events CSV written from the repaired journeys (case.ts, case-events.ts), so it carries the same
// dates as the returns of the same model, seed and window, but for the CP plans begun days after their
// conference, which the returns move onto the conference's day (CIN 2885) and this file does not. Streams: one child at a time, chunks of text.
import { open } from 'node:fs/promises';
import { NO_DATE } from '../../core/children.js';
import { formatDay } from '../../core/dates.js';
import { EVENT_TYPES } from '../../core/events.js';
import { CSV_HEADER } from '../output.js';
import { closedOnEighteenth } from '../generate.js';
import { caseEvents } from './case-events.js';
import type { CaseRecord } from './case.js';
import type { ChildEvent } from './input.js';
import type { GeneratedChild } from './input.js';
import { countRepairs, repairedCase } from './write.js';

const CHUNK_CHARS = 1 << 22;

export interface EventsFileOptions {
  seed: number;
  from: number;
  to?: number;
  /** the model's share of cases open on the 18th birthday closed that day (synth/generate.ts eighteenthClosures; default 1) */
  closedAtEighteen?: number;
  /** and the reason they give (default RC7) */
  eighteenReason?: string;
  /** whether a child's written rows go without episode ids (synth/episode-ids.ts episodeIdBlanker; absent or null: never) */
  blankIds?: ((child: { types: readonly number[]; days: readonly number[]; episodes: readonly number[] }) => boolean) | null;
}

export interface RepairedEventsResult {
  rows: number;
  children: number;
  repairs: Record<string, number>;
}

/** Which of a repaired journey's events are written (default all); a child with none is left out. */
export type EventsSelection = (record: CaseRecord) => ChildEvent[];

/** Calls `write` with the CSV's text in chunks, header first. */
export function repairedEventsCsv(generate: (emit: (child: GeneratedChild) => void) => void, options: EventsFileOptions, write: (chunk: string) => void, select: EventsSelection = caseEvents): RepairedEventsResult {
  const { closedAtEighteen = 1, eighteenReason, blankIds = null, ...window } = options;
  const closeAtEighteen = (eighteenth: number): boolean => closedOnEighteenth(closedAtEighteen, eighteenth);
  const repairs: Record<string, number> = {};
  let buffer = CSV_HEADER;
  let rows = 0;
  let children = 0;
  generate((generated) => {
    // The returns' repairs but those that would change what the fit learned: a CP plan begun days after
    // its conference keeps its day, an episode still open at the next referral stays open, and a case
    // open on the 18th birthday closes then only in the model's share, with its reason (review v10b
    // finding 3: the repairs closed 762 of 2,367 NFA-referral episodes of a copy whose log closes none).
    const record = repairedCase(generated, { ...window, cpPlanAtConference: false, closeBeforeNextReferral: false, closeAtEighteen, keepOpenAtEighteen: true, eighteenReason });
    // The starts the repairs date before the journey are not written when nothing before it is (a child
    // carried in with spans open on the first day, a copy with no burn-in): the file holds the ends and
    // steps of what was open then with no start, as the fitted log did.
    const first = generated.nothingBefore ? (generated.days[0] ?? -Infinity) : -Infinity;
    const all = select(record);
    const events = all.filter((e) => e.day >= first);
    if (events.length === 0) return;
    if (events.length < all.length) for (const k of Object.keys(record.repairs)) if (k.endsWith('_before_window')) delete record.repairs[k];
    countRepairs(repairs, record);
    children++;
    const child = record.child;
    // The model's share of children without episode ids, judged on the rows written (a file read back
    // links those children's episodes by date, the same episodes as with their ids).
    const withIds = blankIds === null || !blankIds({ types: events.map((e) => e.type), days: events.map((e) => e.day), episodes: events.map((e) => e.episode) });
    const tail = `,${child.dob === NO_DATE ? '' : formatDay(child.dob)},${child.sex},${child.ethnicity},${child.disability}\n`;
    for (const e of events) {
      buffer += `${child.id},${EVENT_TYPES[e.type]},${formatDay(e.day)},${withIds && e.episode > 0 ? `E${e.episode}` : ''},${e.outcome},${e.source}${tail}`;
      rows++;
    }
    if (buffer.length >= CHUNK_CHARS) (write(buffer), (buffer = ''));
  });
  if (buffer) write(buffer);
  return { rows, children, repairs };
}

/** Writes the repaired events CSV to `path`. */
export async function writeRepairedEventsCsv(generate: (emit: (child: GeneratedChild) => void) => void, options: EventsFileOptions, path: string, select?: EventsSelection): Promise<RepairedEventsResult> {
  const chunks: string[] = [];
  const result = repairedEventsCsv(generate, options, (chunk) => chunks.push(chunk), select);
  const handle = await open(path, 'w');
  try {
    for (const chunk of chunks) await handle.write(chunk);
  } finally {
    await handle.close();
  }
  return result;
}
