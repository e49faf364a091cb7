// Reads CIN census XML files into the source log, streamed: each <Child> is read into a small record,
// turned into events as soon as it closes, and dropped, so memory holds the events and not the files.
// Each CINdetails is an episode with its own episode_id; each CINdetails, Assessments, CINPlanDates,
// Section47 and ChildProtectionPlans element is one row of the report (its line in the file).
//
// Several census years: an episode open on 31 March is in the next year's census too. The same
// episode (child, referral date) is one episode: the later census's CINdetails and the modules both
// copies hold (same kind and start date) are taken from the later census, and the earlier copies of
// those rows are listed as not read ("superseded"); a module only the earlier census holds is kept
// and reported. Files may come in any order: the census reference dates decide which is later.
import { InvalidUtf8Error, StrictUtf8Decoder, notUtf8Reason } from '../common/strict-utf8.js';
import { formatDay } from '../../../core/dates.js';
import { EV, outcomeCode } from '../../../core/events.js';
import { CLOSURE_REASON, ETHNICITY, SEX, SOURCE } from '../common/codes.js';
import { YES_NO, parseFlexibleDate, type CodeList, type DateResult } from '../common/values.js';
import { XmlSyntaxError, XmlTokenizer } from '../common/xml-tokenizer.js';
import { dfeMessage } from '../quality/problem-codes.js';
import type { Where } from '../quality/problems.js';
import type { SheetTally, SourceLog } from '../source-log.js';
import { CensusCopies, DETAILS, episodeKey } from './copies.js';
import { MODULES, NO_DISABILITY, UNREAD_MODULES, type ModuleName } from './schema.js';
import { childIdOf } from '../common/child-id.js';
import { TimeSlice, feedSliced } from '../time-slice.js';

interface Value {
  text: string;
  line: number;
  /** the text read as a date, once asked (undefined: not yet) */
  date: DateResult | undefined;
  /** its bad date has been reported */
  reported: boolean;
}

/** Element name → value, for the few elements a record holds (a short list searched in turn: cheaper than a Map). */
class Values {
  private readonly names: string[] = [];
  private readonly values: Value[] = [];

  get(name: string): Value | undefined {
    for (let k = 0; k < this.names.length; k++) if (this.names[k] === name) return this.values[k];
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, value: Value): void {
    for (let k = 0; k < this.names.length; k++) {
      if (this.names[k] === name) {
        this.values[k] = value;
        return;
      }
    }
    this.names.push(name);
    this.values.push(value);
  }
}

interface ModuleRecord {
  name: ModuleName;
  line: number;
  values: Values;
}

interface EpisodeRecord {
  line: number;
  values: Values;
  modules: ModuleRecord[];
}

interface ChildRecord {
  line: number;
  values: Values;
  disabilities: string[];
  episodes: EpisodeRecord[];
}

interface CinFile {
  name: string;
  place: number;
  tally: SheetTally;
  /** the census's ReferenceDate; files without one rank by the order they were given */
  referenceDay: number | null;
  order: number;
}

/** What an element is to the reader. */
const CHILD = 1;
const DETAILS_TAG = 2;
const MODULE = 3;
const HEADER = 4;
const UNREAD_TAG = 5;
/** an element whose value is read (the others, such as UPNs, need codes and review dates, are passed over) */
const VALUE = 6;
const TAGS = new Map<string, number>([
  ['Child', CHILD],
  ['CINdetails', DETAILS_TAG],
  ['Header', HEADER],
  ...Object.keys(MODULES).map((name) => [name, MODULE] as [string, number]),
  ...UNREAD_MODULES.map((name) => [name, UNREAD_TAG] as [string, number]),
  ...[
    'LAchildID', 'PersonBirthDate', 'GenderCurrent', 'Sex', 'Ethnicity', 'Disability', 'ReferenceDate',
    'CINreferralDate', 'ReferralSource', 'CINclosureDate', 'ReasonForClosure', 'DateOfInitialCPC', 'ReferralNFA', 'ICPCnotRequired',
    ...Object.values(MODULES).flat(),
  ].map((name) => [name, VALUE] as [string, number]),
]);
/** The element whose date identifies a module across census years (its start). */
const MODULE_KEY: Readonly<Record<ModuleName, readonly string[]>> = {
  Assessments: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
  CINPlanDates: ['CINPlanStartDate', 'CINPlanEndDate'],
  Section47: ['S47ActualStartDate', 'DateOfInitialCPC'],
  ChildProtectionPlans: ['CPPstartDate', 'CPPendDate'],
};
const LABEL: Readonly<Record<ModuleName, string>> = { Assessments: 'assessment', CINPlanDates: 'CIN plan', Section47: 'section 47 enquiry', ChildProtectionPlans: 'child protection plan' };
/** Module kinds as stored in CensusCopies (after DETAILS). */
const KINDS = Object.keys(MODULES) as ModuleName[];
const kindOf = (name: ModuleName): number => KINDS.indexOf(name) + 1;
/** Reference days are kept as integers; a census without one ranks first. */
const NO_REFERENCE = -(2 ** 31);

