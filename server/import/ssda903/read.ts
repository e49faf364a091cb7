// Reads SSDA903 header and episodes CSVs (one year or several) into the source log. Episodes open on
// 31 March repeat in the next year's file: an episode is a child and a start date (DECOM), and the
// later year's copy is kept. Each child's episodes, in date order, make periods of care: a period
// starts at an episode with RNE S, continues through episodes that end X1 on the day the next one
// starts (whatever that one's RNE), and ends at an episode ending with any other REC; periods become
// `cla_start` and `cla_end` events, and every episode is kept (legal status, placement) for the views.
// The return's other tables (Missing, Reviews, UASC, OC2, OC3, AD1, …) are recognised and skipped.
//
// Codes are checked against the schema of each file's collection year: the year in the file name
// when its episodes fit it, else the year ending on the 31 March on or after its latest DECOM.
import { dayFromCivil, formatDay } from '../../../core/dates.js';
import { EV, outcomeCode } from '../../../core/events.js';
import { CsvParser, CsvSyntaxError, checkHeaderRecord, recordFault, type CsvRecordView } from '../csv-stream.js';
import { ETHNICITY, SEX } from '../common/codes.js';
import { CodeList, parseFlexibleDate } from '../common/values.js';
import { dfeMessage, type DfeRule } from '../quality/problem-codes.js';
import type { Where } from '../quality/problems.js';
import type { SheetTally, SourceLog } from '../source-log.js';
import { ALL_REC_CODES, CONTINUES, LEGAL_STATUS_CODES, NEED_CODES, OTHER_TABLES, PLACEMENT_CODES, PROVIDER_CODES, RNE_CODES, schemaFor } from './codes.js';
import { childIdOf } from '../common/child-id.js';
import { TimeSlice, feedSliced, loopSliced } from '../time-slice.js';
import { ChunkedList } from '../child-registry.js';

interface Episode {
  child: number;
  childId: string;
  decom: number;
  dec: number | null;
  /** codes as written (checked against the schema of the file's year once the file is read) */
  rne: string | null;
  ls: string | null;
  cin: string | null;
  place: string | null;
  provider: string | null;
  rec: string | null;
  /** where the episode was first seen (its start) and where the copy kept was read */
  first: Where;
  kept: Where;
  /** the files (their index in year order) of those two copies */
  firstFile: number;
  keptFile: number;
}

type FileKind = 'header' | 'episodes' | 'other';

interface PendingFile {
  name: string;
  input: AsyncIterable<Uint8Array | string>;
  year: number | null;
  order: number;
  /** the 31 March that ends the collection year, once read */
  yearEnd: number | null;
}

const canonical = (list: readonly string[]): CodeList<string> => new CodeList<string>(list.map((c) => [c, c] as const));
const RNE = canonical(RNE_CODES);
const LS = canonical(LEGAL_STATUS_CODES);
const NEED = canonical(NEED_CODES);
const PLACE = canonical(PLACEMENT_CODES);
const PROVIDER = canonical(PROVIDER_CODES);
const REC = canonical(ALL_REC_CODES);

/** Codes as written in two files (one already checked, one not yet): equal whatever their case. */
function sameCode(a: string | null, b: string | null): boolean {
  return a === b || (a !== null && b !== null && a.toUpperCase() === b.toUpperCase());
}

/** A number for a child's episode starting on `decom` (days from 1700 to 2300 fit). */
/** A child's episodes are held in an array up to this many, then in a map by DECOM (a child of thousands stays linear). */
const LISTED_EPISODES = 32;

/** The year in a file's name (2019-episodes.csv → 2019). */
function yearOf(name: string): number | null {
  const m = /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(name);
  return m ? Number(m[1]) : null;
}

