// Reads SSDA903 header and episodes CSVs (one year or several) into the source log. Episodes open on
// 31 March repeat in the next year's file: an episode is a child and a start date (DECOM), and the
// later year's copy is kept. Each child's episodes, in date order, make periods of care: a period
// starts at an episode with RNE S, continues through episodes that end X1 on the day the next one
// starts, and ends at an episode ending with any other REC; periods become `cla_start` and `cla_end`
// events, and every episode is kept (legal status, placement) for the views.
import { dayFromCivil, formatDay } from '../../../core/dates.js';
import { CLA_REASON_CEASED, EV, outcomeCode } from '../../../core/events.js';
import { CsvParser } from '../csv-stream.js';
import { ETHNICITY, SEX } from '../common/codes.js';
import { CodeList, parseFlexibleDate } from '../common/values.js';
import type { Where } from '../quality/problems.js';
import type { SourceLog } from '../source-log.js';
import { CONTINUES, LEGAL_STATUS_CODES, NEED_CODES, PLACEMENT_CODES, PROVIDER_CODES, RNE_CODES } from './codes.js';

interface Episode {
  child: number;
  childId: string;
  decom: number;
  dec: number | null;
  rne: string | null;
  ls: string | null;
  cin: string | null;
  place: string | null;
  provider: string | null;
  rec: string | null;
  /** where the episode was first seen (its start) and where the copy kept was read */
  first: Where;
  kept: Where;
  fileRank: number;
}

type FileKind = 'header' | 'episodes' | 'other';

interface PendingFile {
  name: string;
  input: AsyncIterable<Uint8Array | string>;
  year: number | null;
  order: number;
}

const codes = (list: readonly string[]): CodeList<string> => new CodeList<string>(list.map((c) => [c, c] as const));
const RNE = codes(RNE_CODES);
const LS = codes(LEGAL_STATUS_CODES);
const NEED = codes(NEED_CODES);
const PLACE = codes(PLACEMENT_CODES);
const PROVIDER = codes(PROVIDER_CODES);
const REC = codes([...CLA_REASON_CEASED, CONTINUES]);

/** The year in a file's name (2019-episodes.csv → 2019), for putting the years in order. */
function yearOf(name: string): number | null {
  const m = /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(name);
  return m ? Number(m[1]) : null;
}

export class Ssda903Reader {
  private readonly files: PendingFile[] = [];

  constructor(private readonly log: SourceLog) {}

  add(input: AsyncIterable<Uint8Array | string>, name: string): void {
    this.files.push({ name, input, year: yearOf(name), order: this.files.length });
  }

  /** Reads every file (earlier years first), then builds the periods of care. */
  async finish(): Promise<void> {
    const files = [...this.files].sort((a, b) => (a.year ?? -Infinity) - (b.year ?? -Infinity) || a.order - b.order);
    const episodes = new Map<string, Episode>();
    const withHeader = new Set<number>();
    for (let rank = 0; rank < files.length; rank++) {
      const file = files[rank]!;
      await this.readFile(file, rank, episodes, withHeader);
    }
    this.buildPeriods([...episodes.values()], withHeader);
  }

