// Generates the children once and writes them as returns: every format and every year from the same
// children, cases and enrichment, so only the writing differs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../core/random.js';
import { annexASheets } from './annex-a.js';
import { buildCase, type CaseOptions as BuildCaseOptions, type CaseRecord } from './case.js';
import { writeCinCensus } from './cin-census.js';
import { childSeed, enrichCase, makeCouncil } from './enrich.js';
import { upnAllocator } from './identifiers.js';
import { toReturnChild, type GeneratedChild } from './input.js';
import type { ReturnCase } from './return-case.js';
import { ssda903FileName, writeSsda903 } from './ssda903.js';
import type { CollectionYear } from './years.js';
import { writeXlsx } from '../../server/import/common/xlsx-write.js';

export const RETURN_FORMATS = ['ssda903', 'cin', 'annex-a'] as const;
export type ReturnFormat = (typeof RETURN_FORMATS)[number];

export interface CaseOptions {
  seed: number;
  /** the generator's first day: starts a journey lacks are put before it */
  from: number;
  /** 3-digit LA code */
  la?: string;
  /** the generator's last day: an episode still open on a child's 18th birthday before it closes then (case.ts) */
  to?: number;
  /** the reason such a closure gives (case.ts; default RC7) */
  eighteenReason?: string;
}

/**
 * Builds the returns' view of each generated child. `generate` calls its argument once per child
 * (the generator's contract); children are copied, so a generator that reuses its arrays is fine.
 */
export function buildCases(generate: (emit: (child: GeneratedChild) => void) => void, options: CaseOptions): { cases: ReturnCase[]; repairs: Record<string, number> } {
  const council = makeCouncil(options.seed, options.la);
  const cases: ReturnCase[] = [];
  const repairs: Record<string, number> = {};
  // UPNs distinct by construction at any size (CIN 1520, SSDA903 no duplicate UPN)
  const upn = upnAllocator(council.la);
  generate((generated) => {
    const record = repairedCase(generated, options);
    countRepairs(repairs, record);
    cases.push({ record, extra: enrichCase(record, council, options.seed, upn) });
  });
  return { cases, repairs };
}

/**
 * A generated child's journey with the returns' repairs made: what every writer, the events CSV's
 * included, writes. `cpPlanAtConference: false` for the events CSV (case.ts CaseOptions).
 */
export function repairedCase(generated: GeneratedChild, options: RepairOptions): CaseRecord {
  const child = toReturnChild(generated);
  const random = seededRandom(childSeed(options.seed, child.id) ^ 0x9e3779b9);
  return buildCase(child, {
    historyEnd: options.from, random, cpPlanAtConference: options.cpPlanAtConference, windowEnd: options.to,
    closeAtEighteen: options.closeAtEighteen, keepOpenAtEighteen: options.keepOpenAtEighteen, eighteenReason: options.eighteenReason, closeBeforeNextReferral: options.closeBeforeNextReferral,
  });
}

/** The generator's window and seed, and the case.ts CaseOptions that differ between the events file and the returns. */
export interface RepairOptions extends Pick<BuildCaseOptions, 'cpPlanAtConference' | 'closeAtEighteen' | 'keepOpenAtEighteen' | 'eighteenReason' | 'closeBeforeNextReferral'> {
  seed: number;
  from: number;
  to?: number;
}

export function countRepairs(total: Record<string, number>, record: CaseRecord): void {
  for (const [k, v] of Object.entries(record.repairs)) total[k] = (total[k] ?? 0) + v;
}

export interface WrittenFile {
  path: string;
  bytes: number;
}

/** Writes one format for each year; SSDA903 into the folder `out` (one CSV per table and year), the others to `out` (one year) or `out` with the year before the extension. */
export function writeReturns(cases: readonly ReturnCase[], format: ReturnFormat, years: readonly CollectionYear[], out: string, la = '201'): WrittenFile[] {
  const files: WrittenFile[] = [];
  const put = (path: string, data: string | Buffer): void => {
    writeFileSync(path, data);
    files.push({ path, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length });
  };
  const yearPath = (yr: CollectionYear): string => (years.length === 1 ? out : out.replace(/(\.[^./]+)?$/, (ext) => `-${yr.year}${ext}`));
  if (format === 'ssda903') mkdirSync(out, { recursive: true });
  for (const yr of years) {
    if (format === 'ssda903') for (const [table, text] of writeSsda903(cases, yr)) put(join(out, ssda903FileName(yr.year, table)), text);
    else if (format === 'cin') put(yearPath(yr), writeCinCensus(cases, yr, { la }));
    else put(yearPath(yr), writeXlsx(annexASheets(cases, yr, la)));
  }
  return files;
}
