// SSDA903 files as a reviewer sent them (the other tables of the return, codes of an older schema
// year, an X1 followed the same day by RNE S, overlapping episodes), and the DfE rules' boundaries.
import { describe, expect, it } from 'vitest';
import { eventsOf, fixture, storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();

const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const s903b = (): ReturnType<typeof fixture>[] => ['2017-episodes.csv', '2017-header.csv', '2017-missing.csv', '2017-reviews.csv'].map((f) => fixture('ssda903', `review/s903b/${f}`));

describe('the return\'s other tables (finding 3)', () => {
  it('skips Missing and Reviews with a warning, their rows listed as not read, no child made of them', async () => {
    const r = await useStore().importSources('s903b', s903b());
    expect(r.warnings).toEqual(expect.arrayContaining([
      '2017-missing.csv: the SSDA903 Missing table is not imported (only the header and episodes tables give the journey); its rows are listed as not read',
      '2017-reviews.csv: the SSDA903 Reviews table is not imported (only the header and episodes tables give the journey); its rows are listed as not read',
    ]));
    expect(r.files.filter((f) => /missing|reviews/.test(f.file)).map((f) => [f.file, f.rows, f.imported, f.rejected, f.skipped])).toEqual([
      ['2017-missing.csv', 1, 0, 1, 1], ['2017-reviews.csv', 1, 0, 1, 1],
    ]);
    // B9 is only in the Missing table: no child
    expect(r.children).toBe(1);
    expect(useStore().loadDataset('s903b')!.table.childIds).toEqual(['B1']);
  });

  it('tells a UASC table (CHILD, DOB, SEX, DUC) from a header file', async () => {
    const r = await useStore().importSources('uasc', [
      textFile('ssda903', '2020-uasc.csv', 'CHILD,DOB,SEX,DUC\nU1,01/01/2005,1,01/01/2023\n'),
      textFile('ssda903', '2020-header.csv', `${HEADER}\nU2,1,01/01/2006,WBRI,,,\n`),
    ]);
    expect(r.files.map((f) => [f.file, f.imported, f.skipped])).toEqual([['2020-uasc.csv', 0, 1], ['2020-header.csv', 1, 0]]);
    expect(r.children).toBe(1);
  });
});

describe('reason-ceased codes of the schema year (finding 4)', () => {
  it('reads E43 and E44 in a 2017 file as reasons that end the period, with no problem', async () => {
    const r = await useStore().importSources('e43', s903b());
    expect(eventsOf(useStore(), 'e43').map((e) => [e.event, e.date, e.outcome])).toEqual([
      ['cla_start', '2016-05-01', null], ['cla_end', '2016-11-01', 'E43'], ['cla_start', '2016-11-01', null], ['cla_end', '2016-12-01', 'E44'],
    ]);
    expect(r.counts).toMatchObject({ periodsOfCare: 2, openPeriodsOfCare: 0 });
    const codes = r.quality.problems.map((p) => p.code);
    expect(codes).not.toContain('code_not_in_list');
    expect(codes).not.toContain('x1_without_continuation');
    // the second episode is RNE S on the day the first ended E43: DfE 431 (a new period of care starts)
    expect(r.quality.problems.map((p) => [p.code, p.row, p.dfeRule])).toEqual([['rne_s_same_day', 3, 'SSDA903 431']]);
  });

  it('reads E48 in a file of the year ending March 2018 with its meaning, and reports it as a code of a later schema', async () => {
    const episodes = [EPISODES, 'Y1,01/05/2017,S,C2,N1,U4,PR1,01/02/2018,E48,,,,', 'Y2,01/06/2017,S,C2,N1,U4,PR1,01/03/2018,E44,,,,'].join('\n');
    const r = await useStore().importSources('e48', [textFile('ssda903', '2018-episodes.csv', episodes), textFile('ssda903', '2018-header.csv', `${HEADER}\nY1,1,01/01/2010,WBRI,,,\nY2,1,01/01/2010,WBRI,,,`)]);
    expect(eventsOf(useStore(), 'e48').filter((e) => e.event === 'cla_end').map((e) => [e.child, e.outcome])).toEqual([['Y1', 'E48'], ['Y2', 'E44']]);
    expect(r.quality.problems.map((p) => [p.code, p.row, p.field])).toEqual([['code_not_in_year', 2, 'REC']]);
    // a year from 2019 on takes E48 and not E44
    const later = [EPISODES, 'Z1,01/05/2019,S,C2,N1,U4,PR1,01/02/2020,E48,,,,', 'Z2,01/06/2019,S,C2,N1,U4,PR1,01/03/2020,E44,,,,'].join('\n');
    const r2 = await useStore().importSources('e44', [textFile('ssda903', '2020-episodes.csv', later), textFile('ssda903', '2020-header.csv', `${HEADER}\nZ1,1,01/01/2010,WBRI,,,\nZ2,1,01/01/2010,WBRI,,,`)]);
    expect(r2.quality.problems.map((p) => [p.code, p.row])).toEqual([['code_not_in_year', 3]]);
  });
});

describe('periods of care as the issue defines them (finding 5)', () => {
  const s903 = ['2022-episodes.csv', '2022-header.csv', '2023-episodes.csv', '2023-header.csv'].map((f) => fixture('ssda903', `review/s903/${f}`));

  it('continues a period through X1 into an episode starting that day with RNE S, and reports DfE 431', async () => {
    const r = await useStore().importSources('s903', s903);
    expect(eventsOf(useStore(), 's903').filter((e) => e.child === 'A8').map((e) => [e.event, e.date, e.outcome])).toEqual([['cla_start', '2021-04-01', null], ['cla_end', '2021-06-01', 'E8']]);
    const a8 = r.quality.problems.filter((p) => p.row === 10 || p.row === 11);
    expect(a8.map((p) => [p.code, p.row, p.dfeRule])).toEqual([['rne_s_same_day', 11, 'SSDA903 431']]);
    expect(a8[0]!.message).toBe('The reason for new episode is started to be looked after, but the previous episode ended on the same day: the episode before it (2022-episodes.csv row 10) ended X1 on or after this episode\'s DECOM; the period of care continues through this episode');
    // A1 2, A2 1, A3 1, A4 1, A5 2, A6 1, A8 1; A1's second and A6 still open
    expect(r.counts).toEqual({ episodes: 13, periodsOfCare: 9, openPeriodsOfCare: 2 });
  });

  it('reports overlapping episodes (DfE 501) in the public sample, with no false "no episode starts that day" and no overlapping periods', async () => {
    const years = [2017, 2018, 2019, 2020, 2021].flatMap((y) => [`${y}-episodes.csv`, `${y}-header.csv`]).map((f) => fixture('ssda903', `ssda903/${f}`));
    const r = await useStore().importSources('sample-overlap', years);
    const child = r.quality.problems.filter((p) => p.file === '2017-episodes.csv' && p.row >= 100 && p.row <= 104 && p.code !== 'code_not_in_year');
    // child 718139: the episode of row 100 (15/01/2017) starts before the episode of row 103 (27/07/2016)
    // ends (02/12/2017); after the period ended E48 (row 102, 12/10/2017) the next starts with RNE L
    expect(child.map((p) => [p.code, p.row, p.dfeRule])).toEqual([['episodes_overlap', 100, 'SSDA903 501'], ['period_starts_without_s', 104, null]]);
    expect(child[1]!.message).toBe("a period of care starts with RNE L, not S, after the child's previous period had ended");
    expect(child[0]!.message).toBe('A new episode has started before the end date of the previous episode: this episode\'s DECOM is before the DEC of the previous episode (2017-episodes.csv row 103, REC X1); that period of care is taken to end on this episode\'s DECOM');
    expect(r.quality.byCode.map((g) => g.code)).not.toContain('care_periods_overlap');
    expect(r.quality.byCode.map((g) => g.code)).not.toContain('x1_without_continuation');
    // 718139's periods: 27/07/2016 to 15/01/2017 (cut by the overlap), 15/01/2017 to 12/10/2017 (E48),
    // 02/12/2017 to 21/07/2020 (E9), 29/07/2020 to 31/08/2020 (E46)
    expect(eventsOf(useStore(), 'sample-overlap').filter((e) => e.child === '718139').map((e) => [e.event, e.date, e.outcome])).toEqual([
      ['cla_start', '2016-07-27', null], ['cla_end', '2017-01-15', null], ['cla_start', '2017-01-15', null], ['cla_end', '2017-10-12', 'E48'],
      ['cla_start', '2017-12-02', null], ['cla_end', '2020-07-21', 'E9'], ['cla_start', '2020-07-29', null], ['cla_end', '2020-08-31', 'E46'],
    ]);
  });
});

describe('SSDA903 rules with the DfE\'s boundaries (finding 11)', () => {
  it('cites 357 only for a first episode ever within its collection year, 388 for X1, 142 for an open episode not last', async () => {
    const episodes = [
      EPISODES,
      'F1,01/06/2020,P,C2,N1,U4,PR1,,,,,,', // first ever, in the year ending 31/03/2021: 357
      'F2,01/06/2018,P,C2,N1,U4,PR1,01/07/2020,E8,,,,', // began before the collection year: a warning
      'F2,01/09/2020,T,C2,N1,U4,PR1,,,,,,', // a later period without S: no DfE rule
      'F3,01/05/2020,S,C2,N1,U4,PR1,01/06/2020,X1,,,,', // X1 and the next starts later: 388
      'F3,10/06/2020,P,C2,N1,U4,PR1,,,,,,',
      'F4,01/05/2020,S,C2,N1,U4,PR1,,,,,,', // open, then another: 142
      'F4,01/07/2020,P,C2,N1,U4,PR1,01/08/2020,E8,,,,',
    ].join('\n');
    const header = [HEADER, ...['F1', 'F2', 'F3', 'F4'].map((c) => `${c},1,01/01/2010,WBRI,,,`)].join('\n');
    const r = await useStore().importSources('rules903', [textFile('ssda903', '2021-episodes.csv', episodes), textFile('ssda903', '2021-header.csv', header)]);
    expect(r.quality.problems.map((p) => [p.code, p.row, p.dfeRule])).toEqual([
      ['period_starts_without_s', 2, 'SSDA903 357'],
      ['period_starts_without_s', 4, null],
      ['x1_without_continuation', 5, 'SSDA903 388'],
      ['period_starts_without_s', 6, null],
      ['open_episode_not_last', 7, 'SSDA903 142'],
    ]);
    expect(r.warnings.some((w) => w.startsWith("1 children's first episode began before the collection year"))).toBe(true);
  });
});
