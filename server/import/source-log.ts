// What the format readers (Annex A, CIN census, SSDA903) hand over as they read: children (through the
// one child registry), events with where each came from, other dated facts of a child (for the date
// of birth check), rows imported or not per file and sheet, and data-quality problems. Held in memory
// until every file is read, because the sequence rules, the merging of sources and SSDA903's periods
// of care need all of a child's rows; then written in one go. Events are columns of integers (no
// object per event), so memory follows the number of events, not the size of the files.
import type { Pseudonymiser } from '../privacy/pseudonyms.js';
import { ChildRegistry, type ChildAttributeValues } from './child-registry.js';
import { ProblemList, type Where } from './quality/problems.js';
import type { ProblemCodeName } from './quality/problem-codes.js';

export type SourceFormatName = 'annex-a' | 'cin' | 'ssda903';

/**
 * Rows read from one file (and sheet, for a workbook). imported + rejected = rows, always; rejected
 * rows are either unreadable (no child identifier, no usable date) or not read on purpose (`skipped`:
 * a list or table that is not imported, a census copy superseded by a later census).
 */
export interface SheetTally {
  file: string;
  sheet: string | null;
  rows: number;
  imported: number;
  rejected: number;
  /** rejected rows that were not read on purpose (a subset of `rejected`; they never fail an import) */
  skipped: number;
}

/** A tally with the format of its file (kept apart so reports show only SheetTally's fields). */
interface Place {
  tally: SheetTally;
  format: SourceFormatName;
}

export interface SourceRejection {
  file: string;
  sheet: string | null;
  line: number;
  column: string | null;
  reason: string;
  /** not read on purpose (a list or table that is not imported, a superseded census copy): never fails a strict import */
  skipped: boolean;
}

/** A care episode kept for the views (legal status, placement), with the period of care it belongs to. */
export interface CareEpisode {
  child: number;
  /** the period's number within the child's periods of that source (renumbered over all sources when written) */
  period: number;
  source: SourceFormatName;
  /** the event that starts the period (-1: none): a period merged into another source's is not kept twice */
  startEvent: number;
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
  /** the plan's start event (an interval whose start event was merged away or superseded is not a plan) */
  startEvent: number;
  start: number;
  end: number | null;
  where: Where;
  field: string;
}

/** Marks an event that was superseded (a later census's copy) or merged into the same event of another source. */
export const DEAD = -1;

const NO_ATTRS: ChildAttributeValues = { dob: null, sex: 0, ethnicity: 0, disability: 0 };

/** Listed rejections are capped like the events importer's; all are counted. */
export const MAX_LISTED_SOURCE_REJECTIONS = 1000;

/**
 * A column of int32 that doubles as it fills. The columns of one table fill in step, so each starts at a
 * capacity of its own (1024 + 64 k, k going round 32 values in the order columns are made) and doubles at
 * its own length: the ten event columns of a 110 MB census doubling at the same event (2,097,152), each
 * allocating 16 MB and copying 8 MB, held the service for a 60 ms stall in one piece (grow: 56 of its 59
 * samples; audit a12f M2); now a slice takes one column's growth, about 131,000 events from the next.
 */
