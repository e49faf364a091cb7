// The steps of an import that used to hold the event loop (issue 12: no request may stall others for
// more than 100 ms) now let it run between slices: writing the children's rows (a keyed hash each) and
// sealing their identifiers. With a slice of 0 ms every block boundary lets the loop in, so a
// setImmediate queued before the step runs before the step ends; on the old code it could not.
import { readFile } from 'node:fs';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BatchInsert } from '../../../server/db/batch-insert.js';
import { CHILD_COLUMNS } from '../../../server/db/pending-dataset.js';
import { ChildRegistry, PART_IDS } from '../../../server/import/child-registry.js';
import { CinReader } from '../../../server/import/cin/read.js';
import { readAnnexAWorkbook } from '../../../server/import/annex-a/read.js';
import { writeXlsx } from '../../../server/import/common/xlsx-write.js';
import { SourceLog, eventsByChild, eventsByChildInSteps, type CareEpisode } from '../../../server/import/source-log.js';
import { assignAnnexEpisodes } from '../../../server/import/annex-a/episodes.js';
import { checkBirths } from '../../../server/import/quality/birth-rules.js';
import { countCare } from '../../../server/import/merge-sources.js';
import { EVENT_TYPES, EV } from '../../../core/events.js';
import { emptySortedColumns, emptySortedColumnsInSteps } from '../../../core/event-table.js';
import { formatDay } from '../../../core/dates.js';
import { carePeriodsNumbered, countEventTypes } from '../../../server/import/source-importer.js';
import { checkSequences } from '../../../server/import/quality/sequence-rules.js';
import { Ssda903Reader } from '../../../server/import/ssda903/read.js';
import { TimeSlice } from '../../../server/import/time-slice.js';
import { createPseudonymiser } from '../../../server/privacy/pseudonyms.js';
import { turnsDuring } from './loop-turns.js';

const pseudonyms = createPseudonymiser(Buffer.alloc(32, 7));

function registry(children: number): ChildRegistry {
  const r = new ChildRegistry(pseudonyms);
  for (let i = 0; i < children; i++) r.addChild(i % 3 === 0 ? `C"${i}\u00e9` : `C${i}`, { dob: 15000 + i, sex: 1 + (i % 2), ethnicity: 0, disability: 0 }, 19000, -1);
  return r;
}

/** An Annex A workbook of one List 3 sheet: `children` referrals in March 2023, ids `prefix` and a number. */
function annexList3(prefix: string, children: number): Buffer {
  const head = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Date of Referral', 'Referral NFA?'];
  const rows = Array.from({ length: children }, (_, c) => [`${prefix}${c}`, c % 2 ? 'F' : 'M', 'WBRI', '01/01/2012', `${String((c % 27) + 1).padStart(2, '0')}/03/2023`, 'No']);
  return writeXlsx([{ name: 'List 3', rows: [head, ...rows] }]);
}

/** A slice that counts its pauses and calls `onPause` at each (to see how far a step had got when it let the loop in). */
class CountedSlice extends TimeSlice {
  pauses = 0;

  constructor(budgetMs: number, private readonly onPause?: () => void) {
    super(budgetMs);
  }

  override async pause(): Promise<void> {
    this.pauses++;
    this.onPause?.();
    await super.pause();
  }
}