/** Reads CIN census files one after another into the log; `finish` adds the warnings and counts. */
export class CinReader {
  private readonly files: CinFile[] = [];
  private readonly copies = new CensusCopies();
  private unreadModules = 0;
  private superseded = 0;
  private readonly f: Record<string, number>;

  constructor(private readonly log: SourceLog) {
    this.f = Object.fromEntries(
      ['CINreferralDate', 'CINclosureDate', 'DateOfInitialCPC', 'AssessmentActualStartDate', 'AssessmentAuthorisationDate', 'CINPlanStartDate', 'CINPlanEndDate', 'S47ActualStartDate', 'CPPstartDate', 'CPPendDate']
        .map((name) => [name, log.fieldOf(name)]),
    );
  }

  async read(input: AsyncIterable<Uint8Array | string>, name: string, slice = new TimeSlice()): Promise<void> {
    const place = this.log.place(name, null, 'cin');
    const file: CinFile = { name, place, tally: this.log.tallyOf(place), referenceDay: null, order: this.files.length };
    this.files.push(file);
    let inHeader = false;
    let child: ChildRecord | null = null;
    let episode: EpisodeRecord | null = null;
    let module: ModuleRecord | null = null;
    let unread = 0;
    let text = '';
    let textLine = 0;
    let children = 0;
    const tokenizer = new XmlTokenizer({
      open: (tag, _attrs, line) => {
        text = '';
        textLine = line;
        if (unread > 0) {
          unread++;
          return;
        }
        // One lookup tells what the element is (one hash of the name, not a test per kind).
        switch (TAGS.get(tag)) {
          case CHILD:
            child = { line, values: new Values(), disabilities: [], episodes: [] };
            break;
          case DETAILS_TAG:
            if (child !== null) episode = { line, values: new Values(), modules: [] };
            break;
          case MODULE:
            if (episode !== null) module = { name: tag as ModuleName, line, values: new Values() };
            break;
          case HEADER:
            inHeader = true;
            break;
          case UNREAD_TAG:
            unread = 1;
            this.unreadModules++;
            break;
        }
      },
      text: (value) => {
        text += value;
      },
      close: (tag) => {
        if (unread > 0) {
          unread--;
          return;
        }
        const kind = TAGS.get(tag);
        if (kind === CHILD) {
          if (child !== null) {
            children++;
            this.child(file, child);
          }
          child = null;
        } else if (kind === DETAILS_TAG) {
          if (child !== null && episode !== null) child.episodes.push(episode);
          episode = null;
        } else if (kind === MODULE) {
          if (module !== null && tag === module.name) {
            episode?.modules.push(module);
            module = null;
          }
        } else if (kind === HEADER) inHeader = false;
        else if (text !== '') {
          const value = kind === VALUE ? text.trim() : '';
          text = '';
          if (value === '') return;
          const v: Value = { text: value, line: textLine, date: undefined, reported: false };
          if (module !== null) module.values.set(tag, v);
          else if (episode !== null) episode.values.set(tag, v);
          else if (child !== null) {
            if (tag === 'Disability') child.disabilities.push(value);
            else child.values.set(tag, v);
          } else if (inHeader && tag === 'ReferenceDate') {
            const parsed = parseFlexibleDate(value);
            if ('day' in parsed) file.referenceDay = parsed.day;
          }
        }
      },
    });
    const decoder = new StrictUtf8Decoder();
    try {
      // In pieces, letting the event loop run between slices: an upload arrives as one buffer, and a 28 MB census
      // read in one stretch held the service for 1.5-2.2 s (audit a12e B2).
      await feedSliced(input, (chunk) => tokenizer.write(typeof chunk === 'string' ? chunk : decoder.write(chunk)), slice);
      decoder.end();
    } catch (error) {
      if (!(error instanceof InvalidUtf8Error)) throw error;
      // Read up to the bad bytes first, so the error names the line they are on.
      tokenizer.write(error.before);
      throw new XmlSyntaxError(tokenizer.currentLine, `${notUtf8Reason(error.column)} (save the file as UTF-8)`);
    }
    tokenizer.end();
    if (children === 0) this.log.warnings.push(`${name}: no <Child> records found (is this a CIN census file?)`);
  }