export class GrowingInt32 {
  private static made = 0;
  data = new Int32Array(1024 + 64 * (GrowingInt32.made++ % 32));
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }
  private grow(): void {
    const next = new Int32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

export class SourceLog {
  readonly registry: ChildRegistry;
  readonly problems = new ProblemList();
  private readonly placeList: Place[] = [];
  private readonly placeIndex = new Map<string, number>();
  readonly rejections: SourceRejection[] = [];
  rejectedCount = 0;
  unreadableCount = 0;
  /** dates outside 1900 .. one year after today listed since the row began (badDateRefused; rowRefused counts the row) */
  private refusedDates = 0;
  readonly warnings: string[] = [];
  readonly careEpisodes: CareEpisode[] = [];
  /** format-specific counts for the report (episodes, periods of care, …) */
  readonly counts: Record<string, number> = {};
  /** cla_start events dated at the first episode in the files, the period having begun before them (SSDA903) */
  readonly careStartsNotKnown: number[] = [];
  /** CP and CIN plans as intervals, for the overlap rules */
  readonly intervals: PlanInterval[] = [];

  // Events, columnar, in the order read. evType is DEAD for an event superseded or merged away.
  readonly evChild = new GrowingInt32();
  readonly evType = new GrowingInt32();
  readonly evDay = new GrowingInt32();
  readonly evOutcome = new GrowingInt32();
  readonly evSource = new GrowingInt32();
  /** index into `episodes`, -1 = none */
  readonly evEpisode = new GrowingInt32();
  /** index into `teams`, -1 = none */
  readonly evTeam = new GrowingInt32();
  /** index into the places (file and sheet) */
  readonly evPlace = new GrowingInt32();
  readonly evRow = new GrowingInt32();
  /** index into `fields` */
  readonly evField = new GrowingInt32();
  deadEvents = 0;

  // Other dates of a child's life in the files (visits, reviews, …): checked against the date of birth only.
  readonly factChild = new GrowingInt32();
  readonly factDay = new GrowingInt32();
  readonly factPlace = new GrowingInt32();
  readonly factRow = new GrowingInt32();
  readonly factField = new GrowingInt32();

  /** episode ids, one per episode (events refer to them by index) */
  readonly episodes: string[] = [];
  readonly teams: string[] = [];
  private readonly teamIndex = new Map<string, number>();
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

  /** Events not superseded or merged away. */
  get liveEventCount(): number {
    return this.evChild.length - this.deadEvents;
  }

  /** Tallies of every file and sheet, in the order first read. */
  get tallies(): SheetTally[] {
    return this.placeList.map((p) => p.tally);
  }

  /** The place (file and sheet) index, created on first use with its format. */
  place(file: string, sheet: string | null, format: SourceFormatName): number {
    const key = `${file}\u0000${sheet ?? ''}`;
    let i = this.placeIndex.get(key);
    if (i === undefined) {
      i = this.placeList.length;
      this.placeList.push({ tally: { file, sheet, rows: 0, imported: 0, rejected: 0, skipped: 0 }, format });
      this.placeIndex.set(key, i);
    }
    return i;
  }

  tallyOf(place: number): SheetTally {
    return this.placeList[place]!.tally;
  }

  formatOf(place: number): SourceFormatName {
    return this.placeList[place]!.format;
  }

  /** The tally of a file (and sheet); created on first use. */
  tally(file: string, sheet: string | null, format: SourceFormatName): SheetTally {
    return this.tallyOf(this.place(file, sheet, format));
  }

  /**
   * Refuses a date outside 1900 .. one year after today, in a strict import and a lenient one alike (as
   * the events CSV does): lists it with its line, field and reason (never the value), and the reader, at
   * the end of the row, asks rowRefused, which counts the row rejected once and has it dropped.
   * `birth`: the date is a date of birth, refused when it is no date at all too (2010-02-31): ages, the
   * 18th birthday and the cohorts all hang on it, so the events CSV refuses such a row and so do these.
   */
  badDateRefused(t: SheetTally, line: number, field: string, parsed: { reason: string; outOfRange?: true }, birth = false): boolean {
    if (parsed.outOfRange !== true && !birth) return false;
    this.refusedDates++;
    if (this.rejections.length < MAX_LISTED_SOURCE_REJECTIONS) this.rejections.push({ file: t.file, sheet: t.sheet, line, column: field, reason: `${field}: ${parsed.reason}`, skipped: false });
    return true;
  }

  /**
   * Whether the row just read held a refused date (badDateRefused): then it is counted rejected, once, and
   * its reader keeps nothing of it. `rows`: the rows it refuses (a CIN child's, refused with its birth date).
   */
  rowRefused(t: SheetTally, rows = 1): boolean {
    if (this.refusedDates === 0) return false;
    this.refusedDates = 0;
    t.rejected += rows;
    this.unreadableCount += Math.max(rows, 1);
    this.rejectedCount += rows;
    return true;
  }

  /**
   * In a strict import, every date that could not be read (a `bad_date` quality problem still standing once
   * later census copies have superseded earlier rows) refuses the import: its event would be lost. Listed like
   * a rejected row, with its line, field and reason (never the value). Leniently they stay quality problems.
   * (Audit a12c finding 2: an AssessmentAuthorisationDate of 2024-02-30 lost its assessment end in a strict
   * CIN import, where the events CSV refuses the same date.)
   */
  refuseUnreadDates(): void {
    const rowKey = (file: string, sheet: string | null, line: number) => `${file}\u0000${sheet}\u0000${line}`;
    // a row refused already (no usable date at all) is listed once, for that
    const rows = new Set<string>(this.rejections.map((r) => rowKey(r.file, r.sheet, r.line)));
    for (const p of this.problems.sorted()) {
      if (p.code !== 'bad_date' || rows.has(rowKey(p.file, p.sheet, p.row))) continue;
      if (this.rejections.length < MAX_LISTED_SOURCE_REJECTIONS) this.rejections.push({ file: p.file, sheet: p.sheet, line: p.row, column: p.field, reason: p.message, skipped: false });
      // the row, counted imported, is now one that cannot be read (once, however many of its dates are bad)
      rows.add(rowKey(p.file, p.sheet, p.row));
      const t = this.tallies.find((x) => x.file === p.file && x.sheet === p.sheet);
      if (t && t.imported > 0) (t.imported--, t.rejected++);
      this.unreadableCount++;
      this.rejectedCount++;
    }
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
      this.firstAttrs[idx] = { dob: a.dob, sex: a.sex, ethnicity: a.ethnicity, disability: a.disability };
      return idx;
    }
    if (a.dob !== null && first.dob !== a.dob) this.checkConflict(childId, 'dob', first, a, where, fields.dob);
    if (a.sex !== 0 && first.sex !== a.sex) this.checkConflict(childId, 'sex', first, a, where, fields.sex);
    if (a.ethnicity !== 0 && first.ethnicity !== a.ethnicity) this.checkConflict(childId, 'ethnicity', first, a, where, fields.ethnicity);
    return idx;
  }

  private checkConflict(childId: string, attr: 'dob' | 'sex' | 'ethnicity', first: ChildAttributeValues, now: ChildAttributeValues, where: Where, field: string): void {
    const value = now[attr];
    const before = first[attr];
    if (before === null || before === 0) {
      first[attr] = value as never;
      return;
    }
    if (this.conflictReported.has(`${childId}\u0000${attr}`)) return;
    this.conflictReported.add(`${childId}\u0000${attr}`);
    const label = attr === 'dob' ? 'date of birth' : attr;
    this.problem('attribute_conflict', childId, where, field, `this row gives the child a different ${label} from an earlier row; the latest-dated value is kept`, [attr]);
  }

  /** Records an event; returns its index. `episode` and `team` are indexes (episodeOf, teamOf) or -1. */
  addEvent(child: number, type: number, day: number, place: number, row: number, field: number, outcome = 0, source = 0, episode = -1, team = -1): number {
    const e = this.evChild.length;
    this.evChild.push(child);
    this.evType.push(type);
    this.evDay.push(day);
    this.evOutcome.push(outcome);
    this.evSource.push(source);
    this.evEpisode.push(episode);
    this.evTeam.push(team);
    this.evPlace.push(place);
    this.evRow.push(row);
    this.evField.push(field);
    return e;
  }

  /** Marks an event as superseded or merged away: it is neither checked nor written. */
  kill(e: number): void {
    if (this.evType.data[e] === DEAD) return;
    this.evType.data[e] = DEAD;
    this.deadEvents++;
  }

  isLive(e: number): boolean {
    return this.evType.data[e] !== DEAD;
  }

  /** Records a date of something that happened to the child that gives no event (checked against the date of birth). */
  fact(child: number, day: number, place: number, row: number, field: number): void {
    this.factChild.push(child);
    this.factDay.push(day);
    this.factPlace.push(place);
    this.factRow.push(row);
    this.factField.push(field);
  }

  /** Records a plan's dates (the end may be missing) for the overlap rules. */
  interval(kind: 'cp' | 'cin', child: number, childId: string, startEvent: number, end: number | null, where: Where, field: string): void {
    this.intervals.push({ kind, child, childId, startEvent, start: this.evDay.data[startEvent]!, end, where, field });
  }

  /**
   * Records a data-quality problem. `dfeRule` names the DfE rule this instance breaks when it differs
   * from the code's usual one (null: none); `keyParts` identify it across imports.
   */
  problem(code: ProblemCodeName, childId: string, where: Where, field: string | null, message: string, keyParts: readonly (string | number | null)[], dfeRule?: string | null): void {
    this.problems.add(code, where, field, message, this.registry.problemKey(childId, [code, field, ...keyParts]), dfeRule);
  }

  /** Where event `e` came from. */
  whereOf(e: number): Where {
    const t = this.placeList[this.evPlace.data[e]!]!.tally;
    return { file: t.file, sheet: t.sheet, row: this.evRow.data[e]! };
  }

  /** Where a place and row are. */
  at(place: number, row: number): Where {
    const t = this.placeList[place]!.tally;
    return { file: t.file, sheet: t.sheet, row };
  }

  /** A new episode's index (its id must be unique within the import). */
  newEpisode(id: string): number {
    this.episodes.push(id);
    return this.episodes.length - 1;
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

  teamOf(team: string | null): number {
    if (team === null || team === '') return -1;
    let i = this.teamIndex.get(team);
    if (i === undefined) {
      i = this.teams.length;
      this.teams.push(team);
      this.teamIndex.set(team, i);
    }
    return i;
  }
}

/**
 * The live events (those `keep` accepts, when given) in (child, day, order read) order: a counting sort
 * by child, then each child's few events by day, in place (stable). Much cheaper than a comparator
 * sort of all the events.
 */
export function eventsByChild(log: SourceLog, keep?: (type: number) => boolean): Int32Array {
  const steps = eventsByChildInSteps(log, keep);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Events per step of eventsByChildInSteps and the other whole-log passes (a few milliseconds each). */
export const EVENTS_PER_STEP = 16_384;

/**
 * eventsByChild a step at a time, yielding between steps of EVENTS_PER_STEP events or children (run by
 * drainSliced): in one piece it held an upload of 2.7 million CIN census events for about 50 ms (audit a12f M2).
 */
export function* eventsByChildInSteps(log: SourceLog, keep?: (type: number) => boolean): Generator<void, Int32Array, void> {
  const sort = new ByChildSort(log, keep);
  for (let e = 0; e < sort.n; e = sort.count(e, e + EVENTS_PER_STEP)) yield;
  sort.sum();
  yield;
  for (let e = 0; e < sort.n; e = sort.place(e, e + EVENTS_PER_STEP)) yield;
  for (let c = 0; c < sort.children; c = sort.byDay(c, c + EVENTS_PER_STEP)) yield;
  return sort.order;
}

/** A counting sort of the log's events by child, then by day within a child (loops in a class: see EpisodeLinker). */
class ByChildSort {
  readonly n: number;
  readonly children: number;
  private readonly type: Int32Array | Uint8Array;
  private readonly child: Int32Array;
  private readonly day: Int32Array;
  private readonly start: Int32Array;
  private fill = new Int32Array(0);
  private total = 0;
  order = new Int32Array(0);

  constructor(
    log: SourceLog,
    private readonly keep: ((type: number) => boolean) | undefined,
  ) {
    this.n = log.eventCount;
    this.type = log.evType.data;
    this.child = log.evChild.data;
    this.day = log.evDay.data;
    this.children = log.registry.size;
    this.start = new Int32Array(this.children + 1);
  }

  private kept(e: number): boolean {
    const t = this.type[e]!;
    return t !== DEAD && (this.keep === undefined || this.keep(t));
  }

  count(from: number, to: number): number {
    const end = Math.min(to, this.n);
    for (let e = from; e < end; e++) {
      if (!this.kept(e)) continue;
      this.start[this.child[e]! + 1]!++;
      this.total++;
    }
    return end;
  }

  sum(): void {
    const start = this.start;
    for (let c = 0; c < this.children; c++) start[c + 1]! += start[c]!;
    this.order = new Int32Array(this.total);
    this.fill = start.slice(0, this.children);
  }

  place(from: number, to: number): number {
    const end = Math.min(to, this.n);
    for (let e = from; e < end; e++) if (this.kept(e)) this.order[this.fill[this.child[e]!]!++] = e;
    return end;
  }

  byDay(from: number, to: number): number {
    const end = Math.min(to, this.children);
    const { start, order, day } = this;
    for (let c = from; c < end; c++) {
      // insertion sort by day: events of a child are few and mostly in order already
      for (let i = start[c]! + 1; i < start[c + 1]!; i++) {
        const e = order[i]!;
        const d = day[e]!;
        let j = i - 1;
        while (j >= start[c]! && day[order[j]!]! > d) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = e;
      }
    }
    return end;
  }
}

/** The names of the fields a format gives the child's attributes in (for reporting conflicts). */
export interface AttributeFields {
  dob: string;
  sex: string;
  ethnicity: string;
}

const DEFAULT_FIELDS: AttributeFields = { dob: 'dob', sex: 'sex', ethnicity: 'ethnicity' };
