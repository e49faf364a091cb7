// One SSDA903 return as the 903 validator sees it: the year's tables as rows of text, the previous
// year's header and episodes where given, the collection window and the LA.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { dayFromCivil, daysInMonth } from '../../../../core/dates.js';
import type { Row } from './rule.js';

export const SSDA903_TABLES = ['header', 'episodes', 'reviews', 'uasc', 'oc2', 'oc3', 'ad1', 'placed_adoption', 'prev_perm', 'missing', 'sw_episodes'] as const;
export type Ssda903Table = (typeof SSDA903_TABLES)[number];

export interface Ssda903Return {
  year: number;
  /** day numbers (core/dates.ts) of 1 April and 31 March */
  collectionStart: number;
  collectionEnd: number;
  /** 3-digit LA code */
  la: string;
  /** every table; an absent file is an empty table */
  tables: Record<Ssda903Table, Row[]>;
  /** the previous year's tables, where that year was written too (header and episodes always; the rest
   *  where their files exist: 205A–D read UASC, 348 OC3, 559–561 placed_adoption, 576 missing, SW16a–c sw_episodes) */
  last?: { header: Row[]; episodes: Row[] } & Partial<Record<Ssda903Table, Row[]>>;
}

/** RFC 4180 rows of a CSV text, the header first. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); cell = '';
      rows.push(row); row = [];
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

export function csvRows(text: string): Row[] {
  const [head, ...body] = parseCsv(text);
  if (!head) return [];
  return body.map((cells) => Object.fromEntries(head.map((h, i) => [h, cells[i] ?? ''])));
}

/** Reads `<dir>/<year>-<table>.csv` for every table (as synth/returns writes them). */
export function loadSsda903(dir: string, year: number, la = '201'): Ssda903Return {
  const read = (y: number, table: string): Row[] | undefined => {
    const path = join(dir, `${y}-${table}.csv`);
    return existsSync(path) ? csvRows(readFileSync(path, 'utf8')) : undefined;
  };
  const tables = Object.fromEntries(SSDA903_TABLES.map((t) => [t, read(year, t) ?? []])) as Record<Ssda903Table, Row[]>;
  const lastHeader = read(year - 1, 'header');
  const lastEpisodes = read(year - 1, 'episodes');
  const lastOthers = Object.fromEntries(SSDA903_TABLES.flatMap((t) => {
    const rows = t === 'header' || t === 'episodes' ? undefined : read(year - 1, t);
    return rows ? [[t, rows]] : [];
  }));
  return {
    year,
    collectionStart: dayFromCivil(year - 1, 4, 1),
    collectionEnd: dayFromCivil(year, 3, 31),
    la,
    tables,
    ...(lastHeader && lastEpisodes ? { last: { ...lastOthers, header: lastHeader, episodes: lastEpisodes } } : {}),
  };
}

/** dd/mm/yyyy (the 903's date format) to a day number; null when blank or not a real date. */
export function day903(text: string | undefined): number | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec((text ?? '').trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // a day the month does not have (31/02) is no date, as pandas' strict dd/mm/yyyy parse says
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayFromCivil(y, mo, d);
}
