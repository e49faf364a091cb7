// The demo council that `npm start` loads on a fresh clone, drawn from the built-in calibrated model.
// Children start arriving years before the data begins (a burn-in), so that the data opens with
// children already known (earlier episodes and plans in their history), as a council's extract does; the
// file holds every journey that began from its first day (journeys under way then are left out whole,
// with an idle episode's later plan or closure: no episode lacks its referral). The file holds seven years
// (April 2018 to March 2025): the last four are the demo window, calibrated to the national figures
// (bench/demo-calibration.ts prints them), and the three before give its 36-month look-backs.
import { dayFromCivil } from '../core/dates.js';
import { DEFAULT_MODEL } from './defaults.js';
import type { GenerateOptions } from './generate.js';
import { writeSyntheticCsv } from './output.js';

/** The demo window: the four years the calibration is measured on. */
export const DEMO_FROM = dayFromCivil(2021, 4, 1);
export const DEMO_TO = dayFromCivil(2025, 3, 31);
/** First day written: three years of history before the window, for look-backs (prior referral in 36 months). */
export const DEMO_DATA_FROM = dayFromCivil(2018, 4, 1);
/** Children start arriving here; events before DEMO_DATA_FROM are simulated, not written. */
export const DEMO_BURN_IN_FROM = dayFromCivil(2008, 4, 1);
/** Children written by default (each has an event between DEMO_DATA_FROM and DEMO_TO). */
export const DEMO_CHILDREN = 10_000;

/** The generator options of the demo dataset (for writing it, or making the same data in memory). */
export function demoOptions(options: { seed?: number; children?: number } = {}): GenerateOptions {
  return { children: options.children ?? DEMO_CHILDREN, from: DEMO_DATA_FROM, to: DEMO_TO, historyFrom: DEMO_BURN_IN_FROM, openOnFrom: 'drop', seed: options.seed ?? 2018 };
}

/** Writes the demo events CSV to `path`; `rows` is the number of events written. */
export async function writeDemoCsv(path: string, options: { seed?: number; children?: number } = {}): Promise<{ rows: number }> {
  const { rows } = await writeSyntheticCsv(DEFAULT_MODEL, demoOptions(options), path);
  return { rows };
}