describe('an import lets other requests in while it', () => {
  it('writes its children: every row written, with pseudonyms, the loop let in between slices', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE children (dataset_id, idx, child_id, dob, sex, ethnicity, disability, dob_month_only)');
    const r = registry(5000);
    const insert = new BatchInsert(db, 'children', CHILD_COLUMNS, { dataset_id: 1 });
    const flush = db.transaction(() => insert.write(false));
    const turns = await turnsDuring(() => r.writeTo(insert, () => insert.pending >= 1024 && flush(), new TimeSlice(0)));
    db.transaction(() => insert.write(true))();
    expect(turns).toBeGreaterThan(0);
    const rows = db.prepare('SELECT idx, child_id, dob FROM children ORDER BY idx').raw().all() as [number, string, number][];
    expect(rows).toHaveLength(5000);
    expect(rows[3]).toEqual([3, pseudonyms.pseudonym('C"3\u00e9'), 15003]);
    const real = new Set(r.identifiers);
    expect(rows.filter(([, id]) => real.has(id))).toEqual([]);
    db.close();
  });

  it('seals its identifiers in parts of PART_IDS: each part the JSON array of its ids, in order, and the loop was let in', async () => {
    const r = registry(PART_IDS + 3_000);
    const parts: Buffer[] = [];
    const turns = await turnsDuring(async () => {
      for await (const sealed of r.sealedParts(new TimeSlice(0))) parts.push(sealed);
    });
    expect(turns).toBeGreaterThan(0);
    expect(parts).toHaveLength(2);
    const opened = parts.map((sealed) => JSON.parse(pseudonyms.open(sealed)) as string[]);
    expect(opened.map((ids) => ids.length)).toEqual([PART_IDS, 3_000]);
    expect(opened.flat()).toEqual(r.identifiers);
    expect(opened[0]![3]).toBe('C"3\u00e9');
  });

  it('reads a CIN census that arrives as one buffer (an HTTP upload) in pieces, the loop let in between slices (audit a12e B2: 28 MB held the service 1.5-2.2 s)', async () => {
    const children = Array.from({ length: 2000 }, (_, c) =>
      `<Child><ChildIdentifiers><LAchildID>Y${c}</LAchildID><PersonBirthDate>2015-01-0${(c % 9) + 1}</PersonBirthDate><Sex>${c % 2 ? 'F' : 'M'}</Sex></ChildIdentifiers>` +
      `<CINdetails><CINreferralDate>2023-0${(c % 9) + 1}-11</CINreferralDate><ReferralNFA>0</ReferralNFA></CINdetails></Child>`).join('\n');
    const census = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header>\n<Children>\n${children}\n</Children></Message>\n`);
    const log = new SourceLog(pseudonyms);
    const reader = new CinReader(log);
    const turns = await turnsDuring(() => reader.read(Readable.from([census]), 'census.xml', new TimeSlice(0)));
    reader.finish();
    expect(turns).toBeGreaterThan(0);
    expect(log.registry.size).toBe(2000);
    // and checks the children's journeys (the quality rules' grammar) with the loop let in too
    expect(await turnsDuring(() => checkSequences(log, new TimeSlice(0)))).toBeGreaterThan(0);
  });

  it('reads an Annex A workbook row by row, the loop let in between slices (audit a12e B2: 1.8 MB held the service 0.5-1.3 s)', async () => {
    const bytes = annexList3('K', 3000);
    const sliced = new SourceLog(pseudonyms);
    const whole = new SourceLog(pseudonyms);
    // Pauses counted at the slice, not turns of the loop: unpacking the sheet (zlib's thread pool) lets the
    // loop in for as many turns as the inflate takes, which varies run to run.
    const everyRow = new CountedSlice(0);
    await readAnnexAWorkbook(bytes, 'annex.xlsx', sliced, undefined, everyRow);
    await readAnnexAWorkbook(bytes, 'annex.xlsx', whole, undefined, new TimeSlice(1e9));
    expect(everyRow.pauses).toBeGreaterThan(150); // a pause every 16 rows of 3,000
    // the same events as read in one stretch
    expect(sliced.eventCount).toBeGreaterThan(0);
    expect(Array.from(sliced.evDay.data.slice(0, sliced.eventCount))).toEqual(Array.from(whole.evDay.data.slice(0, whole.eventCount)));
  });

  it('builds SSDA903 periods of care child by child, the loop let in between slices (audit a12e B2: 0.75 s in one piece)', async () => {
    const rows = ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'];
    for (let c = 0; c < 1500; c++) rows.push(`S${c},0${(c % 9) + 1}/05/2023,S,C2,N1,U1,PR1,0${(c % 9) + 1}/09/2023,E11,,,,`);
    // (reading the file lets the loop in already; the periods add a turn a child when every slice is due)
    const finished = async (slice: TimeSlice) => {
      const log = new SourceLog(pseudonyms);
      const reader = new Ssda903Reader(log);
      reader.add(Readable.from([rows.join('\n') + '\n']), 'episodes_2024.csv');
      const turns = await turnsDuring(() => reader.finish(slice));
      expect(log.registry.size).toBe(1500);
      return turns;
    };
    const whole = await finished(new TimeSlice(1e9));
    expect(await finished(new TimeSlice(0))).toBeGreaterThan(whole + 100);
  });

  it('checks an SSDA903 file\'s codes between slices (audit a12f M1: 630,000 episodes in one piece held the service 125-160 ms)', async () => {
    // one child, so building its periods (a pause a child at most) adds few pauses; a pause every 256 episodes checked
    const rows = ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'];
    for (let k = 0; k < 3000; k++) rows.push(`S1,${formatDay(13000 + 2 * k)},P,C2,N1,U1,PR1,${formatDay(13001 + 2 * k)},X1,,,,`);
    const log = new SourceLog(pseudonyms);
    const reader = new Ssda903Reader(log);
    reader.add(Readable.from([rows.join('\n') + '\n']), 'episodes_2024.csv');
    const slice = new CountedSlice(0);
    await reader.finish(slice);
    expect(log.careEpisodes.length).toBe(3000);
    expect(slice.pauses).toBeGreaterThanOrEqual(11); // 3,000 / 256
  });

  it('orders SSDA903 episodes by child a block of children at a time, the loop let in between slices (audit a12f M1: all 471,400 in one Map, then one sort)', async () => {
    // 40,000 children in a header file, one episode (of the last child) in an episodes file: ordering the episodes
    // walks the children in blocks of 4,096; on the old code they were sorted in one piece (no pause there)
    const header = ['CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB'];
    for (let c = 0; c < 40_000; c++) header.push(`H${c},1,01/01/2012,WBRI,,,`);
    const episodes = ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN', 'H39999,01/05/2023,S,C2,N1,U1,PR1,,,,,,'];
    const log = new SourceLog(pseudonyms);
    const reader = new Ssda903Reader(log);
    reader.add(Readable.from([header.join('\n') + '\n']), '2024-header.csv');
    reader.add(Readable.from([episodes.join('\n') + '\n']), '2024-episodes.csv');
    let betweenReadAndEvents = 0; // pauses once the episode is read and before any event is made of it
    await reader.finish(new CountedSlice(0, () => {
      if (log.tallies.some((t) => t.file === '2024-episodes.csv' && t.rows === 1) && log.eventCount === 0) betweenReadAndEvents++;
    }));
    expect(betweenReadAndEvents).toBeGreaterThanOrEqual(8);
    expect(log.registry.size).toBe(40_000);
    expect(log.counts.episodes).toBe(1);
    expect(log.problems.all.filter((p) => p.code === 'episode_without_header')).toHaveLength(0);
  });

  it('numbers each child\'s periods of care over every source by start, child by child, the loop let in between slices (an SSDA903 upload of 130,000 episodes held the service 0.5 s)', async () => {
    const log = new SourceLog(pseudonyms);
    // children in a shuffled order; two sources; a period of two episodes; a child with none kept
    const episode = (child: number, source: 'ssda903' | 'annex-a', period: number, start: number): CareEpisode =>
      ({ child, period, source, startEvent: -1, start, end: null, rne: null, legalStatus: null, needCode: null, placement: `${source}-${period}-${start}`, provider: null, reasonEnded: null });
    for (let c = 2999; c >= 0; c--) {
      if (c % 5 === 0) continue;
      log.careEpisodes.push(episode(c, 'ssda903', 1, 19000 + c), episode(c, 'ssda903', 1, 19000 + c + 40));
      if (c % 2 === 0) log.careEpisodes.push(episode(c, 'annex-a', 1, 18000 + c)); // an earlier period, from another source
      if (c % 3 === 0) log.careEpisodes.push(episode(c, 'ssda903', 2, 19500 + c));
    }
    let numbered: CareEpisode[] = [];
    const turns = await turnsDuring(async () => (numbered = await carePeriodsNumbered(log, new TimeSlice(0))));
    expect(turns).toBeGreaterThan(0);
    expect(numbered).toHaveLength(log.careEpisodes.length);
    // what each child should have, worked out child by child here
    const expected = (c: number): string[] => [
      ...(c % 2 === 0 ? [`1 annex-a-1-${18000 + c}`] : []),
      `${c % 2 === 0 ? 2 : 1} ssda903-1-${19000 + c}`,
      `${c % 2 === 0 ? 2 : 1} ssda903-1-${19000 + c + 40}`,
      ...(c % 3 === 0 ? [`${c % 2 === 0 ? 3 : 2} ssda903-2-${19500 + c}`] : []),
    ];
    const want = Array.from({ length: 3000 }, (_, c) => c).filter((c) => c % 5 !== 0).flatMap((c) => expected(c).map((e) => `${c} ${e}`));
    expect(numbered.map((e) => `${e.child} ${e.period} ${e.placement}`)).toEqual(want);
  });

  it('keeps, counts and places the care episodes by child a block at a time before numbering them (audit a12f M1: 471,400 episodes in one piece held the service 60-85 ms)', async () => {
    // two children, so numbering them (a pause a block of 1,024 children at most) adds one pause; 60,000 episodes
    // in three passes of blocks of 16,384 add twelve; on the old code the passes ran in one piece (1 pause)
    const log = new SourceLog(pseudonyms);
    for (let k = 0; k < 60_000; k++) {
      log.careEpisodes.push({ child: k % 2, period: 1, source: 'ssda903', startEvent: -1, start: 19000 + k, end: null, rne: null, legalStatus: null, needCode: null, placement: `${k}`, provider: null, reasonEnded: null });
    }
    const slice = new CountedSlice(0);
    const numbered = await carePeriodsNumbered(log, slice);
    expect(slice.pauses).toBeGreaterThanOrEqual(9);
    expect(numbered.map((e) => `${e.child} ${e.period} ${e.placement}`)).toEqual([0, 1].flatMap((c) => Array.from({ length: 30_000 }, (_, j) => `${c} 1 ${2 * j + c}`)));
  });

  it('unpacks and decodes an Annex A sheet with the loop let in, before reading its rows (audit a12f M1: a 15.4 MB workbook held the service 315-412 ms)', async () => {
    const bytes = annexList3('U', 2000);
    const log = new SourceLog(pseudonyms);
    // rows read with no slice ever due: what turns the loop takes are the unpacking's
    const turns = await turnsDuring(() => readAnnexAWorkbook(bytes, 'annex.xlsx', log, undefined, new TimeSlice(1e9)));
    expect(turns).toBeGreaterThan(0);
    expect(log.registry.size).toBe(2000);
  });

  it('runs the whole-log passes after reading a step at a time (audit a12f M1, M2: on 1-3 million events each held the service 50-200 ms in one piece)', async () => {
    const log = new SourceLog(pseudonyms);
    await readAnnexAWorkbook(annexList3('A', 20_000), 'annex.xlsx', log);
    const rows = ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'];
    for (let c = 0; c < 20_000; c++) rows.push(`S${c},0${(c % 9) + 1}/05/2023,S,C2,N1,U1,PR1,${c % 4 === 0 ? '' : `0${(c % 9) + 1}/09/2023`},${c % 4 === 0 ? '' : 'E11'},,,,`);
    const reader = new Ssda903Reader(log);
    reader.add(Readable.from([rows.join('\n') + '\n']), 'episodes_2024.csv');
    await reader.finish();
    expect(log.eventCount).toBeGreaterThan(50_000);
    // steps counted by draining each pass here (none is a generator on the old code)
    const drained = <T,>(steps: Generator<void, T, void>): { steps: number; value: T } => {
      let n = 0;
      for (let step = steps.next(); ; step = steps.next(), n++) if (step.done) return { steps: n, value: step.value };
    };
    expect(drained(assignAnnexEpisodes(log)).steps).toBeGreaterThan(3);
    const referrals = Array.from({ length: log.eventCount }, (_, e) => e).filter((e) => log.evType.data[e] === EV.referral);
    expect(referrals).toHaveLength(20_000);
    expect(referrals.every((e) => log.evEpisode.data[e]! >= 0)).toBe(true);
    expect(drained(checkBirths(log)).steps).toBeGreaterThan(3);
    const care = drained(countCare(log));
    expect(care.steps).toBeGreaterThan(3);
    expect(care.value).toEqual({ periods: 20_000, open: 5_000 });
    const byChild = drained(eventsByChildInSteps(log));
    expect(byChild.steps).toBeGreaterThan(3);
    expect(Array.from(byChild.value)).toEqual(Array.from(eventsByChild(log)));
    expect(byChild.value).toHaveLength(log.eventCount);
  });

  it('copies the children\'s ids and fills the grammar\'s columns a step at a time (audit a12f M1: at once they held a 50 MB SSDA903 upload of 316,700 children 150 ms)', async () => {
    const r = registry(40_000);
    const slice = new CountedSlice(0);
    const ids = await r.identifiersSliced(slice);
    expect(slice.pauses).toBeGreaterThanOrEqual(4); // 40,000 ids in chunks of 8,192
    expect(ids).toEqual(r.identifiers);
    const steps = emptySortedColumnsInSteps(ids, 600_000);
    let n = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) n++;
    expect(n).toBeGreaterThanOrEqual(2); // 600,000 events in steps of FILL_PER_STEP
    const columns = step.value;
    expect(columns.childIds).toBe(ids);
    expect(columns.seconds.every((s) => s === -1) && columns.episodeId.every((e) => e === null)).toBe(true);
    expect([columns.child, columns.type, columns.day, columns.outcome, columns.source].map((c) => c.length === 600_000 && c.every((v) => v === 0))).toEqual([true, true, true, true, true]);
    expect(columns.episodeId).toHaveLength(600_000);
    expect(emptySortedColumns(['A'], 3)).toEqual({ childIds: ['A'], child: new Int32Array(3), type: new Uint8Array(3), day: new Int32Array(3), seconds: new Int32Array([-1, -1, -1]), outcome: new Uint8Array(3), source: new Uint8Array(3), episodeId: [null, null, null] });
  });

  it('checks overlapping plans a child at a time, the loop let in between slices (audit a12f M2: with the report\'s counts, 106-145 ms in one piece on a 110 MB census)', async () => {
    // children whose CIN plans and CP plans each overlap (the second starts the day the first ends), and one of each kind that does not
    const child = (c: number, second: string) => `<Child><ChildIdentifiers><LAchildID>V${c}</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate></ChildIdentifiers>` +
      '<CINdetails><CINreferralDate>2023-01-01</CINreferralDate><ReferralNFA>0</ReferralNFA>' +
      `<CINPlanDates><CINPlanStartDate>2023-02-01</CINPlanStartDate><CINPlanEndDate>2023-05-01</CINPlanEndDate></CINPlanDates><CINPlanDates><CINPlanStartDate>${second === 'overlap' ? '2023-05-01' : '2023-05-02'}</CINPlanStartDate></CINPlanDates>` +
      '<Section47><S47ActualStartDate>2023-06-02</S47ActualStartDate><DateOfInitialCPC>2023-06-10</DateOfInitialCPC></Section47>' +
      `<ChildProtectionPlans><CPPstartDate>2023-06-10</CPPstartDate><CPPendDate>2023-09-01</CPPendDate></ChildProtectionPlans><ChildProtectionPlans><CPPstartDate>${second === 'overlap' ? '2023-09-01' : '2023-09-02'}</CPPstartDate></ChildProtectionPlans></CINdetails></Child>`;
    const children = Array.from({ length: 3000 }, (_, c) => child(c, c % 7 === 3 ? 'apart' : 'overlap')).join('\n');
    const census = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header>\n<Children>\n${children}\n</Children></Message>\n`);
    const log = new SourceLog(pseudonyms);
    const reader = new CinReader(log);
    await reader.read(Readable.from([census]), 'census.xml');
    reader.finish();
    const overlaps = () => log.problems.all.filter((p) => p.code === 'cp_plans_overlap' || p.code === 'cin_plans_overlap');
    // the count of overlaps found at each pause: on the old code all were found in one piece (0 or all at every pause)
    const found: number[] = [];
    await checkSequences(log, new CountedSlice(0, () => found.push(overlaps().length)));
    const all = overlaps();
    const overlapping = Array.from({ length: 3000 }, (_, c) => c).filter((c) => c % 7 !== 3);
    // every CIN plan overlap first, then every CP plan's, each in the order the children came (a child a line)
    expect(all.map((p) => `${p.code} ${p.row}`)).toEqual([
      ...overlapping.map((c) => `cin_plans_overlap ${c + 4}`),
      ...overlapping.map((c) => `cp_plans_overlap ${c + 4}`),
    ]);
    expect(found.filter((n) => n > 0 && n < all.length).length).toBeGreaterThan(3);
  });

  it('counts the report\'s events by type a block at a time, the loop let in between slices (audit a12f M2: 2.7 million census events in one piece, about 30 ms)', async () => {
    const log = new SourceLog(pseudonyms);
    const types = [EV.referral, EV.contact, EV.assessment_start, EV.cp_plan_start];
    for (let e = 0; e < 300_000; e++) log.addEvent(e % 1000, types[e % 4]!, 19000, 0, e, 0);
    for (let e = 0; e < 300_000; e += 8) log.kill(e); // superseded or merged: not counted (every eighth, all referrals)
    const slice = new CountedSlice(0);
    const counts = await countEventTypes(log, slice);
    expect(slice.pauses).toBeGreaterThanOrEqual(4); // 300,000 events in blocks of 65,536
    expect(Object.keys(counts)).toEqual([...EVENT_TYPES]);
    expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([['contact', 75_000], ['referral', 37_500], ['assessment_start', 75_000], ['cp_plan_start', 75_000]]
      .sort(([a], [b]) => EVENT_TYPES.indexOf(a as never) - EVENT_TYPES.indexOf(b as never)));
    expect(Object.values(counts).reduce((n, c) => n + c, 0)).toBe(log.liveEventCount);
  });

  it('pauses so that due timers run, from an I/O callback or a timer too (one setImmediate resumed before them: two slices held the service as one, 67 + 31 ms on the 110 MB census)', async () => {
    // A timer due before the pause (5 ms busy after it was set), and a pause begun from each phase of the loop.
    const timerRanDuringPause = (from: 'io' | 'timer' | 'immediate') => new Promise<boolean>((resolve) => {
      const run = async () => {
        let fired = false;
        setTimeout(() => (fired = true), 0);
        for (const t = performance.now(); performance.now() - t < 5;);
        await new TimeSlice(0).pause();
        resolve(fired);
      };
      if (from === 'io') readFile(new URL(import.meta.url), () => void run());
      else if (from === 'timer') setTimeout(() => void run(), 0);
      else setImmediate(() => void run());
    });
    expect([await timerRanDuringPause('io'), await timerRanDuringPause('timer'), await timerRanDuringPause('immediate')]).toEqual([true, true, true]);
  });

  it('counts a new slice from the last pause of any slice, so that a pass handing over to the next does not hold the loop for two slices (audit a12f M2: 68 ms on the 110 MB census)', async () => {
    const busy = (ms: number) => {
      for (const t = performance.now(); performance.now() - t < ms;);
    };
    await new TimeSlice(20).pause();
    busy(15); // the end of one pass
    const next = new TimeSlice(20);
    busy(10); // the start of the next: 25 ms since the loop last turned
    expect(next.due()).toBe(true);
    await next.pause();
    expect(next.due()).toBe(false);
    expect(new TimeSlice(20).due()).toBe(false);
  });

  it('seals no identifiers as one empty array', async () => {
    const parts: string[] = [];
    for await (const sealed of registry(0).sealedParts()) parts.push(pseudonyms.open(sealed));
    expect(parts).toEqual(['[]']);
  });
});