  /** Adds the warnings and the count of episodes, once every file is read. */
  finish(): void {
    if (this.unreadModules > 0) this.log.warnings.push(`${this.unreadModules} pre-proceedings (PreProceedingsandFGDM) modules were read past: the journey has no events for them`);
    if (this.superseded > 0) this.log.warnings.push(`${this.superseded} rows of CIN episodes that a later census repeats were taken from the later census; the earlier copies are listed as not read`);
    this.log.counts.episodes = (this.log.counts.episodes ?? 0) + this.copies.episodeCount;
  }


  private child(file: CinFile, record: ChildRecord): void {
    const t = file.tally;
    const raw = record.values.get('LAchildID')?.text ?? null;
    const checked = raw === null ? null : childIdOf(raw);
    if (checked === null || 'reason' in checked) {
      const reason = checked === null ? 'no child identifier (LAchildID) in this <Child>' : checked.reason;
      for (const e of record.episodes) {
        for (const line of [e.line, ...e.modules.map((m) => m.line)]) {
          t.rows++;
          this.log.reject(t, line, 'LAchildID', reason);
        }
      }
      return;
    }
    const id = checked.id;
    // A birth date that is no date, or before 1900 or over a year ahead (listed once, at its line), refuses
    // every row of the child, as the events CSV refuses each row that carries it.
    this.date(file, id, record.values.get('PersonBirthDate'), 'PersonBirthDate', true, true);
    const rows = record.episodes.reduce((n, e) => n + 1 + e.modules.length, 0);
    if (this.log.rowRefused(t, rows)) {
      t.rows += rows;
      return;
    }
    const idx = this.childIndex(file, record, id);
    const referrals: number[] = [];
    for (const episode of record.episodes) {
      const referralDay = this.date(file, id, episode.values.get('CINreferralDate'), 'CINreferralDate', false);
      // the second episode of a child with the same referral date in one census is another episode
      let occurrence = 1;
      if (referralDay !== null) for (const r of referrals) if (r === referralDay) occurrence++;
      if (referralDay !== null) referrals.push(referralDay);
      this.episode(file, idx, id, episode, referralDay === null ? null : episodeKey(idx, referralDay, occurrence));
    }
  }

  private childIndex(file: CinFile, child: ChildRecord, id: string): number {
    const where: Where = { file: file.name, sheet: null, row: child.line };
    const dob = this.date(file, id, child.values.get('PersonBirthDate'), 'PersonBirthDate');
    const sexValue = child.values.get('Sex') ?? child.values.get('GenderCurrent');
    const sexField = child.values.has('Sex') ? 'Sex' : 'GenderCurrent';
    const sex = this.code(file, id, sexValue, sexField, SEX);
    const ethnicity = this.code(file, id, child.values.get('Ethnicity'), 'Ethnicity', ETHNICITY);
    let disability = 0;
    if (child.disabilities.length > 0) disability = child.disabilities.every((d) => d.toUpperCase() === NO_DISABILITY) ? 2 : 1; // N : Y
    return this.log.child(id, { dob, sex, ethnicity, disability }, file.referenceDay, where, { dob: 'PersonBirthDate', sex: sexField, ethnicity: 'Ethnicity' });
  }

