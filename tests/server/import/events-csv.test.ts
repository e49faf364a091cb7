import { describe, expect, it } from 'vitest';
import { parseBirthDate, parseTimestamp } from '../../../core/dates.js';
import { ETHNICITY_CODES, EV, OUTCOME_CODES, SOURCE_CODES } from '../../../core/events.js';
import { FIRST_DAY, HeaderError, emptyEventRow, readEventRow, readEventsHeader } from '../../../server/import/events-csv.js';

const FULL = ['child_id', 'event', 'date', 'episode_id', 'outcome', 'source', 'dob', 'sex', 'ethnicity', 'disability', 'team'];

function read(values: Partial<Record<string, string>>) {
  const header = readEventsHeader(FULL);
  const row = emptyEventRow();
  const fault = readEventRow(header, FULL.map((c) => values[c] ?? ''), row);
  return { fault, row };
}

describe('readEventsHeader', () => {
  it('matches names case-insensitively and ignoring spaces, in any order', () => {
    const header = readEventsHeader([' Date', 'TEAM ', 'Child_ID', 'event']);
    expect(header.index).toMatchObject({ date: 0, team: 1, child_id: 2, event: 3, outcome: -1 });
    expect(header.fieldCount).toBe(4);
    expect(header.warnings).toEqual([]);
  });

  it('warns about unknown and unnamed columns', () => {
    expect(readEventsHeader(['child_id', 'event', 'date', 'Notes', '']).warnings).toEqual([
      'column 5 has no name in the header and is ignored',
      'unknown column "Notes" (column 4) is ignored',
    ]);
  });

  it('fails when a required column is missing, naming it', () => {
    expect(() => readEventsHeader(['child_id', 'event', 'when'])).toThrow(/no required column "date"/);
    try {
      readEventsHeader(['event']);
    } catch (error) {
      expect(error).toBeInstanceOf(HeaderError);
      expect((error as HeaderError).message).toContain('"child_id", "date"');
    }
  });

  it('fails on a column named twice', () => {
    expect(() => readEventsHeader(['child_id', 'event', 'date', 'EVENT'])).toThrow('column "event" twice (columns 2 and 4)');
  });
});

describe('readEventRow', () => {
  it('trims values, matches codes in any case and stores the canonical codes', () => {
    const { fault, row } = read({
      child_id: ' C1 ', event: ' Assessment_END', date: '2023-04-05T13:45', outcome: 'NFA', source: '5a',
      dob: '2019-07', sex: 'f', ethnicity: 'wbri', disability: 'y', episode_id: ' E7 ', team: ' North ',
    });
    expect(fault).toBeNull();
    expect(row).toEqual({
      childId: 'C1', type: EV.assessment_end, day: parseTimestamp('2023-04-05')!.day, seconds: 13 * 3600 + 45 * 60,
      episodeId: 'E7', outcome: OUTCOME_CODES.indexOf('nfa') + 1, source: SOURCE_CODES.indexOf('5A') + 1, team: 'North',
      dob: parseBirthDate('2019-07-01'), dobMonthOnly: true, sex: 2, ethnicity: ETHNICITY_CODES.indexOf('WBRI') + 1, disability: 1,
    });
    expect(read({ child_id: 'C', event: 'cla_end', date: '2023-01-01', outcome: 'e4a' }).row.outcome).toBe(OUTCOME_CODES.indexOf('E4A') + 1);
  });

  it.each([
    [{ child_id: '' }, 'child_id', 'child_id is blank'],
    [{ child_id: 'x'.repeat(65) }, 'child_id', 'child_id is 65 characters long; at most 64 are allowed'],
    [{ event: 'referal' }, 'event', 'unknown event: not one of the event types of the events CSV (contact, referral, assessment_start, …)'],
    [{ event: '' }, 'event', 'event is blank'],
    [{ date: '2023-02-29' }, 'date', 'impossible date: no such day in the calendar'],
    [{ date: '2023-02-30' }, 'date', 'impossible date: no such day in the calendar'],
    [{ date: '2023-01-01T24:00' }, 'date', 'impossible date: no such day in the calendar'],
    [{ date: '01/02/2023' }, 'date', 'date is not YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]'],
    [{ date: '1899-12-31' }, 'date', 'the date is before 1900: a typing error?'],
    [{ date: '0001-01-01' }, 'date', 'the date is before 1900: a typing error?'],
    [{ date: '2203-01-01' }, 'date', expect.stringMatching(/^the date is more than a year after today \(after \d{4}-\d\d-\d\d\): a typing error\?$/)],
    [{ date: '9999-12-31' }, 'date', expect.stringMatching(/^the date is more than a year after today/)],
    [{ outcome: 'cp_plan' }, 'outcome', 'the outcome is not an outcome of referral (expected one of nfa)'],
    [{ source: '11' }, 'source', 'unknown source code (expected a CIN census source code such as 1A, 2B or 10)'],
    [{ dob: '2015-02-29' }, 'dob', 'impossible date of birth: no such day in the calendar'],
    [{ dob: '2015' }, 'dob', 'dob is not YYYY-MM-DD or YYYY-MM'],
    [{ dob: '1850-06' }, 'dob', 'the date of birth is before 1900: a typing error?'],
    [{ dob: '3015-06-01' }, 'dob', expect.stringMatching(/^the date of birth is more than a year after today/)],
    [{ sex: 'X' }, 'sex', 'unknown sex code (expected M, F or U)'],
    [{ ethnicity: 'ZZZZ' }, 'ethnicity', 'unknown ethnicity code (expected a DfE ethnicity code such as WBRI or MWBC)'],
    [{ disability: 'maybe' }, 'disability', 'unknown disability code (expected Y, N or U)'],
  ])('rejects %o in column %s', (bad, column, reason) => {
    const { fault } = read({ child_id: 'C1', event: 'referral', date: '2023-01-01', ...bad });
    expect(fault).toEqual({ column, reason });
  });

  it('says an event that takes no outcome takes none', () => {
    expect(read({ child_id: 'C', event: 'assessment_start', date: '2023-01-01', outcome: 'nfa' }).fault?.reason).toBe(
      'the outcome is not an outcome of assessment_start (assessment_start takes no outcome)',
    );
  });

  it('rejects a row with the wrong number of fields as a fault of its shape', () => {
    const header = readEventsHeader(['child_id', 'event', 'date']);
    expect(readEventRow(header, ['C', 'contact'], emptyEventRow())).toEqual({ column: null, reason: 'the row has 2 fields but the header has 3' });
    expect(readEventRow(header, ['C', 'contact', '2023-01-01', ''], emptyEventRow())?.column).toBeNull();
  });

  it('reads every date exactly as core parseTimestamp does', () => {
    const header = readEventsHeader(['child_id', 'event', 'date']);
    const row = emptyEventRow();
    const texts: string[] = ['2023-1-01', '2023/01/01', '2023-01-01T10:00:59', '2023-0a-01', '2023-01-01x', '+023-01-01', '２０２３-01-01'];
    for (const y of ['0000', '0001', '1600', '1900', '1970', '2000', '2023', '2024', '2100', '9999']) {
      for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) texts.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    }
    for (const text of texts) {
      const fault = readEventRow(header, ['C', 'contact', text], row);
      const parsed = parseTimestamp(text);
      // and rejects those outside 1900-01-01 to a year after today
      const expected = parsed !== null && parsed.day >= FIRST_DAY && parsed.day <= header.lastDay ? parsed : null;
      expect(fault === null ? { day: row.day, seconds: row.seconds } : null, text).toEqual(expected);
    }
  });
});
