// Reads CIN census XML files into the source log, streamed: each <Child> is read, kept as a small
// record, and the records of all files are turned into events at the end, so that an episode that
// appears in two census years (open on 31 March) is one episode, the later census's copy. Each
// CINdetails is an episode with its own episode_id; each CINdetails, Assessments, CINPlanDates,
// Section47 and ChildProtectionPlans element is one row of the report (its line in the file).
import { StringDecoder } from 'node:string_decoder';
import { formatDay } from '../../../core/dates.js';
import { EV, outcomeCode } from '../../../core/events.js';
import { CLOSURE_REASON, ETHNICITY, SEX, SOURCE } from '../common/codes.js';
import { YES_NO, parseFlexibleDate, type CodeList } from '../common/values.js';
import { XmlTokenizer } from '../common/xml-tokenizer.js';
import type { Where } from '../quality/problems.js';
import type { SheetTally, SourceLog } from '../source-log.js';
import { MODULES, NO_DISABILITY, UNREAD_MODULES, type ModuleName } from './schema.js';

interface Value {
  text: string;
  line: number;
}

interface Module {
  name: ModuleName;
  line: number;
  values: Map<string, Value>;
}

interface Episode {
  line: number;
  values: Map<string, Value>;
  modules: Module[];
}

interface ChildRecord {
  line: number;
  values: Map<string, Value>;
  disabilities: string[];
  episodes: Episode[];
}

interface CinFile {
  name: string;
  tally: SheetTally;
  referenceDay: number | null;
  order: number;
  children: ChildRecord[];
}

const MODULE_NAMES = new Set<string>(Object.keys(MODULES));
const UNREAD = new Set<string>(UNREAD_MODULES);

/** Collects CIN census files, then writes them all into the log with `finish`. */
export class CinReader {
  private readonly files: CinFile[] = [];
  private unreadModules = 0;

  constructor(private readonly log: SourceLog) {}

