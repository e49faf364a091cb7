// Working days as metrics.md defines them: the days d with a < d ≤ b that are neither a Saturday,
// a Sunday nor a bank holiday. A prefix count over a fixed span makes each query two array reads.
import { BANK_HOLIDAYS_ENGLAND_WALES } from './bank-holidays.js';
import { dayFromCivil, parseDay, weekday } from './dates.js';

// From the day before 1 January 1900, the first date an import accepts: a question about a data span begun that day
// counts from the day before it (audit a12e M1: a log with a 1900-01-01 date made the impact view answer 500).
const SPAN_START = dayFromCivil(1899, 12, 31);
const SPAN_END = dayFromCivil(2200, 12, 31);

export interface WorkingDayCalendar {
  /** Working days in (a, b]; 0 when b ≤ a. */
  between(a: number, b: number): number;
}

export function workingDayCalendar(holidays: readonly string[] = BANK_HOLIDAYS_ENGLAND_WALES): WorkingDayCalendar {
  const holidayDays = new Set<number>();
  for (const text of holidays) {
    const day = parseDay(text);
    if (day === null) throw new RangeError(`invalid bank holiday date: ${text}`);
    holidayDays.add(day);
  }
  // cumulative[i] = working days in (SPAN_START, SPAN_START + i]
  const cumulative = new Int32Array(SPAN_END - SPAN_START + 1);
  for (let i = 1; i < cumulative.length; i++) {
    const day = SPAN_START + i;
    const working = weekday(day) < 5 && !holidayDays.has(day) ? 1 : 0;
    cumulative[i] = cumulative[i - 1]! + working;
  }
  return {
    between(a, b) {
      if (b <= a) return 0;
      if (a < SPAN_START || b > SPAN_END) throw new RangeError(`date outside 1900–2200: day ${a}..${b}`);
      return cumulative[b - SPAN_START]! - cumulative[a - SPAN_START]!;
    },
  };
}

/** Whether `day` is a bank holiday of England and Wales on a Monday to Friday. */
export function weekdayHoliday(day: number): boolean {
  return weekday(day) < 5 && englandWalesCalendar().between(day - 1, day) === 0;
}

let defaultCalendar: WorkingDayCalendar | undefined;
/** The England and Wales calendar, built on first use. */
export function englandWalesCalendar(): WorkingDayCalendar {
  return (defaultCalendar ??= workingDayCalendar());
}
