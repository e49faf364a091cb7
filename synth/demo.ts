// The demo council that `npm start` loads on a fresh clone: four years (April 2021 to March 2025) of a
// few thousand synthetic children drawn from the built-in calibrated model.
import { dayFromCivil } from '../core/dates.js';
import { DEFAULT_MODEL } from './defaults.js';
import { writeSyntheticCsv } from './output.js';

export const DEMO_FROM = dayFromCivil(2021, 4, 1);
export const DEMO_TO = dayFromCivil(2025, 3, 31);

/** Writes the demo events CSV to `path`; `rows` is the number of events written. */
export async function writeDemoCsv(path: string, options: { seed?: number; children?: number } = {}): Promise<{ rows: number }> {
  const { rows } = await writeSyntheticCsv(
    DEFAULT_MODEL,
    { children: options.children ?? 4000, from: DEMO_FROM, to: DEMO_TO, seed: options.seed ?? 2018 },
    path,
  );
  return { rows };
}
