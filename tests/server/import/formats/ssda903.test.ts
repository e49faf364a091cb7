// The five sample years: totals checked against a separate Python script written from the issue's
// rules (not from this importer), and a small two-year return worked out by hand.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../../../core/dates.js';
import type { Store } from '../../../../server/db/store.js';
import { FIXTURES, eventsOf, fixture, tempStore, textFile } from './helpers.js';

let store: Store;
let close: () => void;
beforeAll(() => ({ store, close } = tempStore()));
afterAll(() => close());

describe('the five sample SSDA903 years', () => {
  it('merges repeated episodes into periods of care: 820 children, 2,827 episodes, 890 periods, 86 open', async () => {
    const files = readdirSync(join(FIXTURES, 'ssda903')).filter((f) => f.endsWith('.csv')).map((f) => fixture('ssda903', `ssda903/${f}`));
    const r = await store.importSources('ssda', files);
    // every row of every file is read: 3,737 episode rows and 2,123 header rows
    expect(r.rows).toBe(5860);
    expect(r.imported).toBe(5860);
    expect(r.files.find((f) => f.file === '2017-episodes.csv')).toMatchObject({ rows: 1460, imported: 1460, rejected: 0 });
    expect(r.files.find((f) => f.file === '2021-header.csv')).toMatchObject({ rows: 144, imported: 144, rejected: 0 });
    expect(r.children).toBe(820);
    expect(r.counts).toEqual({ episodes: 2827, periodsOfCare: 890, openPeriodsOfCare: 86 });
    expect(r.events).toMatchObject({ cla_start: 890, cla_end: 804 });
    const byCode = Object.fromEntries(r.quality.byCode.map((g) => [g.code, g.count]));
    // Counted independently (a separate script written from the DfE rules): 40 episodes start before the
    // previous episode of the child ended (501), 20 with RNE S on or before the day the previous ended
    // (431), 84 REC codes E45–E48 in the year ending March 2018 (before the 2019 schema brought them);
    // 15 periods start with an RNE other than S after an earlier period ended (15 more start at an
    // episode overlapping the one before: reported as the overlap) and 4 children's first episode ever,
    // within its return's collection year, is not S (357); the other 492 first episodes began before
    // the collection year of the earliest file (a warning, not a fault); the 86 open episodes carry a
    // REC. No period of care overlaps another: an overlapping episode ends the period before it.
    expect(byCode).toEqual({ period_starts_without_s: 19, episodes_overlap: 40, rne_s_same_day: 20, code_not_in_year: 84, rec_without_dec: 86 });
    expect(r.quality.problems.filter((p) => p.dfeRule === 'SSDA903 357')).toHaveLength(4);
    expect(r.warnings).toContain("492 children's first episode began before the collection year of the earliest file holding it with a reason for new episode other than S: their period of care is taken to start with that episode (it began before the files given)");
    // the episodes are kept for the views with legal status and placement
    expect(store.careEpisodes('ssda')).toHaveLength(2827);
    // child 296227 (2017 rows 3–4, 2018 rows 2–3): S on 11/09/2017, X1 → P on 13/09/2017 (repeated in 2018,
    // closed there X1 on 02/10/2018) → L on 02/10/2018, ended E17 on 01/11/2018: one period
    const events = eventsOf(store, 'ssda').filter((e) => e.child === '296227');
    expect(events.map((e) => [e.event, e.date, e.outcome])).toEqual([['cla_start', '2017-09-11', null], ['cla_end', '2018-11-01', 'E17']]);
    expect(store.careEpisodes('ssda')!.filter((e) => e.child === store.loadDataset('ssda')!.table.childIds.indexOf('296227')).map((e) => [e.start, e.end, e.legalStatus, e.placement, e.reasonEnded]))
      .toEqual([['2017-09-11', '2017-09-13', 'C1', 'U5', 'X1'], ['2017-09-13', '2018-10-02', 'C1', 'U4', 'X1'], ['2018-10-02', '2018-11-01', 'V3', 'U4', 'E17']]);
  });
});

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';