  private async readFile(file: PendingFile, rank: number, episodes: Map<string, Episode>, withHeader: Set<number>): Promise<void> {
    const log = this.log;
    const t = log.tally(file.name);
    let kind: FileKind | null = null;
    let col = new Map<string, number>();
    // Attributes of a later year's header win: dated 31 March of the file's year.
    const attrDay = file.year === null ? null : dayFromCivil(file.year, 3, 31);
    const parser = new CsvParser((r) => {
      if (kind === null) {
        col = new Map(r.fields().map((h, i) => [h.trim().toUpperCase(), i] as const));
        kind = col.has('DECOM') ? 'episodes' : col.has('DOB') || col.has('SEX') ? 'header' : 'other';
        if (!col.has('CHILD')) kind = 'other';
        if (kind === 'other') log.warnings.push(`${file.name}: not an SSDA903 header or episodes file (no CHILD with DECOM, or CHILD with DOB/SEX); it was not read`);
        return;
      }
      if (r.count === 1 && r.field(0).trim() === '') return; // an empty line
      t.rows++;
      if (kind === 'other') {
        log.reject(t, r.line, null, 'the file is not an SSDA903 header or episodes file', true);
        return;
      }
      const get = (name: string): string | null => {
        const i = col.get(name);
        if (i === undefined || i >= r.count) return null;
        const v = r.field(i).trim();
        return v === '' ? null : v;
      };
      const where: Where = { file: file.name, sheet: null, row: r.line };
      const childId = get('CHILD');
      if (childId === null) {
        log.reject(t, r.line, 'CHILD', 'no child identifier (CHILD)');
        return;
      }
      if (childId.length > 64) {
        log.reject(t, r.line, 'CHILD', `the child identifier is ${childId.length} characters long; at most 64 are allowed`);
        return;
      }
      const date = (name: string): number | null => {
        const text = get(name);
        if (text === null) return null;
        const parsed = parseFlexibleDate(text);
        if ('day' in parsed) return parsed.day;
        log.problem('bad_date', childId, where, name, `${name}: ${parsed.reason}`, [text]);
        return null;
      };
      const code = <T>(name: string, list: CodeList<T>): T | null => {
        const text = get(name);
        if (text === null) return null;
        const value = list.find(text);
        if (value === undefined) log.problem('code_not_in_list', childId, where, name, `${name} "${text}" is not in its code list; it is read as blank`, [text]);
        return value ?? null;
      };
      if (kind === 'header') {
        const idx = log.child(childId, { dob: date('DOB'), sex: code('SEX', SEX) ?? 0, ethnicity: code('ETHNIC', ETHNICITY) ?? 0, disability: 0 }, attrDay, where, { dob: 'DOB', sex: 'SEX', ethnicity: 'ETHNIC' });
        withHeader.add(idx);
        t.imported++;
        return;
      }
      const decom = date('DECOM');
      if (decom === null) {
        log.reject(t, r.line, 'DECOM', 'no usable date episode commenced (DECOM)');
        return;
      }
      const idx = log.child(childId, null, null, where);
      const episode: Episode = {
        child: idx,
        childId,
        decom,
        dec: date('DEC'),
        rne: code('RNE', RNE),
        ls: code('LS', LS),
        cin: code('CIN', NEED),
        place: code('PLACE', PLACE),
        provider: code('PLACE_PROVIDER', PROVIDER),
        rec: code('REC', REC),
        first: where,
        kept: where,
        fileRank: rank,
      };
      t.imported++;
      const key = `${childId}\u0000${decom}`;
      const earlier = episodes.get(key);
      if (earlier === undefined) {
        episodes.set(key, episode);
        return;
      }
      // The same episode again: in a later year's file it is the update of an episode open on 31 March.
      const differs = (earlier.dec !== null && episode.dec !== null && earlier.dec !== episode.dec) || earlier.rne !== episode.rne || earlier.ls !== episode.ls || earlier.place !== episode.place;
      if (differs) log.problem('episode_repeat_differs', childId, where, 'DECOM', `the episode starting ${formatDay(decom)} is also in ${earlier.kept.file} (row ${earlier.kept.row}) with different values; this copy is kept`, [decom]);
      if (episode.dec === null && earlier.dec !== null && !differs) return; // the closed copy says more
      episodes.set(key, { ...episode, first: earlier.first });
    });
    for await (const chunk of file.input) parser.write(chunk);
    parser.end();
    if (kind === null) log.warnings.push(`${file.name}: the file is empty`);
  }