export class Ssda903Reader {
  private readonly files: PendingFile[] = [];
  /**
   * Episodes by child index, each child's by DECOM (an array, a map once it has many). One Map of every episode
   * rehashed 262,144 of them in one piece as it grew (the 471,400 episodes of a 50 MB upload: a 64 KiB piece
   * read in 100 ms, audit a12f M1), and its episodes then had to be sorted by child in one piece too.
   */
  private readonly episodes = new ChunkedList<Episode[] | Map<number, Episode> | undefined>();
  /** whether a header row gave each child (by index): a Set of 316,700 children rehashed the same way */
  private readonly withHeader = new ChunkedList<boolean>();
  /** children whose first episode starts before the collection year of the earliest file holding it, RNE not S */
  private begunBefore = 0;
  // The row being read (fields rather than closures: one call per value, no allocation per row).
  private record!: CsvRecordView;
  private col = new Map<string, number>();
  /** the file's header, as written and trimmed (names the column of a malformed record) */
  private names: string[] = [];
  private where!: Where;
  private childId = '';
  /** the tally of the file being read */
  private tally: SheetTally | null = null;

  constructor(private readonly log: SourceLog) {}

  add(input: AsyncIterable<Uint8Array | string>, name: string): void {
    this.files.push({ name, input, year: yearOf(name), order: this.files.length, yearEnd: null });
  }

  /** Reads every file (earlier years first), then builds the periods of care. */
  async finish(slice = new TimeSlice()): Promise<void> {
    const files = [...this.files].sort((a, b) => (a.year ?? -Infinity) - (b.year ?? -Infinity) || a.order - b.order);
    for (let rank = 0; rank < files.length; rank++) await this.readFile(files[rank]!, rank, slice);
    await this.buildPeriods(files, slice);
    if (this.begunBefore > 0) {
      this.log.warnings.push(`${this.begunBefore} children's first episode began before the collection year of the earliest file holding it with a reason for new episode other than S: their period of care is taken to start with that episode (it began before the files given)`);
    }
  }

  private async readFile(file: PendingFile, rank: number, slice: TimeSlice): Promise<void> {
    const log = this.log;
    const t = log.tally(file.name, null, 'ssda903');
    this.tally = t;
    let kind: FileKind | null = null;
    let table = '';
    let latestDecom = -Infinity;
    const read: Episode[] = [];
    // Attributes of a later year's header win: dated 31 March of the file's year.
    const attrDay = file.year === null ? null : dayFromCivil(file.year, 3, 31);
    const parser = new CsvParser((r) => {
      if (kind === null) {
        checkHeaderRecord(r, file.name);
        this.names = r.fields().map((h) => h.trim().toUpperCase());
        this.col = new Map(this.names.map((h, i) => [h, i] as const));
        ({ kind, table } = classify(this.col));
        if (kind === 'other') {
          log.warnings.push(table === ''
            ? `${file.name}: not an SSDA903 header or episodes file (no CHILD with DECOM, or CHILD with DOB, SEX and ETHNIC); it was not read`
            : `${file.name}: the SSDA903 ${table} table is not imported (only the header and episodes tables give the journey); its rows are listed as not read`);
        }
        return;
      }
      if (r.count === 1 && r.field(0).trim() === '') return; // an empty line
      t.rows++;
      if (kind === 'other') {
        log.reject(t, r.line, null, table === '' ? 'the file is not an SSDA903 header or episodes file' : `the SSDA903 ${table} table is not imported`, true);
        return;
      }
      const fault = recordFault(r, this.names);
      if (fault !== null) {
        log.reject(t, r.line, fault.column, fault.reason);
        return;
      }
      this.record = r;
      this.where = { file: file.name, sheet: null, row: r.line };
      const rawId = this.get('CHILD');
      if (rawId === null) {
        log.reject(t, r.line, 'CHILD', 'no child identifier (CHILD)');
        return;
      }
      const checked = childIdOf(rawId);
      if ('reason' in checked) {
        log.reject(t, r.line, 'CHILD', checked.reason);
        return;
      }
      const childId = checked.id;
      this.childId = childId;
      if (kind === 'header') {
        const attrs = { dob: this.date('DOB', true), sex: this.code('SEX', SEX) ?? 0, ethnicity: this.code('ETHNIC', ETHNICITY) ?? 0, disability: 0 };
        if (log.rowRefused(t)) return; // a DOB that is no date, before 1900 or over a year ahead: listed, the row not read
        this.withHeader.setGrowing(log.child(childId, attrs, attrDay, this.where, { dob: 'DOB', sex: 'SEX', ethnicity: 'ETHNIC' }), true, false);
        t.imported++;
        return;
      }
      const decom = this.date('DECOM');
      if (log.rowRefused(t)) return;
      if (decom === null) {
        log.reject(t, r.line, 'DECOM', 'no usable date episode commenced (DECOM)');
        return;
      }
      // An end date that cannot be read would make a closed episode an open one: the row is refused.
      const decText = this.get('DEC');
      const decParsed = decText === null ? null : parseFlexibleDate(decText);
      if (decParsed !== null && !('day' in decParsed)) {
        log.reject(t, r.line, 'DEC', `DEC (date episode ceased): ${decParsed.reason}; the episode would otherwise be read as still open`);
        return;
      }
      if (decom > latestDecom) latestDecom = decom;
      const idx = log.child(childId, null, null, this.where);
      const episode: Episode = {
        child: idx,
        childId,
        decom,
        dec: decParsed === null ? null : decParsed.day,
        rne: this.get('RNE'),
        ls: this.get('LS'),
        cin: this.get('CIN'),
        place: this.get('PLACE'),
        provider: this.get('PLACE_PROVIDER'),
        rec: this.get('REC'),
        first: this.where,
        kept: this.where,
        firstFile: rank,
        keptFile: rank,
      };
      t.imported++;
      read.push(episode);
      this.keep(episode);
    });
    try {
      await feedSliced(file.input, (chunk) => parser.write(chunk), slice);
      parser.end();
    } catch (error) {
      throw error instanceof CsvSyntaxError && error.file === null ? new CsvSyntaxError(error.line, error.message.replace(/^line \d+: /, ''), file.name) : error;
    }
    if (kind === null) log.warnings.push(`${file.name}: the file is empty`);
    file.yearEnd = collectionYearEnd(file.year, latestDecom);
    await this.checkCodes(read, file, slice);
  }

