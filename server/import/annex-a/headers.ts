// Matching an Annex A sheet's header row to the columns of its list: a header matches a column by any
// of the column's spellings whatever its case, spacing and punctuation (`Age of Child (Years)`, `AGE`),
// then with parenthesised hints left out (`Date of Birth (dd/mm/yyyy)`), then by the column's keywords
// (`Date Birth`, `Child's date of birth`): every word of a keyword group must begin a word of the
// header, and the column whose group matches the most words wins (a tie matches nothing).
import { normaliseName } from '../common/values.js';
import type { AnnexColumn, AnnexList } from './lists.js';

const SPELLINGS = new Map<AnnexList, Map<string, AnnexColumn>>();

function spellings(list: AnnexList): Map<string, AnnexColumn> {
  let map = SPELLINGS.get(list);
  if (map === undefined) {
    map = new Map(list.columns.flatMap((c) => [c.header, ...(c.variants ?? [])].map((h) => [normaliseName(h), c] as const)));
    SPELLINGS.set(list, map);
  }
  return map;
}

/** The header without parenthesised or bracketed hints and a trailing question mark. */
function withoutHints(header: string): string {
  return header.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').replace(/\?\s*$/, '');
}

/** The column a header names by one of its spellings (with or without hints), or undefined. */
export function columnBySpelling(list: AnnexList, header: string): AnnexColumn | undefined {
  const map = spellings(list);
  return map.get(normaliseName(header)) ?? map.get(normaliseName(withoutHints(header)));
}

function words(header: string): string[] {
  return withoutHints(header).toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** How many words of the column's best keyword group the header's words begin with all of (0: none matches). */
function keywordScore(column: AnnexColumn, headerWords: readonly string[]): number {
  let best = 0;
  for (const group of column.keywords ?? []) {
    if (group.length > best && group.every((k) => headerWords.some((w) => w.startsWith(k)))) best = group.length;
  }
  return best;
}

/** The column of each header cell (undefined: none, or a repeat of a column already matched). */
export function matchHeaders(list: AnnexList, headers: readonly string[]): { columns: (AnnexColumn | undefined)[]; repeats: number[] } {
  const columns: (AnnexColumn | undefined)[] = new Array(headers.length);
  const taken = new Set<string>();
  const repeats: number[] = [];
  headers.forEach((h, i) => {
    if (h === '') return;
    const column = columnBySpelling(list, h);
    if (column === undefined) return;
    if (taken.has(column.key)) repeats.push(i);
    else {
      columns[i] = column;
      taken.add(column.key);
    }
  });
  headers.forEach((h, i) => {
    if (h === '' || columns[i] !== undefined || repeats.includes(i)) return;
    const headerWords = words(h);
    let best: AnnexColumn | undefined;
    let bestScore = 0;
    let tie = false;
    for (const column of list.columns) {
      if (taken.has(column.key)) continue;
      const score = keywordScore(column, headerWords);
      if (score > bestScore) {
        best = column;
        bestScore = score;
        tie = false;
      } else if (score > 0 && score === bestScore) tie = true;
    }
    if (best !== undefined && !tie) {
      columns[i] = best;
      taken.add(best.key);
    }
  });
  return { columns, repeats };
}