  private buildPeriods(all: Episode[], withHeader: Set<number>): void {
    const log = this.log;
    all.sort((a, b) => a.child - b.child || a.decom - b.decom);
    let periods = 0;
    let open = 0;
    let k = 0;
    while (k < all.length) {
      const c = all[k]!.child;
      let end = k;
      while (end < all.length && all[end]!.child === c) end++;
      const eps = all.slice(k, end);
      k = end;
      const childId = eps[0]!.childId;
      if (!withHeader.has(c)) log.problem('episode_without_header', childId, eps[0]!.first, 'CHILD', 'the child has episodes but no row in any header file (no date of birth, sex or ethnicity)', []);
      const dob = log.registry.attributesOf(c).dob;
      if (dob !== null && eps[0]!.decom < dob) {
        log.problem('dob_after_event', childId, eps[0]!.first, 'DECOM', `the first episode starts (${formatDay(eps[0]!.decom)}) before the date of birth (${formatDay(dob)})`, [dob, eps[0]!.decom]);
      }

      let period = 0;
      let inPeriod = false;
      /** the day a continuation episode must start on (the previous episode ended X1, or was open) */
      let continuesOn: number | null = null;
      let previous: Episode | null = null;
      for (let j = 0; j < eps.length; j++) {
        const e = eps[j]!;
        const continues = inPeriod && continuesOn === e.decom && e.rne !== 'S';
        if (inPeriod && !continues) {
          // The previous episode ended X1 (or was left open) but this one does not carry the period on.
          const prev = previous!;
          if (prev.dec !== null) {
            log.problem('x1_without_continuation', childId, prev.kept, 'REC', `the episode ends X1 on ${formatDay(prev.dec)} but no episode starts that day; its period of care ends there`, [prev.dec]);
          }
          log.event(c, EV.cla_end, prev.dec ?? e.decom, prev.kept, 'DEC', {});
          inPeriod = false;
        }
        if (!inPeriod) {
          period++;
          periods++;
          inPeriod = true;
          if (e.rne !== 'S') {
            const firstEver = j === 0;
            log.problem('period_starts_without_s', childId, e.first, 'RNE',
              firstEver
                ? `the child's first episode has RNE ${e.rne ?? '(blank)'}, not S; a period of care is taken to start here (it may have started before the earliest file)`
                : `a period of care starts with RNE ${e.rne ?? '(blank)'}, not S`,
              [e.decom]);
          }
          log.event(c, EV.cla_start, e.decom, e.first, 'DECOM', {});
        }
        if (e.dec !== null && e.dec < e.decom) log.problem('end_before_start', childId, e.kept, 'DEC', 'DEC is before DECOM', [e.decom, e.dec]);
        log.careEpisodes.push({ child: c, period, start: e.decom, end: e.dec, rne: e.rne, legalStatus: e.ls, needCode: e.cin, placement: e.place, provider: e.provider, reasonEnded: e.rec });
        if (e.dec === null) {
          if (e.rec !== null) log.problem('rec_without_dec', childId, e.kept, 'REC', `REC is ${e.rec} but DEC is blank; the episode is taken as open`, [e.decom, e.rec]);
          continuesOn = null;
          if (j + 1 < eps.length) {
            // Open, yet a later episode follows: it is taken to have ended when the next one started.
            continuesOn = eps[j + 1]!.decom;
            log.problem('open_episode_not_last', childId, e.kept, 'DEC', `the episode has no DEC but a later episode starts ${formatDay(continuesOn)}; it is taken to end then`, [e.decom]);
          }
        } else if (e.rec === CONTINUES || e.rec === null) {
          continuesOn = e.dec;
        } else {
          log.event(c, EV.cla_end, e.dec, e.kept, 'DEC', { outcome: outcomeCode(e.rec) });
          inPeriod = false;
          continuesOn = null;
        }
        previous = e;
      }
      if (inPeriod) {
        const last = previous!;
        if (last.dec === null) open++;
        else {
          // Ended X1 (or with no REC) and nothing follows.
          log.problem('x1_without_continuation', childId, last.kept, 'REC', `the last episode ends ${last.rec ?? 'with no REC'} on ${formatDay(last.dec)} but no episode follows; its period of care ends there`, [last.dec]);
          log.event(c, EV.cla_end, last.dec, last.kept, 'DEC', {});
        }
      }
    }
    log.counts.episodes = (log.counts.episodes ?? 0) + all.length;
    log.counts.periodsOfCare = (log.counts.periodsOfCare ?? 0) + periods;
    log.counts.openPeriodsOfCare = (log.counts.openPeriodsOfCare ?? 0) + open;
  }
}