  /** Keeps an episode; the same episode again (a later year's copy of one open on 31 March) replaces the earlier copy. */
  private keep(episode: Episode): void {
    const held = this.episodes.at(episode.child);
    const earlier = held === undefined ? undefined : held instanceof Map ? held.get(episode.decom) : held.find((e) => e.decom === episode.decom);
    if (held === undefined) {
      this.episodes.setGrowing(episode.child, [episode], undefined);
      return;
    }
    if (earlier === undefined) {
      if (held instanceof Map) held.set(episode.decom, episode);
      else if (held.length < LISTED_EPISODES) held.push(episode);
      else this.episodes.set(episode.child, new Map([...held, episode].map((e) => [e.decom, e] as const)));
      return;
    }
    // DfE 503A/B/D: the first episode of a year must match the episode left open at the end of the last.
    const differences: [string, DfeRule | null][] = [];
    if (!sameCode(earlier.rne, episode.rne)) differences.push(['RNE', 'SSDA903 503A']);
    if (!sameCode(earlier.ls, episode.ls)) differences.push(['LS', 'SSDA903 503B']);
    if (!sameCode(earlier.place, episode.place)) differences.push(['PLACE', 'SSDA903 503D']);
    if (earlier.dec !== null && episode.dec !== null && earlier.dec !== episode.dec) differences.push(['DEC', null]);
    if (differences.length > 0) {
      const rules = differences.flatMap(([, rule]) => (rule === null ? [] : [rule]));
      const detail = `the episode (same child, same DECOM) is also in ${earlier.kept.file} (row ${earlier.kept.row}) with a different ${differences.map(([field]) => field).join(', ')}; this copy is kept`;
      this.log.problem('episode_repeat_differs', episode.childId, episode.kept, 'DECOM', rules.length === 1 ? dfeMessage(rules[0]!, detail) : detail, [episode.decom], rules.length === 0 ? null : rules.join(', '));
    } else if (episode.dec === null && earlier.dec !== null) return; // the closed copy says more
    const kept = { ...episode, first: earlier.first, firstFile: earlier.firstFile };
    if (held instanceof Map) held.set(episode.decom, kept);
    else held[held.indexOf(earlier)] = kept;
  }

