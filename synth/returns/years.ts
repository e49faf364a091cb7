// Collection years: the 2024 return covers 1 April 2023 to 31 March 2024, as the DfE and Ofsted name them.
import { dayFromCivil } from '../../core/dates.js';

export interface CollectionYear {
  /** the year the return is named after (its 31 March) */
  year: number;
  /** 1 April of the year before */
  start: number;
  /** 31 March */
  end: number;
}

export function collectionYear(year: number): CollectionYear {
  return { year, start: dayFromCivil(year - 1, 4, 1), end: dayFromCivil(year, 3, 31) };
}

/** `2024` or `2022-2024` (inclusive) into the years, in order. */
export function parseYears(text: string): CollectionYear[] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`--year must be YYYY or YYYY-YYYY, got "${text}"`);
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (last < first) throw new RangeError(`--year ${text}: the last year is before the first`);
  if (first < 2000 || last > 2100) throw new RangeError(`--year ${text}: years must be between 2000 and 2100`);
  const years: CollectionYear[] = [];
  for (let y = first; y <= last; y++) years.push(collectionYear(y));
  return years;
}
