// Rebuilds synth/default-model.json, the built-in model: the national front door of
// national-process.ts simulated for many children and fitted like any council's data, with the
// arrivals set to the national season and weekdays (the simulation's month-by-month noise left out).
// Usage: npx tsx synth/build-default-model.ts   (a few seconds; deterministic)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { emptyChildAttributes } from '../core/children.js';
import { dayFromCivil } from '../core/dates.js';
import { buildEventTable } from '../core/event-table.js';
import { DISABILITY_CODES, ETHNICITY_CODES, SEX_CODES } from '../core/events.js';
import { fitModel } from './fit.js';
import { ModelSchema, type Model } from './model.js';
import { NATIONAL_MONTHS, NATIONAL_WEEKDAYS, simulateNational } from './national-process.js';

export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('./default-model.json', import.meta.url));
const CHILDREN = 150_000;
const FROM = dayFromCivil(2008, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

export function buildDefaultModel(): Model {
  const { records, children } = simulateNational({ children: CHILDREN, from: FROM, to: TO, seed: 2008 });
  const table = buildEventTable(records);
  const byId = new Map(children.map((c) => [c.id, c]));
  const attributes = emptyChildAttributes(table.childIds.length);
  table.childIds.forEach((id, i) => {
    const child = byId.get(id)!;
    attributes.dob[i] = child.dob;
    attributes.sex[i] = (SEX_CODES as readonly string[]).indexOf(child.sex) + 1;
    attributes.ethnicity[i] = ETHNICITY_CODES.indexOf(child.ethnicity) + 1;
    attributes.disability[i] = (DISABILITY_CODES as readonly string[]).indexOf(child.disability) + 1;
  });
  // The national simulation writes no episode ids (its episodes are linked by date): that is how it is
  // written, not a share of a council's children, so the built-in model leaves `episodeIds` out and the
  // demo writes ids on every episode step (synth/episode-ids.ts). Nor does it keep `stepWeekdays`: the simulation
  // dates its steps by durations on any day, and the weekday pattern the fit finds there (referrals and assessment
  // starts 13.0-15.4% a day) is its arrivals' weekdays carried through same-day steps, which the copy carries anyway.
  const { episodeIds: _linkedByDate, stepWeekdays: _carriedFromArrivals, stepBankHolidays: _withThem, ...fitted } = fitModel(table, attributes, {
    to: TO,
    minCell: 100,
    durationMinChildren: 2000,
    // (its national process draws assessments' lengths in calendar days: synth/national-process.ts)
    calendarDays: true,
    description:
      'Built-in front door calibrated to national statistics for England (calibration-england.md): ' +
      'referral NFA ~6.5%, re-referral within 12 months ~22%, ~86% of assessments within 45 working days, ' +
      'about a third of S47s to ICPC, ~86% of ICPCs to a CP plan, ~23% of plans a second or later one, ' +
      'CP plan durations as published for 2025, looked-after children ~0.13 of a year\'s referrals. ' +
      `Fitted on ${CHILDREN.toLocaleString('en-GB')} children of the national process in synth/national-process.ts. ` +
      'Generate with a burn-in (historyFrom years before from) so that look-backs find earlier episodes.',
  });
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const model: Model = {
    ...fitted,
    arrivals: {
      perWeek: fitted.arrivals.perWeek,
      trendPerYear: 1,
      monthOfYear: NATIONAL_MONTHS.map((m) => m / mean(NATIONAL_MONTHS)),
      dayOfWeek: NATIONAL_WEEKDAYS.map((d) => d / mean(NATIONAL_WEEKDAYS)),
      months: [],
    },
    // Thousands of names of simulated cells say nothing here: one line says how many there were.
    merged: [{ cell: `${fitted.merged.length} cells of fewer than ${fitted.minCell} simulated children`, into: 'coarser cells, or dropped (rebuild with synth/build-default-model.ts to list them)' }],
  };
  return ModelSchema.parse(model);
}

/** The file's text: numbers rounded to 4 significant digits, so the file stays small and diffs stay readable. */
export function compact(model: Model): string {
  return JSON.stringify(model, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const t0 = performance.now();
  const model = buildDefaultModel();
  const text = compact(model);
  writeFileSync(DEFAULT_MODEL_PATH, `${text}\n`);
  console.log(`wrote ${DEFAULT_MODEL_PATH}: ${model.transitions.length} transition cells, ${(text.length / 1024).toFixed(0)} KB, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
