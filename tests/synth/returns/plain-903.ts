// A reader of the written SSDA903 CSVs for the returns tests, kept apart from the importer on purpose:
// the synthetic writer never quotes a field, so a plain split is the whole format, and a test that read
// the files with the importer's own parser could not catch a column the two agree on wrongly.
import { readFileSync } from 'node:fs';
import { dayFromCivil } from '../../../core/dates.js';

export type Row = Record<string, string>;

/** the file's rows as column → value (its header names the columns) */
export function plainCsvRows(path: string): Row[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const cols = head!.split(',');
  return lines.filter((l) => l !== '').map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

/** dd/mm/yyyy → day number */
export function dmyDay(text: string): number {
  const [dd, mm, yyyy] = text.split('/').map(Number);
  return dayFromCivil(yyyy!, mm!, dd!);
}