  /** Takes one CINdetails into the log, merged with the copy of the same episode from another census. */
  private episode(file: CinFile, child: number, id: string, record: EpisodeRecord, key: number | null): void {
    const c = this.copies;
    const rankDay = file.referenceDay ?? NO_REFERENCE;
    const ep = c.find(key);
    const keys = record.modules.map((m) => moduleKey(m));
    if (ep < 0) {
      const episode = this.log.newEpisode(`CIN${c.episodeCount + 1}`);
      const e = c.addEpisode(key, rankDay, file.order, this.details(file, child, id, record, episode), episode);
      record.modules.forEach((m, k) => c.link(e, this.module(file, child, id, record, m, keys[k]!, episode)));
      return;
    }
    const episode = c.epIndex.data[ep]!;
    const later = rankDay - c.epRankDay.data[ep]! > 0 || (rankDay === c.epRankDay.data[ep] && file.order > c.epRankOrder.data[ep]!);
    const same = (row: number, k: number): boolean => c.rowKind.data[row] === kindOf(record.modules[k]!.name) && c.rowKey.data[row] === keys[k];
    if (later) {
      // This census is the later one: its CINdetails row and its modules replace the earlier copies.
      this.supersede(c.epDetails.data[ep]!, file, record.line);
      c.epDetails.data[ep] = this.details(file, child, id, record, episode);
      c.epRankDay.data[ep] = rankDay;
      c.epRankOrder.data[ep] = file.order;
      const old = c.modules(ep);
      c.clearModules(ep);
      for (const row of old) {
        const k = record.modules.findIndex((_m, j) => same(row, j));
        if (k >= 0) this.supersede(row, file, record.modules[k]!.line);
        else {
          c.link(ep, row);
          this.onlyEarlier(row, file, record.line, id);
        }
      }
      record.modules.forEach((m, k) => c.link(ep, this.module(file, child, id, record, m, keys[k]!, episode)));
    } else {
      // This census is the earlier one: only its modules the later census lacks are taken.
      const details = c.epDetails.data[ep]!;
      this.notRead(file, record.line, details);
      const modules = c.modules(ep);
      record.modules.forEach((m, k) => {
        const twin = modules.find((row) => same(row, k));
        if (twin !== undefined) this.notRead(file, m.line, twin);
        else {
          const row = this.module(file, child, id, record, m, keys[k]!, episode);
          c.link(ep, row);
          this.onlyEarlier(row, this.files[c.rowFile.data[details]!]!, c.rowLine.data[details]!, id);
        }
      });
    }
  }

  /** A row already taken that a later census's copy replaces: its events and problems go, and it is listed as not read. */
  private supersede(row: number, by: CinFile, byLine: number): void {
    const c = this.copies;
    for (let e = c.rowFirst.data[row]!; e < c.rowEnd.data[row]!; e++) this.log.kill(e);
    const file = this.files[c.rowFile.data[row]!]!;
    const line = c.rowLine.data[row]!;
    this.log.problems.dropAt(c.rowProblemsFrom.data[row]!, c.rowProblemsTo.data[row]!, file.name, new Set([line]));
    if (c.rowImported.data[row] === 1) {
      file.tally.imported--;
      this.log.reject(file.tally, line, null, `superseded by the later census's copy of this episode (${by.name} line ${byLine})`, true);
      this.superseded++;
    }
  }

  /** A row of an earlier census whose episode the later census repeats: counted and listed, not read. */
  private notRead(file: CinFile, line: number, twin: number): void {
    const c = this.copies;
    file.tally.rows++;
    this.log.reject(file.tally, line, null, `superseded by the later census's copy of this episode (${this.files[c.rowFile.data[twin]!]!.name} line ${c.rowLine.data[twin]})`, true);
    this.superseded++;
  }

  private onlyEarlier(row: number, later: CinFile, laterLine: number, id: string): void {
    const c = this.copies;
    const key = c.rowKey.data[row]!;
    const file = this.files[c.rowFile.data[row]!]!;
    const line = c.rowLine.data[row]!;
    const name = KINDS[c.rowKind.data[row]! - 1]!;
    const date = key >= 0 ? formatDay(key) : `line ${line}`;
    this.log.problem('module_only_in_earlier_census', id, { file: file.name, sheet: null, row: line }, name,
      `this ${LABEL[name]} is in ${file.name} but not in the later census's copy of its episode (${later.name} line ${laterLine}); it is kept`, [date]);
  }

