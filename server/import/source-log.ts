// What the format readers (Annex A, CIN census, SSDA903) hand over as they read: children (through the
// one child registry), events with where each came from, rows imported or rejected per file and
// sheet, and data-quality problems. Held in memory until every file is read, because the sequence
// rules and SSDA903's periods of care need all of a child's rows; then written in one go.
import type { Pseudonymiser } from '../privacy/pseudonyms.js';
import { ChildRegistry, type ChildAttributeValues } from './child-registry.js';
import { ProblemList, type Where } from './quality/problems.js';
import type { ProblemCodeName } from './quality/problem-codes.js';

/** Rows read from one file (and sheet, for a workbook). imported + rejected = rows, always. */
export interface SheetTally {
  file: string;
  sheet: string | null;
  rows: number;
  imported: number;
  rejected: number;
  /** rejected rows of a list or table that is not read at all (a subset of `rejected`) */
  skipped: number;
}

export interface SourceRejection {
  file: string;
  sheet: string | null;
  line: number;
  column: string | null;
  reason: string;
  /** the row belongs to a list or table that is deliberately not read (it does not fail a strict import) */
  skipped: boolean;
}

/** A period of care or care episode kept for the views (legal status, placement). */
export interface CareEpisode {
  child: number;
  period: number;
  start: number;
  end: number | null;
  rne: string | null;
  legalStatus: string | null;
  needCode: string | null;
  placement: string | null;
  provider: string | null;
  reasonEnded: string | null;
}

export interface PlanInterval {
  kind: 'cp' | 'cin';
  child: number;
  childId: string;
  start: number;
  end: number | null;
  where: Where;
  field: string;
}

export interface EventOptions {
  episode?: string | null;
  outcome?: number;
  source?: number;
  team?: string | null;
}

const NO_ATTRS: ChildAttributeValues = { dob: null, sex: 0, ethnicity: 0, disability: 0 };

/** Listed rejections are capped like the events importer's; all are counted. */
export const MAX_LISTED_SOURCE_REJECTIONS = 1000;

class GrowingInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class SourceLog {
  readonly registry: ChildRegistry;
  readonly problems = new ProblemList();
  readonly tallies: SheetTally[] = [];
  readonly rejections: SourceRejection[] = [];
  rejectedCount = 0;
  unreadableCount = 0;
  readonly warnings: string[] = [];
  readonly careEpisodes: CareEpisode[] = [];
  /** format-specific counts for the report (episodes, periods of care, …) */
  readonly counts: Record<string, number> = {};
  /** CP and CIN plans as intervals, for the overlap rules */
  readonly intervals: PlanInterval[] = [];

  // Events, columnar, in the order read.
  readonly evChild = new GrowingInt32();
  readonly evType = new GrowingInt32();
  readonly evDay = new GrowingInt32();
  readonly evOutcome = new GrowingInt32();
  readonly evSource = new GrowingInt32();
  /** index into `episodes`, -1 = none */
  readonly evEpisode = new GrowingInt32();
  /** index into `teams`, -1 = none */
  readonly evTeam = new GrowingInt32();
  /** index into `places` (file and sheet) */
  readonly evPlace = new GrowingInt32();
  readonly evRow = new GrowingInt32();
  /** index into `fields` */
  readonly evField = new GrowingInt32();
  readonly episodes: string[] = [];
  readonly teams: string[] = [];
  private readonly teamIndex = new Map<string, number>();
  readonly places: { file: string; sheet: string | null }[] = [];
  private readonly placeIndex = new Map<string, number>();
  readonly fields: string[] = [];
  private readonly fieldIndex = new Map<string, number>();
  /** per child: first value seen of dob, sex, ethnicity, for reporting conflicts once each */
  private readonly firstAttrs: ChildAttributeValues[] = [];
  private readonly conflictReported = new Set<string>();

  constructor(pseudonyms: Pseudonymiser) {
    this.registry = new ChildRegistry(pseudonyms);
  }

  get eventCount(): number {
    return this.evChild.length;
  }

  /** The tally of a file (and sheet); created on first use. */
  tally(file: string, sheet: string | null = null): SheetTally {
    let t = this.tallies.find((x) => x.file === file && x.sheet === sheet);
    if (t === undefined) {
      t = { file, sheet, rows: 0, imported: 0, rejected: 0, skipped: 0 };
      this.tallies.push(t);
    }
    return t;
  }

