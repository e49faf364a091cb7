// The population a seed stands for when returns are written with --year: one fixed window, so that a
// seed (and model) gives the same children whatever collection years are asked. `--year` only chooses
// which years are written; `--year 2023` and `--year 2024` run apart agree with `--year 2023-2024`,
// child for child (the same ids, dates of birth, UPNs, and the episodes open on 31 March carried over).
// The window starts years before the first year it serves, so the young people who left care before a
// year (its OC3 care leavers, up to 21) are in it.
import { dayFromCivil } from '../../core/dates.js';
import { cutBeforePeriod, type GenerateOptions, type SyntheticChild } from '../generate.js';
import { caseEvents } from './case-events.js';
import type { CaseRecord } from './case.js';
import type { CollectionYear } from './years.js';

/** The population's window: children arrive from 1995 (the burn-in) and are kept when anything of theirs falls in 2005–2027. */
export const POPULATION = {
  historyFrom: dayFromCivil(1995, 4, 1),
  from: dayFromCivil(2005, 4, 1),
  to: dayFromCivil(2027, 3, 31),
} as const;
/**
 * The collection years the population serves. From 2011: a care leaver of 21 left care at 16 or later,
 * so at most five years before, after the window's start; to 2027, the window's end.
 */
export const POPULATION_YEARS = { first: 2011, last: 2027 } as const;

/** The generator's options for the population of `children` children (every child with something in the window). */
export function populationOptions(children: number, seed: number): GenerateOptions {
  return { children, seed, from: POPULATION.from, to: POPULATION.to, historyFrom: POPULATION.historyFrom };
}

/** Throws unless every year is one the population serves. */
export function checkPopulationYears(years: readonly CollectionYear[]): void {
  for (const yr of years) {
    if (yr.year < POPULATION_YEARS.first || yr.year > POPULATION_YEARS.last) {
      throw new RangeError(`--year ${yr.year}: the synthetic population covers the collection years ${POPULATION_YEARS.first} to ${POPULATION_YEARS.last} (give --from, --to and --history-from for another window)`);
    }
  }
}

/**
 * A repaired journey as the events file of `years` writes it: nothing after the last year's 31 March,
 * and before the first year's 1 April only the journey still under way on it (from its start), as the
 * generator cuts a window's history (generate.ts cutBeforePeriod). Empty when nothing falls in the years.
 */
export function eventsInYears(record: CaseRecord, years: readonly CollectionYear[]): ReturnType<typeof caseEvents> {
  const from = years[0]!.start;
  const to = years[years.length - 1]!.end;
  const events = caseEvents(record).filter((e) => e.day <= to);
  const child: SyntheticChild = {
    id: record.child.id, dob: record.child.dob, sex: '', ethnicity: '', disability: '',
    types: events.map((e) => e.type), days: events.map((e) => e.day), outcomes: events.map((e) => e.outcome), sources: events.map((e) => e.source), episodes: events.map((e) => e.episode),
  };
  const { cut, busy } = cutBeforePeriod(child, from);
  const kept = events.slice(cut);
  return busy || kept.some((e) => e.day >= from) ? kept : [];
}