  /** The CINdetails row: referral (source, NFA), closure, and a conference recorded at this level. */
  private details(file: CinFile, child: number, id: string, record: EpisodeRecord, episode: number): number {
    const log = this.log;
    const t = file.tally;
    const values = record.values;
    const first = log.eventCount;
    const problemsFrom = log.problems.mark;
    t.rows++;
    const nfaText = values.get('ReferralNFA');
    let nfa = false;
    if (nfaText !== undefined) {
      const b = YES_NO.find(nfaText.text);
      if (b === undefined) log.problem('code_not_in_list', id, this.at(file, nfaText), 'ReferralNFA', 'ReferralNFA is not true, false, 1 or 0; it is read as false', [nfaText.text]);
      else nfa = b;
    }
    const referral = values.get('CINreferralDate');
    const referralDay = this.date(file, id, referral, 'CINreferralDate');
    if (referralDay !== null) {
      const source = this.code(file, id, values.get('ReferralSource'), 'ReferralSource', SOURCE);
      log.addEvent(child, EV.referral, referralDay, file.place, referral!.line, this.f.CINreferralDate!, nfa ? outcomeCode('nfa') : 0, source, episode);
    }
    const closure = values.get('CINclosureDate');
    const closureDay = this.date(file, id, closure, 'CINclosureDate');
    if (closureDay !== null) {
      log.addEvent(child, EV.case_closed, closureDay, file.place, closure!.line, this.f.CINclosureDate!, this.code(file, id, values.get('ReasonForClosure'), 'ReasonForClosure', CLOSURE_REASON), 0, episode);
    }
    const icpc = values.get('DateOfInitialCPC');
    const icpcDay = this.date(file, id, icpc, 'DateOfInitialCPC');
    if (icpcDay !== null) {
      let atS47 = false;
      for (const m of record.modules) if (m.name === 'Section47' && this.date(file, id, m.values.get('DateOfInitialCPC'), 'DateOfInitialCPC', false) === icpcDay) atS47 = true;
      if (atS47) {
        log.problem('icpc_recorded_twice', id, this.at(file, icpc!), 'DateOfInitialCPC', dfeMessage('CIN 2884', 'the same date is in this CINdetails and in its Section47; it is imported once'), [icpcDay]);
      } else {
        log.addEvent(child, EV.icpc, icpcDay, file.place, icpc!.line, this.f.DateOfInitialCPC!, 0, 0, episode);
      }
      this.afterClosure(file, id, icpcDay, closureDay, icpc, 'DateOfInitialCPC');
    }
    const refused = this.dropIfRefused(file, first, problemsFrom);
    const imported = !refused && (referralDay !== null || closureDay !== null || icpcDay !== null);
    if (imported) t.imported++;
    else if (!refused) log.reject(t, record.line, 'CINreferralDate', 'no usable date in this CINdetails (CINreferralDate, CINclosureDate or DateOfInitialCPC)');
    return this.copies.addRow(file.order, record.line, first, log.eventCount, problemsFrom, log.problems.mark, imported, DETAILS, 0);
  }