  reject(t: SheetTally, line: number, column: string | null, reason: string, skipped = false): void {
    t.rejected++;
    if (skipped) t.skipped++;
    else this.unreadableCount++;
    this.rejectedCount++;
    if (this.rejections.length < MAX_LISTED_SOURCE_REJECTIONS) this.rejections.push({ file: t.file, sheet: t.sheet, line, column, reason, skipped });
  }

  /**
   * The child's index; records its attributes as of `day` (null: an undated row, which loses to any
   * dated one) and reports an attribute that differs from an earlier row's.
   */
  child(childId: string, attrs: ChildAttributeValues | null, day: number | null, where: Where, fields: AttributeFields = DEFAULT_FIELDS): number {
    const a = attrs ?? NO_ATTRS;
    const idx = this.registry.addChild(childId, a, day ?? -1e9, -1);
    let first = this.firstAttrs[idx];
    if (first === undefined) {
      first = { ...a };
      this.firstAttrs[idx] = first;
      return idx;
    }
    this.checkConflict(childId, 'dob', first, a, where, fields.dob);
    this.checkConflict(childId, 'sex', first, a, where, fields.sex);
    this.checkConflict(childId, 'ethnicity', first, a, where, fields.ethnicity);
    return idx;
  }

  private checkConflict(childId: string, attr: 'dob' | 'sex' | 'ethnicity', first: ChildAttributeValues, now: ChildAttributeValues, where: Where, field: string): void {
    const value = now[attr];
    if (value === null || value === 0) return;
    const before = first[attr];
    if (before === null || before === 0) {
      first[attr] = value as never;
      return;
    }
    if (before === value || this.conflictReported.has(`${childId}\u0000${attr}`)) return;
    this.conflictReported.add(`${childId}\u0000${attr}`);
    const label = attr === 'dob' ? 'date of birth' : attr;
    this.problem('attribute_conflict', childId, where, field, `this row gives the child a different ${label} from an earlier row; the latest-dated value is kept`, [attr]);
  }

  event(child: number, type: number, day: number, where: Where, field: string, options: EventOptions = {}): void {
    this.evChild.push(child);
    this.evType.push(type);
    this.evDay.push(day);
    this.evOutcome.push(options.outcome ?? 0);
    this.evSource.push(options.source ?? 0);
    if (options.episode === undefined || options.episode === null) this.evEpisode.push(-1);
    else {
      this.evEpisode.push(this.episodes.length);
      this.episodes.push(options.episode);
    }
    this.evTeam.push(options.team ? this.teamOf(options.team) : -1);
    this.evPlace.push(this.placeOf(where.file, where.sheet));
    this.evRow.push(where.row);
    this.evField.push(this.fieldOf(field));
  }

  /** Records a plan's dates (either may be missing) for the overlap rules. */
  interval(kind: 'cp' | 'cin', child: number, childId: string, start: number | undefined, end: number | undefined, where: Where, field: string): void {
    if (start === undefined) return;
    this.intervals.push({ kind, child, childId, start, end: end ?? null, where, field });
  }

  problem(code: ProblemCodeName, childId: string, where: Where, field: string | null, message: string, keyParts: readonly (string | number | null)[]): void {
    this.problems.add(code, where, field, message, this.registry.problemKey(childId, [code, field, ...keyParts]));
  }

  /** Where event `e` came from. */
  whereOf(e: number): Where {
    const place = this.places[this.evPlace.data[e]!]!;
    return { file: place.file, sheet: place.sheet, row: this.evRow.data[e]! };
  }

  fieldOf(name: string): number {
    let i = this.fieldIndex.get(name);
    if (i === undefined) {
      i = this.fields.length;
      this.fields.push(name);
      this.fieldIndex.set(name, i);
    }
    return i;
  }

  private teamOf(team: string): number {
    let i = this.teamIndex.get(team);
    if (i === undefined) {
      i = this.teams.length;
      this.teams.push(team);
      this.teamIndex.set(team, i);
    }
    return i;
  }

  private placeOf(file: string, sheet: string | null): number {
    const k = `${file}\u0000${sheet ?? ''}`;
    let i = this.placeIndex.get(k);
    if (i === undefined) {
      i = this.places.length;
      this.places.push({ file, sheet });
      this.placeIndex.set(k, i);
    }
    return i;
  }
}

/** The names of the fields a format gives the child's attributes in (for reporting conflicts). */
export interface AttributeFields {
  dob: string;
  sex: string;
  ethnicity: string;
}

const DEFAULT_FIELDS: AttributeFields = { dob: 'dob', sex: 'sex', ethnicity: 'ethnicity' };
