// The levers form in plain units ↔ the scenario body the API validates (core/forecast/levers.ts).
// An empty box is "as the data shows" and sends no lever; every lever shares the form's from date and
// phase-in.
import type { Lever, Scenario } from '../../../core/forecast/levers.js';

const RATE_LEVERS = ['contact_to_referral', 'referral_nfa', 's47_rate', 'cp_plan_rate'] as const;
const DURATION_LEVERS = ['time_on_cp_plan', 'time_in_care'] as const;

function numberIn(form: HTMLFormElement, name: string): number | null {
  const input = form.elements.namedItem(name) as HTMLInputElement | null;
  if (!input || input.value.trim() === '') return null;
  const value = Number(input.value);
  return Number.isFinite(value) ? value : null;
}

function setField(form: HTMLFormElement, name: string, value: number | string | undefined): void {
  const input = form.elements.namedItem(name) as HTMLInputElement | null;
  if (input) input.value = value === undefined ? '' : String(value);
}

/** The scenario the form describes; `defaultFrom` when the from box is empty. */
export function readLevers(form: HTMLFormElement, defaultFrom: string): Scenario {
  const fromBox = (form.elements.namedItem('from') as HTMLInputElement).value;
  const timing = { from: fromBox || defaultFrom, phaseInMonths: numberIn(form, 'phaseInMonths') ?? 0 };
  const levers: Lever[] = [];
  for (const lever of RATE_LEVERS) {
    const pct = numberIn(form, lever);
    if (pct !== null) levers.push({ lever, multiplier: round(1 + pct / 100), ...timing });
  }
  for (const lever of DURATION_LEVERS) {
    const pct = numberIn(form, `${lever}.pct`);
    const cap = numberIn(form, `${lever}.cap`);
    if (pct === null && cap === null) continue;
    levers.push({ lever, ...(pct !== null ? { multiplier: round(1 + pct / 100) } : {}), ...(cap !== null ? { capDays: Math.round(cap) } : {}), ...timing });
  }
  const stepDown = numberIn(form, 'step_down_from_care');
  if (stepDown !== null) levers.push({ lever: 'step_down_from_care', sharePerYear: stepDown / 100, ...timing });
  const growth = numberIn(form, 'demand_growth');
  if (growth !== null) levers.push({ lever: 'demand_growth', percentPerYear: growth, ...timing });
  return { levers };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Fills the form from a saved scenario (levers the form cannot show are ignored: said by the caller). */
export function writeLevers(form: HTMLFormElement, scenario: Scenario): number {
  for (const lever of RATE_LEVERS) setField(form, lever, undefined);
  for (const lever of DURATION_LEVERS) {
    setField(form, `${lever}.pct`, undefined);
    setField(form, `${lever}.cap`, undefined);
  }
  setField(form, 'step_down_from_care', undefined);
  setField(form, 'demand_growth', undefined);
  let unshown = 0;
  for (const l of scenario.levers) {
    setField(form, 'from', l.from);
    setField(form, 'phaseInMonths', l.phaseInMonths);
    if ((RATE_LEVERS as readonly string[]).includes(l.lever) && 'multiplier' in l && l.multiplier !== undefined) setField(form, l.lever, round((l.multiplier - 1) * 100));
    else if ((l.lever === 'time_on_cp_plan' || l.lever === 'time_in_care') && 'capDays' in l) {
      if (l.multiplier !== undefined) setField(form, `${l.lever}.pct`, round((l.multiplier - 1) * 100));
      if (l.capDays !== undefined) setField(form, `${l.lever}.cap`, l.capDays);
    } else if (l.lever === 'step_down_from_care') setField(form, 'step_down_from_care', round(l.sharePerYear * 100));
    else if (l.lever === 'demand_growth' && l.percentPerYear !== undefined) setField(form, 'demand_growth', l.percentPerYear);
    else unshown++;
  }
  return unshown;
}

/** "Contact → referral −25%, from 1 April 2025" style words for the scenario drawn. */
export function describeLevers(scenario: Scenario): string {
  const names: Record<string, string> = {
    contact_to_referral: 'contact → referral conversion',
    referral_nfa: 'NFA at referral',
    s47_rate: 'S47 rate',
    cp_plan_rate: 'CP plan rate',
    time_on_cp_plan: 'time on a CP plan',
    time_in_care: 'time in care',
    time_on_cin_plan: 'time on a CIN plan',
    step_down_from_care: 'step-down from care',
    demand_growth: 'demand',
  };
  const pct = (m: number) => `${m >= 1 ? '+' : '−'}${Math.abs(round((m - 1) * 100))}%`;
  return scenario.levers
    .map((l) => {
      const parts: string[] = [];
      if ('multiplier' in l && l.multiplier !== undefined) parts.push(pct(l.multiplier));
      if ('capDays' in l && l.capDays !== undefined) parts.push(`capped at ${l.capDays} days`);
      if ('sharePerYear' in l) parts.push(`${round(l.sharePerYear * 100)}% a year`);
      if ('percentPerYear' in l && l.percentPerYear !== undefined) parts.push(`${l.percentPerYear >= 0 ? '+' : '−'}${Math.abs(l.percentPerYear)}% a year`);
      return `${names[l.lever] ?? l.lever} ${parts.join(', ')} from ${l.from}${l.phaseInMonths ? ` over ${l.phaseInMonths} months` : ''}`;
    })
    .join('; ');
}