  private module(file: CinFile, child: number, id: string, record: EpisodeRecord, m: ModuleRecord, key: number, episode: number): number {
    const log = this.log;
    const t = file.tally;
    const v = m.values;
    const f = this.f;
    const first = log.eventCount;
    const problemsFrom = log.problems.mark;
    const closureDay = this.date(file, id, record.values.get('CINclosureDate'), 'CINclosureDate', false);
    t.rows++;
    const after = closureDay;
    let any = false;
    switch (m.name) {
      case 'Assessments': {
        const s = this.ev(file, child, id, v, episode, EV.assessment_start, 'AssessmentActualStartDate');
        const e = this.ev(file, child, id, v, episode, EV.assessment_end, 'AssessmentAuthorisationDate');
        any = s !== null || e !== null;
        this.pair(file, id, v, 'AssessmentActualStartDate', 'AssessmentAuthorisationDate', s, e, 'CIN 8608');
        this.afterClosure(file, id, s, after, v.get('AssessmentActualStartDate'), 'AssessmentActualStartDate');
        this.afterClosure(file, id, e, after, v.get('AssessmentAuthorisationDate'), 'AssessmentAuthorisationDate');
        break;
      }
      case 'CINPlanDates': {
        const startEvent = log.eventCount;
        const s = this.ev(file, child, id, v, episode, EV.cin_plan_start, 'CINPlanStartDate');
        const e = this.ev(file, child, id, v, episode, EV.cin_plan_end, 'CINPlanEndDate');
        any = s !== null || e !== null;
        this.pair(file, id, v, 'CINPlanStartDate', 'CINPlanEndDate', s, e, null);
        this.afterClosure(file, id, s, after, v.get('CINPlanStartDate'), 'CINPlanStartDate');
        this.afterClosure(file, id, e, after, v.get('CINPlanEndDate'), 'CINPlanEndDate');
        if (s !== null) log.interval('cin', child, id, startEvent, e, this.at(file, v.get('CINPlanStartDate')!), 'CINPlanStartDate');
        break;
      }
      case 'Section47': {
        const s = this.ev(file, child, id, v, episode, EV.s47_start, 'S47ActualStartDate');
        const icpcValue = v.get('DateOfInitialCPC');
        const icpcDay = this.date(file, id, icpcValue, 'DateOfInitialCPC');
        if (icpcDay !== null) log.addEvent(child, EV.icpc, icpcDay, file.place, icpcValue!.line, f.DateOfInitialCPC!, 0, 0, episode);
        any = s !== null || icpcDay !== null;
        if (icpcDay !== null && (s === null || s > icpcDay)) {
          const detail = s === null ? 'this Section47 has a DateOfInitialCPC but no S47ActualStartDate' : 'S47ActualStartDate is after the DateOfInitialCPC of the same Section47';
          const field = s === null ? 'DateOfInitialCPC' : 'S47ActualStartDate';
          log.problem(s === null ? 'icpc_without_s47' : 's47_after_icpc', id, this.at(file, s === null ? icpcValue! : v.get('S47ActualStartDate')!), field, dfeMessage('CIN 8615', detail), [s, icpcDay], 'CIN 8615');
        }
        const notRequired = v.get('ICPCnotRequired');
        if (notRequired !== undefined && YES_NO.find(notRequired.text) === undefined) {
          log.problem('code_not_in_list', id, this.at(file, notRequired), 'ICPCnotRequired', 'ICPCnotRequired is not true, false, 1 or 0', [notRequired.text]);
        }
        this.afterClosure(file, id, s, after, v.get('S47ActualStartDate'), 'S47ActualStartDate');
        this.afterClosure(file, id, icpcDay, after, icpcValue, 'DateOfInitialCPC');
        break;
      }
      case 'ChildProtectionPlans': {
        // Some years and systems record the plan's initial conference inside the plan: it is an ICPC that
        // decided on this plan, unless the episode holds a conference of that date already.
        const icpcValue = v.get('DateOfInitialCPC');
        const icpcDay = this.date(file, id, icpcValue, 'DateOfInitialCPC');
        if (icpcDay !== null && !this.episodeHasIcpc(file, id, record, icpcDay, m)) {
          log.addEvent(child, EV.icpc, icpcDay, file.place, icpcValue!.line, f.DateOfInitialCPC!, outcomeCode('cp_plan'), 0, episode);
        }
        const startEvent = log.eventCount;
        const s = this.ev(file, child, id, v, episode, EV.cp_plan_start, 'CPPstartDate');
        const e = this.ev(file, child, id, v, episode, EV.cp_plan_end, 'CPPendDate');
        any = s !== null || e !== null || icpcDay !== null;
        this.pair(file, id, v, 'CPPstartDate', 'CPPendDate', s, e, 'CIN 8925');
        this.afterClosure(file, id, e, after, v.get('CPPendDate'), 'CPPendDate');
        if (s !== null) log.interval('cp', child, id, startEvent, e, this.at(file, v.get('CPPstartDate')!), 'CPPstartDate');
        break;
      }
    }
    if (this.dropIfRefused(file, first, problemsFrom)) any = false;
    else if (any) t.imported++;
    else log.reject(t, m.line, null, `no usable date in this ${m.name}`);
    return this.copies.addRow(file.order, m.line, first, log.eventCount, problemsFrom, log.problems.mark, any, kindOf(m.name), key);
  }