  /**
   * Checks the codes of a file's episodes against its year's schema, now that the year is known, letting the
   * loop in between slices: in one piece it held an upload of 630,000 episodes 125-160 ms (audit a12f M1).
   */
  private async checkCodes(read: readonly Episode[], file: PendingFile, slice: TimeSlice): Promise<void> {
    const schema = schemaFor(file.yearEnd === null ? 0 : yearNumber(file.yearEnd));
    const yearRec = new Set(schema.rec);
    for (let k = 0; k < read.length; k++) {
      if ((k & 255) === 255 && slice.due()) await slice.pause();
      const e = read[k]!;
      e.rne = this.checked(e, 'RNE', e.rne, RNE);
      e.ls = this.checked(e, 'LS', e.ls, LS);
      e.cin = this.checked(e, 'CIN', e.cin, NEED);
      e.place = this.checked(e, 'PLACE', e.place, PLACE);
      e.provider = this.checked(e, 'PLACE_PROVIDER', e.provider, PROVIDER);
      e.rec = this.checked(e, 'REC', e.rec, REC);
      if (e.rec !== null && !yearRec.has(e.rec)) {
        const year = yearNumber(file.yearEnd!);
        this.log.problem('code_not_in_year', e.childId, e.kept, 'REC',
          `REC ${e.rec} is not in the SSDA903 code list of the year ending 31 March ${year} (the ${schema.name} schema); it is a code of ${e.rec === 'E43' || e.rec === 'E44' ? 'years before 2019' : 'years from 2019'} and is read as ${e.rec}`, [e.rec]);
      }
    }
  }

  private checked(e: Episode, field: string, text: string | null, list: CodeList<string>): string | null {
    if (text === null) return null;
    const value = list.find(text);
    if (value === undefined) this.log.problem('code_not_in_list', e.childId, e.kept, field, `${field} is not in its code list; it is read as blank`, [text]);
    return value ?? null;
  }

  private get(name: string): string | null {
    const i = this.col.get(name);
    const r = this.record;
    if (i === undefined || i >= r.count) return null;
    const v = r.field(i).trim();
    return v === '' ? null : v;
  }

  /** `birth`: the child's date of birth, refused (with its row) when it is no date at all too. */
  private date(name: string, birth = false): number | null {
    const text = this.get(name);
    if (text === null) return null;
    const parsed = parseFlexibleDate(text);
    if ('day' in parsed) return parsed.day;
    if (!this.log.badDateRefused(this.tally!, this.record.line, name, parsed, birth)) this.log.problem('bad_date', this.childId, this.where, name, `${name}: ${parsed.reason}`, [text]);
    return null;
  }

  private code<T>(name: string, list: CodeList<T>): T | null {
    const text = this.get(name);
    if (text === null) return null;
    const value = list.find(text);
    if (value === undefined) this.log.problem('code_not_in_list', this.childId, this.where, name, `${name} is not in its code list; it is read as blank`, [text]);
    return value ?? null;
  }

