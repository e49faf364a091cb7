// Small text helpers the writers share: the date spellings of each format and CSV fields.
import { formatDay } from '../../core/dates.js';

/** dd/mm/yyyy (SSDA903). */
export function dmy(day: number): string {
  const iso = formatDay(day);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** A CSV line; fields with a comma, quote or line break are quoted. */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return fields.map((f) => {
    const text = f === null || f === undefined ? '' : String(f);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',') + '\n';
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
