// `synth generate --format ssda903|cin|annex-a --year …`: the command line's side of the returns
// writers (the window a --year implies, and the summary printed).
import { addMonths, formatDay } from '../../core/dates.js';
import type { CompiledModel } from '../compile.js';
import { eighteenthClosures, generateChildren, type GenerateOptions } from '../generate.js';
import type { Model } from '../model.js';
import type { CaseRecord } from './case.js';
import { episodeIdBlanker } from '../episode-ids.js';
import { repairedEventsCsv, writeRepairedEventsCsv, type EventsFileOptions, type RepairedEventsResult } from './events-csv.js';
import { eventsInYears } from './population.js';
import { returnsPrivacy } from './privacy.js';
import type { ReturnCase } from './return-case.js';
import { RETURN_FORMATS, buildCases, writeReturns, type ReturnFormat } from './write.js';
import { parseYears, type CollectionYear } from './years.js';

const FORMATS = ['events', ...RETURN_FORMATS];
/** Years of burn-in a --year gives when --history-from is not set: children already in care or on plans on 1 April. */
export const DEFAULT_HISTORY_YEARS = 10;

export interface ReturnsWindow {
  years: CollectionYear[];
  from: number;
  to: number;
  historyFrom(from: number): number;
}

/** The collection years of `--year` and the window they imply; null without --year (events only). */
export function returnsWindow(yearFlag: string | undefined, format: string): ReturnsWindow | null {
  if (!FORMATS.includes(format)) throw new RangeError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  if (yearFlag === undefined || yearFlag === 'true') {
    if (format !== 'events') throw new RangeError(`--format ${format} needs --year YYYY (the collection year: 2024 = April 2023 to March 2024)`);
    return null;
  }
  const years = parseYears(yearFlag);
  return { years, from: years[0]!.start, to: years[years.length - 1]!.end, historyFrom: (from) => addMonths(from, -12 * DEFAULT_HISTORY_YEARS) };
}

/**
 * Generates the children and writes `format` for each year; returns the summary line. Refuses (throws,
 * nothing written) when the returns fail their own privacy check, unless `force`.
 */
export function generateReturns(model: Model | CompiledModel, options: GenerateOptions, format: string, years: readonly CollectionYear[], out: string, la: string, force = false): string {
  if (!/^\d{3}$/.test(la)) throw new RangeError(`--la must be a 3-digit LA code, got "${la}"`);
  for (const yr of years) {
    if (yr.start < options.from || yr.end > options.to) throw new RangeError(`collection year ${yr.year} (${formatDay(yr.start)} to ${formatDay(yr.end)}) is not inside --from ${formatDay(options.from)} --to ${formatDay(options.to)}`);
  }
  const { cases, repairs } = buildCases((emit) => generateChildren(model, options, emit), { seed: options.seed, from: options.from, to: options.to, la, eighteenReason: eighteenthClosures(model).reason });
  return writeCheckedReturns(cases, format as ReturnFormat, years, out, la, force) + repairsLine(repairs);
}

/** The privacy check first, then the files: none is written when a check fails, unless `force`. */
export function writeCheckedReturns(cases: readonly ReturnCase[], format: ReturnFormat, years: readonly CollectionYear[], out: string, la: string, force: boolean): string {
  const p = returnsPrivacy(cases);
  const checks: [string, number][] = [['ids not SYN-', p.realLookingIds], ['UPNs a school could have', p.upnsNotSynthetic], ['duplicate UPNs', p.duplicateUpns], ['postcodes in real areas', p.postcodesNotSynthetic], ['workers not made up', p.workersNotMadeUp]];
  const failed = checks.filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n}`);
  if (!p.pass && !force) throw new Error(`privacy check failed (${failed.join(', ')}): nothing written to ${out}; --force writes it anyway`);
  const files = writeReturns(cases, format, years, out, la);
  const privacy = `privacy: ${p.pass ? 'pass' : 'FAIL'} (${checks.map(([name, n]) => `${name} ${n}`).join(', ')})`;
  return `wrote ${files.length} ${format} file(s) for ${years.map((y) => y.year).join(', ')} from a population of ${cases.length} synthetic children to ${out}\n${privacy}`;
}

/**
 * Generates the children and writes the events CSV from their repaired journeys (the same repairs as
 * the returns), so the events file and the returns of the same flags carry the same dates, but the CP
 * plans begun days after their conference: the returns move them onto its day (CIN 2885), this file not.
 */
export async function generateEvents(model: Model | CompiledModel, options: GenerateOptions, out: string, years?: readonly CollectionYear[]): Promise<string> {
  const select = years ? (record: CaseRecord) => eventsInYears(record, years) : undefined;
  const result = await writeRepairedEventsCsv((emit) => generateChildren(model, options, emit), eventsFileOptions(model, options), out, select);
  // A child carried in on the first day (model.openAtStart) whose open spans outlast the period, with
  // nothing else before its end, has no row to write: it is counted in `children` but not written.
  const fewer = years ? 0 : options.children - result.children;
  const note = fewer > 0 ? `\n${fewer} of the ${options.children} children asked for have no event in the period (carried in on its first day with spans still open at its end: nothing of theirs to write)` : '';
  return `wrote ${result.rows} events of ${result.children} synthetic children to ${out}${note}${repairsLine(result.repairs)}`;
}

/** The events file's repairs for a model and generator options (what `synth generate` writes). */
export function eventsFileOptions(model: Model | CompiledModel, options: GenerateOptions): EventsFileOptions {
  const eighteen = eighteenthClosures(model);
  return { seed: options.seed, from: options.from, to: options.to, closedAtEighteen: eighteen.share, eighteenReason: eighteen.reason, blankIds: episodeIdBlanker(model, options.seed) };
}

/**
 * The events CSV `synth generate` writes for a model and options, as text chunks (header first): the
 * copy the report route checks, so that it is the file a council would share (review v10b finding 5).
 */
export function modelEventsCsv(model: Model | CompiledModel, options: GenerateOptions, write: (chunk: string) => void): RepairedEventsResult {
  return repairedEventsCsv((emit) => generateChildren(model, options, emit), eventsFileOptions(model, options), write);
}

function repairsLine(repairs: Record<string, number>): string {
  const fixed = Object.entries(repairs).map(([k, v]) => `${k} ${v}`).join(', ');
  return fixed ? `\nrepairs: ${fixed}` : '';
}