  async read(input: AsyncIterable<Uint8Array | string>, name: string): Promise<void> {
    const file: CinFile = { name, tally: this.log.tally(name), referenceDay: null, order: this.files.length, children: [] };
    this.files.push(file);
    const path: string[] = [];
    let child: ChildRecord | null = null;
    let episode: Episode | null = null;
    let module: Module | null = null;
    let unread = 0;
    let text = '';
    let textLine = 0;
    const tokenizer = new XmlTokenizer({
      open: (name, _attrs, line) => {
        path.push(name);
        text = '';
        textLine = line;
        if (unread > 0) {
          unread++;
          return;
        }
        if (name === 'Child') child = { line, values: new Map(), disabilities: [], episodes: [] };
        else if (name === 'CINdetails' && child !== null) episode = { line, values: new Map(), modules: [] };
        else if (MODULE_NAMES.has(name) && episode !== null) module = { name: name as ModuleName, line, values: new Map() };
        else if (UNREAD.has(name)) {
          unread = 1;
          this.unreadModules++;
        }
      },
      text: (value) => {
        text += value;
      },
      close: (name) => {
        path.pop();
        if (unread > 0) {
          unread--;
          return;
        }
        const value = text.trim();
        text = '';
        if (name === 'Child') {
          if (child !== null) file.children.push(child);
          child = null;
        } else if (name === 'CINdetails') {
          if (child !== null && episode !== null) child.episodes.push(episode);
          episode = null;
        } else if (MODULE_NAMES.has(name) && module !== null && module.name === name) {
          episode?.modules.push(module);
          module = null;
        } else if (name === 'ReferenceDate' && path.includes('Header')) {
          const parsed = parseFlexibleDate(value);
          if ('day' in parsed) file.referenceDay = parsed.day;
        } else if (value !== '') {
          const v = { text: value, line: textLine };
          if (module !== null) module.values.set(name, v);
          else if (episode !== null) episode.values.set(name, v);
          else if (child !== null) {
            if (name === 'Disability') child.disabilities.push(value);
            else child.values.set(name, v);
          }
        }
      },
    });
    const decoder = new StringDecoder('utf8');
    for await (const chunk of input) tokenizer.write(typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    tokenizer.write(decoder.end());
    tokenizer.end();
    if (file.children.length === 0) this.log.warnings.push(`${name}: no <Child> records found (is this a CIN census file?)`);
  }

  /** Turns every file's children into events; a later census's copy of an episode replaces an earlier one. */
  finish(): void {
    if (this.unreadModules > 0) this.log.warnings.push(`${this.unreadModules} pre-proceedings (PreProceedingsandFGDM) modules were read past: the journey has no events for them`);
    // Later censuses last; the same episode (child and referral date) is taken from the last file holding it.
    const files = [...this.files].sort((a, b) => (a.referenceDay ?? -Infinity) - (b.referenceDay ?? -Infinity) || a.order - b.order);
    const latest = new Map<string, CinFile>();
    for (const file of files) {
      for (const child of file.children) {
        const id = child.values.get('LAchildID')?.text;
        if (id === undefined) continue;
        for (const episode of child.episodes) {
          const referral = episode.values.get('CINreferralDate')?.text;
          if (referral !== undefined) latest.set(`${id}\u0000${referral}`, file);
        }
      }
    }
    let repeated = 0;
    let episodeNumber = 0;
    for (const file of files) {
      for (const child of file.children) {
        const id = child.values.get('LAchildID')?.text ?? null;
        const rows = child.episodes.length + child.episodes.reduce((n, e) => n + e.modules.length, 0);
        if (id === null) {
          file.tally.rows += rows;
          for (const e of child.episodes) {
            this.log.reject(file.tally, e.line, 'LAchildID', 'no child identifier (LAchildID) in this <Child>');
            for (const m of e.modules) this.log.reject(file.tally, m.line, 'LAchildID', 'no child identifier (LAchildID) in this <Child>');
          }
          continue;
        }
        if (id.length > 64) {
          file.tally.rows += rows;
          for (const e of child.episodes) this.log.reject(file.tally, e.line, 'LAchildID', `the child identifier is ${id.length} characters long; at most 64 are allowed`);
          for (const e of child.episodes) for (const m of e.modules) this.log.reject(file.tally, m.line, 'LAchildID', 'the child identifier is too long');
          continue;
        }
        const idx = this.childIndex(file, child, id);
        for (const episode of child.episodes) {
          const referral = episode.values.get('CINreferralDate')?.text;
          if (referral !== undefined && latest.get(`${id}\u0000${referral}`) !== file) {
            // A later census holds this episode: its rows are read there.
            file.tally.rows += 1 + episode.modules.length;
            file.tally.imported += 1 + episode.modules.length;
            repeated++;
            continue;
          }
          episodeNumber++;
          this.episode(file, idx, id, child, episode, `CIN${episodeNumber}`);
        }
      }
    }
    if (repeated > 0) this.log.warnings.push(`${repeated} CIN episodes appear in more than one census file; the latest census's copy is used`);
    this.log.counts.episodes = (this.log.counts.episodes ?? 0) + episodeNumber;
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

  private episode(file: CinFile, child: number, id: string, record: ChildRecord, episode: Episode, episodeId: string): void {
    const log = this.log;
    const t = file.tally;
    const values = episode.values;
    const dob = this.date(file, id, record.values.get('PersonBirthDate'), 'PersonBirthDate', false);
    const at = (v: Value): Where => ({ file: file.name, sheet: null, row: v.line });
    const day = (v: Value | undefined, field: string): number | null => this.date(file, id, v, field);
    const ev = (type: number, field: string, v: Value | undefined, options: { outcome?: number; source?: number } = {}): number | null => {
      const d = day(v, field);
      if (d !== null) log.event(child, type, d, at(v!), field, { episode: episodeId, ...options });
      return d;
    };
    const closure = values.get('CINclosureDate');
    const closureDay = day(closure, 'CINclosureDate');
    const afterClosure = (d: number | null, v: Value | undefined, field: string): void => {
      if (d !== null && closureDay !== null && d > closureDay) log.problem('activity_after_closure', id, at(v!), field, `${field} is after the episode's CINclosureDate`, [d, closureDay]);
    };
    const birthCheck = (dates: [number | null, Value | undefined, string][], rowLine: number): void => {
      if (dob === null) return;
      const before = dates.filter(([d]) => d !== null && d < dob).sort((a, b) => a[0]! - b[0]!);
      if (before.length === 0) return;
      const [first, v, field] = before[0]!;
      log.problem('dob_after_event', id, { file: file.name, sheet: null, row: v?.line ?? rowLine }, field, `the child's PersonBirthDate (${formatDay(dob)}) is after ${before.map(([, , f]) => f).join(', ')} (${formatDay(first!)})`, [dob, first]);
    };

    // The CINdetails row: referral, closure, conference recorded at this level.
    t.rows++;
    const nfaText = values.get('ReferralNFA');
    let nfa = false;
    if (nfaText !== undefined) {
      const b = YES_NO.find(nfaText.text);
      if (b === undefined) log.problem('code_not_in_list', id, at(nfaText), 'ReferralNFA', `ReferralNFA "${nfaText.text}" is not true, false, 1 or 0; it is read as false`, [nfaText.text]);
      else nfa = b;
    }
    const referralDay = ev(EV.referral, 'CINreferralDate', values.get('CINreferralDate'), {
      source: this.code(file, id, values.get('ReferralSource'), 'ReferralSource', SOURCE),
      outcome: nfa ? outcomeCode('nfa') : 0,
    });
    if (closureDay !== null) {
      log.event(child, EV.case_closed, closureDay, at(closure!), 'CINclosureDate', { episode: episodeId, outcome: this.code(file, id, values.get('ReasonForClosure'), 'ReasonForClosure', CLOSURE_REASON) });
    }
    const detailsIcpc = values.get('DateOfInitialCPC');
    const detailsIcpcDay = day(detailsIcpc, 'DateOfInitialCPC');
    const s47Icpcs = episode.modules.filter((m) => m.name === 'Section47').map((m) => this.date(file, id, m.values.get('DateOfInitialCPC'), 'DateOfInitialCPC', false));
    if (detailsIcpcDay !== null) {
      if (s47Icpcs.includes(detailsIcpcDay)) {
        log.problem('icpc_recorded_twice', id, at(detailsIcpc!), 'DateOfInitialCPC', 'the initial conference is recorded in both CINdetails and Section47; it is imported once', [detailsIcpcDay]);
      } else {
        log.event(child, EV.icpc, detailsIcpcDay, at(detailsIcpc!), 'DateOfInitialCPC', { episode: episodeId });
      }
      afterClosure(detailsIcpcDay, detailsIcpc, 'DateOfInitialCPC');
    }
    if (referralDay === null && closureDay === null && detailsIcpcDay === null) {
      log.reject(t, episode.line, 'CINreferralDate', 'no usable date in this CINdetails (CINreferralDate, CINclosureDate or DateOfInitialCPC)');
    } else t.imported++;
    birthCheck([[referralDay, values.get('CINreferralDate'), 'CINreferralDate'], [closureDay, closure, 'CINclosureDate'], [detailsIcpcDay, detailsIcpc, 'DateOfInitialCPC']], episode.line);

    for (const m of episode.modules) {
      t.rows++;
      const v = m.values;
      let any = false;
      const pair = (startField: string, endField: string, startDay: number | null, endDay: number | null): void => {
        if (endDay === null) return;
        if (startDay === null) log.problem('end_without_start', id, at(v.get(endField)!), endField, `${endField} is given but ${startField} is not`, [endDay]);
        else if (endDay < startDay) log.problem('end_before_start', id, at(v.get(endField)!), endField, `${endField} is before ${startField}`, [startDay, endDay]);
      };
      switch (m.name) {
        case 'Assessments': {
          const s = ev(EV.assessment_start, 'AssessmentActualStartDate', v.get('AssessmentActualStartDate'));
          const e = ev(EV.assessment_end, 'AssessmentAuthorisationDate', v.get('AssessmentAuthorisationDate'));
          any = s !== null || e !== null;
          pair('AssessmentActualStartDate', 'AssessmentAuthorisationDate', s, e);
          afterClosure(s, v.get('AssessmentActualStartDate'), 'AssessmentActualStartDate');
          afterClosure(e, v.get('AssessmentAuthorisationDate'), 'AssessmentAuthorisationDate');
          birthCheck([[s, v.get('AssessmentActualStartDate'), 'AssessmentActualStartDate'], [e, v.get('AssessmentAuthorisationDate'), 'AssessmentAuthorisationDate']], m.line);
          break;
        }
        case 'CINPlanDates': {
          const s = ev(EV.cin_plan_start, 'CINPlanStartDate', v.get('CINPlanStartDate'));
          const e = ev(EV.cin_plan_end, 'CINPlanEndDate', v.get('CINPlanEndDate'));
          any = s !== null || e !== null;
          pair('CINPlanStartDate', 'CINPlanEndDate', s, e);
          afterClosure(s, v.get('CINPlanStartDate'), 'CINPlanStartDate');
          afterClosure(e, v.get('CINPlanEndDate'), 'CINPlanEndDate');
          if (s !== null) log.interval('cin', child, id, s, e ?? undefined, at(v.get('CINPlanStartDate')!), 'CINPlanStartDate');
          birthCheck([[s, v.get('CINPlanStartDate'), 'CINPlanStartDate'], [e, v.get('CINPlanEndDate'), 'CINPlanEndDate']], m.line);
          break;
        }
        case 'Section47': {
          const s = ev(EV.s47_start, 'S47ActualStartDate', v.get('S47ActualStartDate'));
          const i = ev(EV.icpc, 'DateOfInitialCPC', v.get('DateOfInitialCPC'));
          any = s !== null || i !== null;
          if (s !== null && i !== null && s > i) log.problem('s47_after_icpc', id, at(v.get('S47ActualStartDate')!), 'S47ActualStartDate', 'S47ActualStartDate is after the DateOfInitialCPC of the same Section47', [s, i]);
          const notRequired = v.get('ICPCnotRequired');
          if (notRequired !== undefined && YES_NO.find(notRequired.text) === undefined) {
            log.problem('code_not_in_list', id, at(notRequired), 'ICPCnotRequired', `ICPCnotRequired "${notRequired.text}" is not true, false, 1 or 0`, [notRequired.text]);
          }
          afterClosure(s, v.get('S47ActualStartDate'), 'S47ActualStartDate');
          afterClosure(i, v.get('DateOfInitialCPC'), 'DateOfInitialCPC');
          birthCheck([[s, v.get('S47ActualStartDate'), 'S47ActualStartDate'], [i, v.get('DateOfInitialCPC'), 'DateOfInitialCPC']], m.line);
          break;
        }
        case 'ChildProtectionPlans': {
          const s = ev(EV.cp_plan_start, 'CPPstartDate', v.get('CPPstartDate'));
          const e = ev(EV.cp_plan_end, 'CPPendDate', v.get('CPPendDate'));
          any = s !== null || e !== null;
          pair('CPPstartDate', 'CPPendDate', s, e);
          afterClosure(e, v.get('CPPendDate'), 'CPPendDate');
          if (s !== null) log.interval('cp', child, id, s, e ?? undefined, at(v.get('CPPstartDate')!), 'CPPstartDate');
          birthCheck([[s, v.get('CPPstartDate'), 'CPPstartDate'], [e, v.get('CPPendDate'), 'CPPendDate']], m.line);
          break;
        }
      }
      if (any) t.imported++;
      else log.reject(t, m.line, null, `no usable date in this ${m.name}`);
    }
  }

  private date(file: CinFile, id: string, v: Value | undefined, field: string, report = true): number | null {
    if (v === undefined) return null;
    const parsed = parseFlexibleDate(v.text);
    if ('day' in parsed) return parsed.day;
    if (report) this.log.problem('bad_date', id, { file: file.name, sheet: null, row: v.line }, field, `${field}: ${parsed.reason}`, [v.text]);
    return null;
  }

  private code(file: CinFile, id: string, v: Value | undefined, field: string, list: CodeList<number>): number {
    if (v === undefined) return 0;
    const code = list.find(v.text);
    if (code !== undefined) return code;
    this.log.problem('code_not_in_list', id, { file: file.name, sheet: null, row: v.line }, field, `${field} "${v.text}" is not in its code list; it is imported as blank`, [v.text]);
    return 0;
  }
}