  /** Records event `type` dated by element `field` of the module, if it has a usable date; returns the day. */
  private ev(file: CinFile, child: number, id: string, v: Values, episode: number, type: number, field: string): number | null {
    const value = v.get(field);
    const d = this.date(file, id, value, field);
    if (d !== null) this.log.addEvent(child, type, d, file.place, value!.line, this.f[field]!, 0, 0, episode);
    return d;
  }

  /** An end given without its start, or before it (`rule`: the DfE rule of an end before its start). */
  private pair(file: CinFile, id: string, v: Values, startField: string, endField: string, startDay: number | null, endDay: number | null, rule: 'CIN 8608' | 'CIN 8925' | null): void {
    if (endDay === null) return;
    const where = this.at(file, v.get(endField)!);
    if (startDay === null) this.log.problem('end_without_start', id, where, endField, `${endField} is given but ${startField} is not`, [endDay]);
    else if (endDay < startDay) {
      const detail = `${endField} is before ${startField}`;
      this.log.problem('end_before_start', id, where, endField, rule === null ? detail : dfeMessage(rule, detail), [startDay, endDay], rule);
    }
  }

  /** Whether the episode records a conference on `day` in CINdetails, a Section47 or an earlier plan. */
  private episodeHasIcpc(file: CinFile, id: string, record: EpisodeRecord, day: number, self: ModuleRecord): boolean {
    const on = (v: Value | undefined): boolean => this.date(file, id, v, 'DateOfInitialCPC', false) === day;
    if (on(record.values.get('DateOfInitialCPC'))) return true;
    for (const m of record.modules) {
      if (m === self) return false;
      if ((m.name === 'Section47' || m.name === 'ChildProtectionPlans') && on(m.values.get('DateOfInitialCPC'))) return true;
    }
    return false;
  }

  private afterClosure(file: CinFile, id: string, d: number | null, closureDay: number | null, v: Value | undefined, field: string): void {
    if (d === null || closureDay === null || d <= closureDay) return;
    this.log.problem('activity_after_closure', id, this.at(file, v!), field, dfeMessage('CIN 8565', `${field} is after the episode's CINclosureDate`), [d, closureDay]);
  }

  private at(file: CinFile, v: Value): Where {
    return { file: file.name, sheet: null, row: v.line };
  }

  /** A row with a date before 1900 or over a year ahead (listed by badDateRefused): counted rejected, its events and problems dropped. */
  private dropIfRefused(file: CinFile, firstEvent: number, problemsFrom: number): boolean {
    if (!this.log.rowRefused(file.tally)) return false;
    for (let e = firstEvent; e < this.log.eventCount; e++) this.log.kill(e);
    this.log.problems.dropRange(problemsFrom, this.log.problems.mark);
    return true;
  }

  /**
   * A value read as a date (read once); a bad date is reported once, when `report` (a date out of range, or
   * any bad date when `birth`, refuses the row being read then).
   */
  private date(file: CinFile, id: string, v: Value | undefined, field: string, report = true, birth = false): number | null {
    if (v === undefined) return null;
    const parsed = (v.date ??= parseFlexibleDate(v.text));
    if ('day' in parsed) return parsed.day;
    if (report && !v.reported && this.log.badDateRefused(file.tally, v.line, field, parsed, birth)) v.reported = true;
    if (report && !v.reported) {
      v.reported = true;
      this.log.problem('bad_date', id, this.at(file, v), field, `${field}: ${parsed.reason}`, [v.text]);
    }
    return null;
  }

  private code(file: CinFile, id: string, v: Value | undefined, field: string, list: CodeList<number>): number {
    if (v === undefined) return 0;
    const code = list.find(v.text);
    if (code !== undefined) return code;
    this.log.problem('code_not_in_list', id, this.at(file, v), field, `${field} is not in its code list; it is imported as blank`, [v.text]);
    return 0;
  }
}

/** The date identifying a module across census years (its start, else its end; a unique negative number when it has neither). */
function moduleKey(m: ModuleRecord): number {
  for (const element of MODULE_KEY[m.name]) {
    const v = m.values.get(element);
    if (v === undefined) continue;
    const parsed = (v.date ??= parseFlexibleDate(v.text));
    if ('day' in parsed) return parsed.day;
  }
  return -1 - m.line;
}
