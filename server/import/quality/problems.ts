// The data-quality report: each problem with where it is (file, sheet, the row a spreadsheet or
// text editor shows, field) and a plain-English message, grouped by code with counts. A problem
// never drops a row. `key` identifies the same problem in a re-import of corrected files (rows move,
// so it is built from the child, the field and the values, through the child registry's keyed hash).
import { PROBLEM_CODES, type ProblemCodeName } from './problem-codes.js';

export interface Problem {
  code: ProblemCodeName;
  message: string;
  file: string;
  sheet: string | null;
  row: number;
  field: string | null;
  /** the DfE validation rule with the same meaning, when there is one */
  dfeRule: string | null;
  /** true when the previous import of this dataset did not have this problem */
  isNew: boolean;
  /** the event type of the row, where the problem is one event's (the events CSV's journey grammar) */
  event?: string;
}

/** A problem as it is collected, with its identity for comparing imports. */
export interface KeyedProblem extends Problem {
  key: string;
}

export interface ProblemGroup {
  code: ProblemCodeName;
  summary: string;
  dfeRule: string | null;
  count: number;
  newCount: number;
  /** the group's problems by event type, most first, where they name one (duplicate rows: which events repeat) */
  byEvent?: { event: string; count: number }[];
}

export interface QualityReport {
  total: number;
  newSinceLastImport: number;
  /** whether a previous import of this dataset existed to compare with */
  comparedWithPrevious: boolean;
  byCode: ProblemGroup[];
  problems: Problem[];
  /** set when `problems` lists only the first ones (the CSV download has them all) */
  truncated: boolean;
}

export interface Where {
  file: string;
  sheet: string | null;
  row: number;
}

export class ProblemList {
  private readonly list: KeyedProblem[] = [];
  private readonly dropped = new Set<KeyedProblem>();

  /** `dfeRule` undefined: the code's usual DfE rule; null: none for this instance. */
  add(code: ProblemCodeName, where: Where, field: string | null, message: string, key: string, dfeRule?: string | null, event?: string): void {
    const problem: KeyedProblem = { code, message, file: where.file, sheet: where.sheet, row: where.row, field, dfeRule: dfeRule === undefined ? PROBLEM_CODES[code].dfeRule : dfeRule, isNew: true, key };
    if (event !== undefined) problem.event = event;
    this.list.push(problem);
  }

  /** How many problems have been added so far (a mark for `dropSince`). */
  get mark(): number {
    return this.list.length;
  }

  /** Drops the problems added at or after `mark` whose row is in `rows` (rows of a census copy that a later census superseded). */
  dropAt(from: number, to: number, file: string, rows: ReadonlySet<number>): void {
    for (let k = from; k < to; k++) {
      const p = this.list[k]!;
      if (p.file === file && rows.has(p.row)) this.dropped.add(p);
    }
  }

  /** Drops the problems from `from` to `to` (marks), whatever their rows: those of a row refused whole. */
  dropRange(from: number, to: number): void {
    for (let k = from; k < to; k++) this.dropped.add(this.list[k]!);
  }

  /** Every problem kept. */
  get all(): KeyedProblem[] {
    return this.dropped.size === 0 ? this.list : this.list.filter((p) => !this.dropped.has(p));
  }

  /** Marks which problems the previous import did not have (`previousKeys` null: nothing to compare). */
  markNew(previousKeys: ReadonlySet<string> | null): void {
    if (previousKeys === null) return;
    for (const p of this.list) p.isNew = !previousKeys.has(p.key);
  }

  /** In file, sheet and row order, so a report reads down the files. */
  sorted(): KeyedProblem[] {
    return this.all.slice().sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || compareSheets(a.sheet, b.sheet) || a.row - b.row || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  report(comparedWithPrevious: boolean, limit = Infinity): QualityReport {
    const sorted = this.sorted();
    const byCode = groupByCode(sorted);
    const listed = sorted.slice(0, limit).map(({ key: _key, ...problem }) => problem);
    return {
      total: sorted.length,
      newSinceLastImport: comparedWithPrevious ? byCode.reduce((n, g) => n + g.newCount, 0) : 0,
      comparedWithPrevious,
      byCode,
      problems: listed,
      truncated: listed.length < sorted.length,
    };
  }
}

/**
 * Problems grouped by code with counts, most frequent first; a group's DfE rule lists the rules its
 * problems break (an S47 and a CP plan dated before their referral break different rules). The
 * import report and GET …/quality both use this.
 */
export function groupByCode(problems: readonly Problem[]): ProblemGroup[] {
  const groups = new Map<ProblemCodeName, ProblemGroup & { rules: Set<string>; events: Map<string, number> }>();
  for (const p of problems) {
    let g = groups.get(p.code);
    if (g === undefined) {
      g = { code: p.code, summary: PROBLEM_CODES[p.code]?.summary ?? p.code, dfeRule: null, count: 0, newCount: 0, rules: new Set(), events: new Map() };
      groups.set(p.code, g);
    }
    g.count++;
    if (p.isNew) g.newCount++;
    if (p.dfeRule !== null) g.rules.add(p.dfeRule);
    if (p.event !== undefined) g.events.set(p.event, (g.events.get(p.event) ?? 0) + 1);
  }
  return [...groups.values()]
    .map(({ rules, events, ...g }) => {
      const group: ProblemGroup = { ...g, dfeRule: rules.size === 0 ? null : [...rules].sort(compareRules).join('; ') };
      if (events.size > 0) group.byEvent = [...events].map(([event, count]) => ({ event, count })).sort((a, b) => b.count - a.count || (a.event < b.event ? -1 : 1));
      return group;
    })
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

/** `CIN 1103` before `CIN 1104` before `SSDA903 302`. */
function compareRules(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** `List 2` before `List 10`: numbers inside names compare as numbers. */
function compareSheets(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a.localeCompare(b, 'en', { numeric: true });
}

const CSV_COLUMNS = ['code', 'message', 'file', 'sheet', 'row', 'field', 'dfe_rule', 'new'] as const;

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading = + - @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The problems as CSV, one per line, header first. */
export function problemsCsv(problems: readonly Problem[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const p of problems) {
    lines.push([p.code, p.message, p.file, p.sheet, p.row, p.field, p.dfeRule, p.isNew ? 'yes' : 'no'].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