  private async buildPeriods(files: readonly PendingFile[], slice: TimeSlice): Promise<void> {
    const log = this.log;
    // by child, then DECOM: each child's few sorted alone, children a block at a time between slices
    const all: Episode[] = [];
    await loopSliced(this.episodes.length, (from, to) => {
      for (let c = from; c < to; c++) {
        const held = this.episodes.get(c);
        if (held === undefined) continue;
        const eps = held instanceof Map ? [...held.values()] : held;
        eps.sort((a, b) => a.decom - b.decom);
        for (const e of eps) all.push(e);
      }
    }, slice, 4096);
    const place = new Map<string, number>(files.map((f) => [f.name, log.place(f.name, null, 'ssda903')]));
    const fDecom = log.fieldOf('DECOM');
    const fDec = log.fieldOf('DEC');
    const event = (child: number, type: number, day: number, at: Where, field: number, outcome = 0): number =>
      log.addEvent(child, type, day, place.get(at.file)!, at.row, field, outcome);
    let k = 0;
    while (k < all.length) {
      // Child by child with the event loop let in between slices (audit a12e B2: an upload of 156,960 rows held
      // the service for 0.75 s, the periods built in one piece).
      if (slice.due()) await slice.pause();
      const c = all[k]!.child;
      let end = k;
      while (end < all.length && all[end]!.child === c) end++;
      const eps = all.slice(k, end);
      k = end;
      const childId = eps[0]!.childId;
      if (this.withHeader.at(c) !== true) log.problem('episode_without_header', childId, eps[0]!.first, 'CHILD', 'the child has episodes but no row in any header file (no date of birth, sex or ethnicity)', []);

      let period = 0;
      let inPeriod = false;
      /** the day a continuation episode must start on (the previous episode ended X1, or was left open) */
      let continuesOn: number | null = null;
      let previous: Episode | null = null;
      /** where the child's last period of care ended, and whether an overlapping episode ended it */
      let lastEnd: number | null = null;
      let cutByOverlap = false;
      for (let j = 0; j < eps.length; j++) {
        const e = eps[j]!;
        const continues = inPeriod && continuesOn === e.decom;
        // DfE 501: an episode starting before the previous one ended (the previous in DECOM order).
        const overlaps = previous !== null && previous.dec !== null && e.decom < previous.dec;
        if (overlaps) {
          const prev = previous!;
          const truncated = inPeriod && !continues;
          log.problem('episodes_overlap', childId, e.first, 'DECOM',
            dfeMessage('SSDA903 501', `this episode's DECOM is before the DEC of the previous episode (${prev.kept.file} row ${prev.kept.row}${prev.rec === null ? '' : `, REC ${prev.rec}`})` +
              (truncated ? "; that period of care is taken to end on this episode's DECOM" : '')), [e.decom, prev.dec]);
        }
        // DfE 431: an episode with RNE S (started to be looked after) starting on or before the day the previous ended.
        if (e.rne === 'S' && previous !== null && previous.dec !== null && e.decom <= previous.dec) {
          log.problem('rne_s_same_day', childId, e.first, 'RNE',
            dfeMessage('SSDA903 431', `the episode before it (${previous.kept.file} row ${previous.kept.row}) ended ${previous.rec ?? 'with no REC'} on or after this episode's DECOM; ` +
              (continues ? 'the period of care continues through this episode' : 'a new period of care starts here')), [e.decom]);
        }
        if (inPeriod && !continues) {
          const prev = previous!;
          if (overlaps) {
            // Overlapping episodes: the earlier period of care is taken to end when this episode starts.
            event(c, EV.cla_end, e.decom, prev.kept, fDec);
            lastEnd = e.decom;
            cutByOverlap = true;
          } else {
            const endDay = prev.dec ?? e.decom;
            if (prev.dec !== null) {
              this.noContinuation(prev, `the episode ends ${prev.rec ?? 'with no REC'} and the child's next episode (${e.first.file} row ${e.first.row}) does not start on its DEC; the period of care ends on its DEC`);
            }
            event(c, EV.cla_end, endDay, prev.kept, fDec);
            lastEnd = endDay;
          }
          inPeriod = false;
        }
        if (!inPeriod) {
          period++;
          inPeriod = true;
          // (A period started by an overlapping episode is reported as the overlap.)
          const begunBefore = e.rne !== 'S' && !cutByOverlap && this.startWithoutS(e, j === 0, lastEnd, files);
          cutByOverlap = false;
          const start = event(c, EV.cla_start, e.decom, e.first, fDecom);
          // the period began before the files: another source may know its real start (merge-sources.ts)
          if (begunBefore) log.careStartsNotKnown.push(start);
        }
        if (e.dec !== null && e.dec < e.decom) {
          log.problem('end_before_start', childId, e.kept, 'DEC', dfeMessage('SSDA903 356', 'DEC is before DECOM'), [e.decom, e.dec], 'SSDA903 356');
        }
        log.careEpisodes.push({ child: c, period, source: 'ssda903', startEvent: -1, start: e.decom, end: e.dec, rne: e.rne, legalStatus: e.ls, needCode: e.cin, placement: e.place, provider: e.provider, reasonEnded: e.rec });
        if (e.dec === null) {
          if (e.rec !== null) log.problem('rec_without_dec', childId, e.kept, 'REC', `REC is ${e.rec} but DEC is blank; the episode is taken as open`, [e.decom, e.rec]);
          continuesOn = null;
          if (j + 1 < eps.length) {
            // Open, yet a later episode follows: it is taken to have ended when the next one started.
            continuesOn = eps[j + 1]!.decom;
            log.problem('open_episode_not_last', childId, e.kept, 'DEC',
              dfeMessage('SSDA903 142', `this episode has no DEC but the child has a later episode (${eps[j + 1]!.first.file} row ${eps[j + 1]!.first.row}); it is taken to end on that episode's DECOM`), [e.decom]);
          }
        } else if (e.rec === CONTINUES || e.rec === null) {
          continuesOn = e.dec;
        } else {
          event(c, EV.cla_end, e.dec, e.kept, fDec, outcomeCode(e.rec));
          lastEnd = e.dec;
          inPeriod = false;
          continuesOn = null;
        }
        previous = e;
      }
      if (inPeriod) {
        const last = previous!;
        if (last.dec !== null) {
          // Ended X1 (or with no REC) and nothing follows.
          this.noContinuation(last, `the child's last episode ends ${last.rec ?? 'with no REC'} and no episode follows; the period of care ends on its DEC`);
          event(c, EV.cla_end, last.dec, last.kept, fDec);
        }
      }
    }
    log.counts.episodes = (log.counts.episodes ?? 0) + all.length;
  }