describe('a two-year SSDA903 return worked by hand', () => {
  const header2020 = [HEADER, 'A,1,01/01/2010,WBRI,,,', 'B,2,15/06/2012,APKN,,,', 'C,1,01/03/2020,WOTH,,,'].join('\n');
  const episodes2020 = [
    EPISODES,
    // A: S, X1 → P the same day, open on 31 March 2020
    'A,01/05/2019,S,C2,N1,U4,PR1,01/08/2019,X1,,,,',
    'A,01/08/2019,P,C2,N1,U5,PR1,,,,,,',
    // B: S and E11 (adopted) within the year
    'B,10/10/2019,S,V2,N4,U6,PR4,20/12/2019,E11,,,,',
    // C: first episode starts before the child was born, X1 with no next episode that day
    'C,01/02/2020,S,V2,N1,U4,PR1,10/02/2020,X1,,,,',
    'C,15/02/2020,L,C1,N1,U4,PR1,,,,,,',
    // no child: rejected
    ',01/02/2020,S,V2,N1,U4,PR1,,,,,,',
  ].join('\n');
  const header2021 = [HEADER, 'A,1,01/01/2010,WBRI,,,', 'C,1,01/03/2020,WOTH,,,'].join('\n');
  const episodes2021 = [
    EPISODES,
    // A's open episode again, now closed: E4A on 10/06/2020
    'A,01/08/2019,P,C2,N1,U5,PR1,10/06/2020,E4A,,,,',
    // A comes back: a new period, but its first episode says T, not S
    'A,01/12/2020,T,V2,N1,U4,PR1,,,,,,',
    'C,15/02/2020,L,C1,N1,U4,PR1,,,,,,',
  ].join('\n');

  it('builds the periods of care, keeping the later copy of a repeated episode', async () => {
    const files = [
      textFile('ssda903', '2021_episodes.csv', episodes2021),
      textFile('ssda903', '2020_header.csv', header2020),
      textFile('ssda903', '2020_episodes.csv', episodes2020),
      textFile('ssda903', '2021_header.csv', header2021),
    ];
    const r = await store.importSources('hand', files, { lenient: true });
    expect(r.files.map((f) => [f.file, f.rows, f.imported, f.rejected])).toEqual([
      ['2020_header.csv', 3, 3, 0], ['2020_episodes.csv', 6, 5, 1], ['2021_episodes.csv', 3, 3, 0], ['2021_header.csv', 2, 2, 0],
    ]);
    expect(r.rejected).toEqual([{ file: '2020_episodes.csv', sheet: null, line: 7, column: 'CHILD', reason: 'no child identifier (CHILD)' }]);
    // A: 01/05/2019–10/06/2020 (E4A), then 01/12/2020 open; B: 10/10/2019–20/12/2019 (E11);
    // C: 01/02/2020–10/02/2020 (X1 with no continuation), then 15/02/2020 open
    expect(r.counts).toEqual({ episodes: 6, periodsOfCare: 5, openPeriodsOfCare: 2 });
    expect(eventsOf(store, 'hand').map((e) => [e.child, e.event, e.date, e.outcome])).toEqual([
      ['A', 'cla_start', '2019-05-01', null], ['A', 'cla_end', '2020-06-10', 'E4A'], ['A', 'cla_start', '2020-12-01', null],
      ['B', 'cla_start', '2019-10-10', null], ['B', 'cla_end', '2019-12-20', 'E11'],
      ['C', 'cla_start', '2020-02-01', null], ['C', 'cla_end', '2020-02-10', null], ['C', 'cla_start', '2020-02-15', null],
    ]);
    expect(r.quality.problems.map((p) => [p.code, p.file, p.row, p.field, p.dfeRule])).toEqual([
      // C's first episode (DfE 302), and its second one too: both start before the child was born
      ['dob_after_event', '2020_episodes.csv', 5, 'DECOM', 'SSDA903 302'],
      ['x1_without_continuation', '2020_episodes.csv', 5, 'REC', 'SSDA903 388'],
      ['dob_after_event', '2020_episodes.csv', 6, 'DECOM', null],
      ['period_starts_without_s', '2020_episodes.csv', 6, 'RNE', null],
      ['period_starts_without_s', '2021_episodes.csv', 3, 'RNE', null],
    ]);
    const { children, table } = store.loadDataset('hand')!;
    expect(formatDay(children.dob[table.childIds.indexOf('B')]!)).toBe('2012-06-15');
  });
});

describe('an episode end date (DEC) that cannot be used', () => {
  // Review v12b (10d): DEC 05/06/0001 was dropped with a quality note, so a closed episode became an open one.
  const header = [HEADER, 'A,1,01/01/2010,WBRI,,,', 'B,2,15/06/2012,APKN,,,'].join('\n');
  const episodes = [EPISODES, 'A,01/05/2019,S,C2,N1,U4,PR1,05/06/0001,E11,,,,', 'B,01/06/2019,S,C2,N1,U4,PR1,01/09/2019,E11,,,,'].join('\n');
  const files = () => [textFile('ssda903', '2020_header.csv', header), textFile('ssda903', '2020_episodes.csv', episodes)];

  it('fails a strict import with the line, the column and the reason', async () => {
    const error = await store.importSources('dec-strict', files()).then(() => null, (e: unknown) => e as { report?: { rejected?: { line: number; column: string | null; reason: string; file?: string }[] } });
    expect(error).not.toBeNull();
    const rejected = error!.report!.rejected!;
    expect(rejected).toEqual([expect.objectContaining({ file: '2020_episodes.csv', line: 2, column: 'DEC', reason: expect.stringMatching(/before 1900/) })]);
    expect(JSON.stringify(rejected)).not.toContain('0001');
    expect(store.getDataset('dec-strict')).toBeNull();
  });

  it('leaves the row out of a lenient import rather than reading the episode as open', async () => {
    const r = await store.importSources('dec-lenient', files(), { lenient: true });
    expect(r.files.find((f) => f.file === '2020_episodes.csv')).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
    expect(r.counts.openPeriodsOfCare).toBe(0);
  });
});
