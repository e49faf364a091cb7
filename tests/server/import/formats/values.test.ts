import { describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../../../core/dates.js';
import { SEX, SOURCE, ETHNICITY, DISABILITY, CLA_REASON } from '../../../../server/import/common/codes.js';
import { CodeList, YES_NO, dayFromExcelSerial, normaliseName, parseFlexibleDate } from '../../../../server/import/common/values.js';
import { outcomeCode, SOURCE_CODES, SEX_CODES, ETHNICITY_CODES } from '../../../../core/events.js';

const day = (text: string): string | null => {
  const r = parseFlexibleDate(text);
  return 'day' in r ? formatDay(r.day) : null;
};

describe('dates as councils write them', () => {
  it('reads dd/mm/yyyy (with -, . and a time), ISO (with a time) and Excel serial numbers', () => {
    expect(day('16/09/2020')).toBe('2020-09-16');
    expect(day('6/9/2020')).toBe('2020-09-06');
    expect(day('16-09-2020')).toBe('2020-09-16');
    expect(day('16.09.2020 00:00:00')).toBe('2020-09-16');
    expect(day('2020-09-16')).toBe('2020-09-16');
    expect(day('2020-09-16T00:00:00')).toBe('2020-09-16');
    expect(day('2020-09-16 13:45')).toBe('2020-09-16');
    // Excel's serial numbers: 44090 is 16 September 2020 (1 January 1900 is 1; 61 is 1 March 1900)
    expect(day('44090')).toBe('2020-09-16');
    expect(day('44090.75')).toBe('2020-09-16');
    expect(day('61')).toBe('1900-03-01');
    expect(dayFromExcelSerial(25569)).toBe(dayFromCivil(1970, 1, 1));
    // Below 61 Excel keeps Lotus 1-2-3's leap-year error (audit a12c finding 3: 60 was read as 28 February 1900
    // and imported as a date of birth; 1 as 31 December 1899, refused as before 1900)
    expect(day('1')).toBe('1900-01-01');
    expect(day('59')).toBe('1900-02-28');
    expect(dayFromExcelSerial(60)).toBeNull();
    expect(parseFlexibleDate('60')).toEqual({ reason: expect.stringMatching(/29 February 1900/) });
    expect(dayFromExcelSerial(61)).toBe(dayFromCivil(1900, 3, 1));
  });

  it('refuses impossible dates, two-digit years and text, never quoting the value (it may be a date of birth)', () => {
    expect(parseFlexibleDate('29/02/2023')).toEqual({ reason: 'impossible date: no such day in the calendar (read as day/month/year)' });
    expect(parseFlexibleDate('2023-02-29')).toEqual({ reason: 'impossible date: no such day in the calendar' });
    expect(JSON.stringify(parseFlexibleDate('Jane Smith 2011'))).not.toContain('Jane');
    expect(parseFlexibleDate('1850-06-01')).toEqual({ reason: 'the date is before 1900: a typing error?', outOfRange: true });
    expect(parseFlexibleDate('01/01/2203')).toMatchObject({ reason: expect.stringMatching(/more than a year after today/) });
    expect(day('01/02/03')).toBeNull();
    expect(day('next Tuesday')).toBeNull();
    expect(day('0')).toBeNull();
  });
});

describe('tolerant code lists', () => {
  it('finds a code with or without its list prefix, by its label, in any case', () => {
    const sex = (t: string) => SEX_CODES[SEX.find(t)! - 1];
    expect(['a) Male', 'Male', 'M', 'male', '1'].map(sex)).toEqual(['M', 'M', 'M', 'M', 'M']);
    expect(['b) Female', 'FEMALE', 'F', '2'].map(sex)).toEqual(['F', 'F', 'F', 'F']);
    expect(['c) Not stated/recorded', 'Unknown', 'Neither', '0', '9'].map(sex)).toEqual(['U', 'U', 'U', 'U', 'U']);
    const source = (t: string) => SOURCE_CODES[SOURCE.find(t)! - 1];
    expect(['q) 6: Police', 'b) 1B: Individual', 'j) 3D: Health services', 't) 9: Anonymous', 'u) 10: Unknown', '6', 'Police', 'p1) 5D: LA services'].map(source))
      .toEqual(['6', '1B', '3D', '9', '10', '6', '6', '5D']);
    const eth = (t: string) => ETHNICITY_CODES[ETHNICITY.find(t)! - 1];
    expect(['a) WBRI', 'WBRI', 'wbri', 'White British', 's) NOBT', 'k) APKN'].map(eth)).toEqual(['WBRI', 'WBRI', 'WBRI', 'WBRI', 'NOBT', 'APKN']);
    expect(DISABILITY.find('b) No')).toBe(2);
    expect(CLA_REASON.find('k) E47: Special Guardianship Orders - relative/friend')).toBe(outcomeCode('E47'));
    expect(YES_NO.find('a) Yes')).toBe(true);
    expect(['true', '1', 'Y'].map((t) => YES_NO.find(t))).toEqual([true, true, true]);
    expect(['false', '0', 'b) No'].map((t) => YES_NO.find(t))).toEqual([false, false, false]);
  });

  it('gives undefined for a value outside the list rather than guessing', () => {
    expect(SOURCE.find('CS Assessment Updated')).toBeUndefined();
    expect(new CodeList<string>([['N1', 'N1']]).find('PSRMEM - Support with memory and cognition')).toBeUndefined();
    expect(YES_NO.find('maybe')).toBeUndefined();
  });

  it('normalises headers: case, spacing and punctuation do not matter', () => {
    expect(normaliseName('Age of Child (Years)')).toBe(normaliseName('age of child years'));
    expect(normaliseName(' Child  Unique-ID ')).toBe('childuniqueid');
  });
});