  /** An episode ending X1 (DfE 388) or with a DEC and no REC, with no episode starting that day. */
  private noContinuation(e: Episode, detail: string): void {
    const x1 = e.rec === CONTINUES;
    this.log.problem('x1_without_continuation', e.childId, e.kept, 'REC', x1 ? dfeMessage('SSDA903 388', detail) : detail, [e.dec], x1 ? 'SSDA903 388' : null);
  }

  /**
   * A period of care whose first episode's RNE is not S. The DfE's rule 357 asks for S on the child's
   * first episode ever when it starts in the collection year of its return; a first episode that
   * starts before that year began before the files given (not a fault: noted in a warning); a later
   * period starting without S is reported without a DfE rule. True when the period began before the files.
   */
  private startWithoutS(e: Episode, firstEver: boolean, ended: number | null, files: readonly PendingFile[]): boolean {
    const rne = e.rne ?? '(blank)';
    if (firstEver) {
      const yearEnd = files[e.firstFile]!.yearEnd;
      const collectionStart = yearEnd === null ? -Infinity : dayFromCivil(yearNumber(yearEnd) - 1, 4, 1);
      if (e.decom < collectionStart) {
        this.begunBefore++;
        return true;
      }
      this.log.problem('period_starts_without_s', e.childId, e.first, 'RNE',
        dfeMessage('SSDA903 357', `the child's first episode has RNE ${rne}; a period of care is taken to start here`), [e.decom], 'SSDA903 357');
      return false;
    }
    this.log.problem('period_starts_without_s', e.childId, e.first, 'RNE',
      `a period of care starts with RNE ${rne}, not S${ended === null ? '' : ', after the child\'s previous period had ended'}`, [e.decom], null);
    return false;
  }
}

/** Which table a file holds, by its columns. */
function classify(col: ReadonlyMap<string, number>): { kind: FileKind; table: string } {
  if (!col.has('CHILD')) return { kind: 'other', table: '' };
  if (col.has('DECOM')) return { kind: 'episodes', table: 'Episodes' };
  const other = OTHER_TABLES.find((t) => t.columns.some((c) => col.has(c)));
  if (other !== undefined) return { kind: 'other', table: other.table };
  if (col.has('ETHNIC') || (col.has('DOB') && col.has('SEX'))) return { kind: 'header', table: 'Header' };
  return { kind: 'other', table: '' };
}

/**
 * The 31 March ending the file's collection year: the year in its name when every episode starts by
 * then, else the first 31 March on or after the latest DECOM (a name may give the year's start).
 */
function collectionYearEnd(nameYear: number | null, latestDecom: number): number | null {
  if (nameYear !== null && (latestDecom === -Infinity || latestDecom <= dayFromCivil(nameYear, 3, 31))) return dayFromCivil(nameYear, 3, 31);
  if (latestDecom === -Infinity) return null;
  const year = Number(formatDay(latestDecom).slice(0, 4));
  const end = dayFromCivil(year, 3, 31);
  return latestDecom <= end ? end : dayFromCivil(year + 1, 3, 31);
}

function yearNumber(yearEnd: number): number {
  return Number(formatDay(yearEnd).slice(0, 4));
}
