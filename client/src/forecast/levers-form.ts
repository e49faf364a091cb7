// The levers form in plain units ↔ the scenario body the API validates (core/forecast/levers.ts,
// core/forecast/scenario.ts). One row per lever the API accepts (LEVER_ROWS), each with its own "from"
// date and phase-in. An empty box is "as the data shows" and sends no lever. Weekly unit costs, when
// given, go with the body as `costs`; a child population projection typed as a table becomes the demand
// lever's `population`.
import type { Lever, Scenario } from '../../../core/forecast/levers.js';
import type { ScenarioBody } from '../../../core/forecast/scenario.js';
import { isoText } from '../../../core/analysis/date-text.js';

/** Stations with a month-end stock that a weekly cost can be put on, in the form's order. */
export const COST_STATIONS = ['looked_after', 'cp_plan', 'cin_plan', 'assessment'] as const;

/** A box of the form that cannot be read, with the reason in words a user can act on. */
export class LeverFormError extends Error {}

const RATE_LEVERS = ['contact_to_referral', 'referral_nfa', 's47_rate', 'cp_plan_rate'] as const;
const DURATION_LEVERS = ['time_on_cp_plan', 'time_on_cin_plan', 'time_in_care'] as const;

interface Box {
  name: string;
  label: string;
  min?: number;
  max?: number;
  step?: number;
}
interface LeverRow {
  lever: Lever['lever'];
  group: 'rates' | 'time' | 'demand';
  title: string;
  boxes: Box[];
  /** the demand lever's population table */
  table?: boolean;
}

const PCT: Omit<Box, 'name' | 'label'> = { step: 1, min: -100, max: 900 };
const durationRow = (lever: (typeof DURATION_LEVERS)[number], title: string): LeverRow => ({
  lever, group: 'time', title, boxes: [{ name: `${lever}.pct`, label: '% change', ...PCT }, { name: `${lever}.cap`, label: 'or cap, days', step: 1, min: 0 }],
});

/** Every lever the API accepts (core/forecast/levers.ts LEVER_NAMES), as the form offers it. */
export const LEVER_ROWS: readonly LeverRow[] = [
  { lever: 'contact_to_referral', group: 'rates', title: 'Contact → referral conversion', boxes: [{ name: 'contact_to_referral', label: '% change', ...PCT }] },
  { lever: 'referral_nfa', group: 'rates', title: 'No further action at referral', boxes: [{ name: 'referral_nfa', label: '% change', ...PCT }] },
  { lever: 's47_rate', group: 'rates', title: 'Section 47 rate', boxes: [{ name: 's47_rate', label: '% change', ...PCT }] },
  { lever: 'cp_plan_rate', group: 'rates', title: 'CP plan rate (after ICPC)', boxes: [{ name: 'cp_plan_rate', label: '% change', ...PCT }] },
  durationRow('time_on_cp_plan', 'Time on a CP plan'),
  durationRow('time_on_cin_plan', 'Time on a CIN plan'),
  durationRow('time_in_care', 'Time in care'),
  { lever: 'step_down_from_care', group: 'time', title: 'Step-down from care', boxes: [{ name: 'step_down_from_care', label: '% of children looked after a year', step: 1, min: 0, max: 100 }] },
  { lever: 'demand_growth', group: 'demand', title: 'Demand growth', boxes: [{ name: 'demand_growth', label: '% a year', step: 0.5, min: -50, max: 100 }], table: true },
];

function numberBox(name: string, label: string, attributes: Omit<Box, 'name' | 'label'> & { type?: string; after?: string }): HTMLLabelElement {
  const element = document.createElement('label');
  const input = document.createElement('input');
  input.type = attributes.type ?? 'number';
  input.name = name;
  if (attributes.step !== undefined) input.step = String(attributes.step);
  if (attributes.min !== undefined) input.min = String(attributes.min);
  if (attributes.max !== undefined) input.max = String(attributes.max);
  element.append(label, ' ', input, ...(attributes.after ? [' ', attributes.after] : []));
  return element;
}

/** Puts one row per lever (its boxes, its own from date and phase-in) into the form's fieldsets by group. */
export function mountLeverRows(form: HTMLFormElement): void {
  for (const row of LEVER_ROWS) {
    const host = form.querySelector<HTMLFieldSetElement>(`fieldset[data-group="${row.group}"]`)!;
    const element = document.createElement('div');
    element.className = 'lever';
    element.dataset.lever = row.lever;
    element.setAttribute('role', 'group');
    const title = document.createElement('span');
    title.className = 'lever-title';
    title.id = `lever-${row.lever}`;
    title.textContent = row.title;
    element.setAttribute('aria-labelledby', title.id);
    element.append(title, ...row.boxes.map((box) => numberBox(box.name, box.label, box)));
    if (row.table) {
      const label = document.createElement('label');
      label.className = 'population';
      const area = document.createElement('textarea');
      area.name = 'population';
      area.rows = 4;
      area.spellcheck = false;
      area.placeholder = 'age band, year, children\n0_4, 2025, 12000\n0_4, 2030, 12600';
      label.append('or a child population projection, one line per age band and year (each arrival stream grows as the age bands its children fall in; ages in no band are held at today’s number)', area);
      element.append(label);
    }
    const timing = document.createElement('div');
    timing.className = 'lever-timing';
    timing.append(numberBox(`${row.lever}.from`, 'from', { type: 'date' }), numberBox(`${row.lever}.phaseInMonths`, 'over', { step: 1, min: 0, max: 120, after: 'months' }));
    element.append(timing);
    host.append(element);
  }
}

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

/**
 * A child-population projection typed one line per age band and year, "0_4, 2025, 12000" (a header
 * line and blank lines are skipped), as the demand lever's table: { "0_4": { "2025": 12000 } }. Null
 * when the text is empty; LeverFormError naming the line when it cannot be read.
 */
export function readPopulation(text: string): Record<string, Record<string, number>> | null {
  const table: Record<string, Record<string, number>> = {};
  const years = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const cells = line.split(/\s*[,\t;]\s*|\s+/).filter((c) => c !== '');
    if (i === 0 && !/\b\d{4}\b/.test(line)) continue; // a header ("age band, year, children")
    if (cells.length !== 3) throw new LeverFormError(`Population table, line ${i + 1}: give three values, age band, year and children (for example "0_4, 2025, 12000")`);
    const [band, year, count] = cells as [string, string, string];
    if (!/^[A-Za-z0-9_+-]{1,20}$/.test(band)) throw new LeverFormError(`Population table, line ${i + 1}: the age band is letters, digits, _ + or - (for example 0_4 or 16_plus)`);
    if (!/^\d{4}$/.test(year)) throw new LeverFormError(`Population table, line ${i + 1}: the year is four digits`);
    const children = Number(count.replace(/_/g, ''));
    if (!Number.isFinite(children) || children <= 0) throw new LeverFormError(`Population table, line ${i + 1}: the number of children is a positive number`);
    if (table[band]?.[year] !== undefined) throw new LeverFormError(`Population table, line ${i + 1}: age band ${band} has ${year} twice`);
    (table[band] ??= {})[year] = children;
    years.add(year);
  }
  if (years.size === 0) return null;
  if (years.size < 2) throw new LeverFormError('Population table: give at least two years, so there is a change to follow');
  return table;
}

/** The population table as the form shows it, one line per age band and year. */
export function writePopulation(table: Record<string, Record<string, number>>): string {
  const lines = ['age band, year, children'];
  for (const [band, years] of Object.entries(table)) for (const [year, n] of Object.entries(years).sort()) lines.push(`${band}, ${year}, ${n}`);
  return lines.join('\n');
}

/** The scenario the form describes; `defaultFrom` when the from box is empty. Throws LeverFormError. */
export function readLevers(form: HTMLFormElement, defaultFrom: string): ScenarioBody {
  // each lever's own date and phase-in
  const timing = (lever: string) => ({
    from: (form.elements.namedItem(`${lever}.from`) as HTMLInputElement | null)?.value || defaultFrom,
    phaseInMonths: Math.round(numberIn(form, `${lever}.phaseInMonths`) ?? 0),
  });
  const levers: Lever[] = [];
  for (const lever of RATE_LEVERS) {
    const pct = numberIn(form, lever);
    if (pct !== null) levers.push({ lever, multiplier: round(1 + pct / 100), ...timing(lever) });
  }
  for (const lever of DURATION_LEVERS) {
    const pct = numberIn(form, `${lever}.pct`);
    const cap = numberIn(form, `${lever}.cap`);
    if (pct === null && cap === null) continue;
    levers.push({ lever, ...(pct !== null ? { multiplier: round(1 + pct / 100) } : {}), ...(cap !== null ? { capDays: Math.round(cap) } : {}), ...timing(lever) });
  }
  const stepDown = numberIn(form, 'step_down_from_care');
  if (stepDown !== null) levers.push({ lever: 'step_down_from_care', sharePerYear: stepDown / 100, ...timing('step_down_from_care') });
  const growth = numberIn(form, 'demand_growth');
  const population = readPopulation((form.elements.namedItem('population') as HTMLTextAreaElement | null)?.value ?? '');
  if (growth !== null && population !== null) throw new LeverFormError('Demand: give a growth a year or a population table, not both');
  if (growth !== null) levers.push({ lever: 'demand_growth', percentPerYear: growth, ...timing('demand_growth') });
  if (population !== null) levers.push({ lever: 'demand_growth', population, ...timing('demand_growth') });
  const weekly: Record<string, number> = {};
  for (const station of COST_STATIONS) {
    const cost = numberIn(form, `cost.${station}`);
    if (cost === null) continue;
    if (cost < 0) throw new LeverFormError('Costs: a weekly cost is £0 or more');
    weekly[station] = cost;
  }
  const perPlacement = readPlacementCosts((form.elements.namedItem('cost.placements') as HTMLTextAreaElement | null)?.value ?? '');
  if (Object.keys(weekly).length === 0 && perPlacement === null) return { levers };
  return { levers, costs: { weekly, inflationPerYear: numberIn(form, 'inflation') ?? 0, ...(perPlacement ? { weeklyPerPlacement: perPlacement } : {}) } };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Weekly costs per placement type typed one a line, `U4, 650` (null: none typed). The server checks the codes. */
export function readPlacementCosts(text: string): Record<string, number> | null {
  const costs: Record<string, number> = {};
  text.split(/\r?\n/).forEach((raw, k) => {
    const line = raw.trim();
    if (line === '') return;
    const m = /^([A-Za-z]\d)\s*[,;\t ]\s*£?\s*(\d+(?:\.\d+)?)$/.exec(line);
    if (!m) throw new LeverFormError(`Costs by placement type, line ${k + 1}: write a placement code and £ a week, as "U4, 650"`);
    const code = m[1]!.toUpperCase();
    if (code in costs) throw new LeverFormError(`Costs by placement type, line ${k + 1}: ${code} is given twice`);
    costs[code] = Number(m[2]);
  });
  return Object.keys(costs).length > 0 ? costs : null;
}

/** Fills the form from a saved scenario; returns how many levers it could not show (a lever given twice: the form shows its first). */
export function writeLevers(form: HTMLFormElement, scenario: ScenarioBody): number {
  for (const row of LEVER_ROWS) {
    for (const box of row.boxes) setField(form, box.name, undefined);
    setField(form, `${row.lever}.from`, undefined);
    setField(form, `${row.lever}.phaseInMonths`, undefined);
  }
  setField(form, 'population', undefined);
  for (const station of COST_STATIONS) setField(form, `cost.${station}`, scenario.costs?.weekly[station]);
  setField(form, 'inflation', scenario.costs ? scenario.costs.inflationPerYear : undefined);
  const perPlacement = scenario.costs?.weeklyPerPlacement;
  setField(form, 'cost.placements', perPlacement ? Object.entries(perPlacement).map(([code, cost]) => `${code}, ${cost}`).join('\n') : undefined);
  let unshown = 0;
  const shown = new Set<string>();
  for (const l of scenario.levers) {
    if (shown.has(l.lever)) {
      unshown++;
      continue;
    }
    shown.add(l.lever);
    setField(form, `${l.lever}.from`, l.from);
    setField(form, `${l.lever}.phaseInMonths`, l.phaseInMonths || undefined);
    if ((RATE_LEVERS as readonly string[]).includes(l.lever) && 'multiplier' in l && l.multiplier !== undefined) setField(form, l.lever, round((l.multiplier - 1) * 100));
    else if ((DURATION_LEVERS as readonly string[]).includes(l.lever)) {
      const d = l as Extract<Lever, { lever: (typeof DURATION_LEVERS)[number] }>;
      if (d.multiplier !== undefined) setField(form, `${d.lever}.pct`, round((d.multiplier - 1) * 100));
      if (d.capDays !== undefined) setField(form, `${d.lever}.cap`, d.capDays);
    } else if (l.lever === 'step_down_from_care') setField(form, 'step_down_from_care', round(l.sharePerYear * 100));
    else if (l.lever === 'demand_growth' && l.percentPerYear !== undefined) setField(form, 'demand_growth', l.percentPerYear);
    else if (l.lever === 'demand_growth' && l.population !== undefined) setField(form, 'population', writePopulation(l.population));
    else unshown++;
  }
  return unshown;
}

const LEVER_TITLES = new Map<string, string>(LEVER_ROWS.map((row) => [row.lever, row.title]));
const LEVER_NAME = new RegExp(`\\b(${LEVER_ROWS.map((row) => row.lever).join('|')})\\b`, 'g');

/**
 * The API's words in the form's (audit a13g): the API names a lever by its place in the body ("levers.2: s47_rate
 * acts from …", "body.levers.1.multiplier: …", "(levers.0 too)") and by its API name; the form has rows with
 * titles. Each place becomes its row's title (the demand row's two boxes told apart), each name its title.
 */
export function inFormWords(text: string, scenario: Pick<Scenario, 'levers'> | null): string {
  if (!scenario) return text; // a baseline's warnings name no lever
  const levers = scenario.levers;
  const titleAt = (k: number): string | null => {
    const lever = levers[k];
    if (!lever) return null;
    const title = LEVER_TITLES.get(lever.lever) ?? lever.lever;
    return lever.lever === 'demand_growth' ? `${title} (${'population' in lever && lever.population ? 'population table' : '% a year'})` : title;
  };
  return text
    .replace(/\(levers\.(\d+) too\)/g, (whole, k: string) => {
      const title = titleAt(Number(k));
      return title ? `(also as ${title})` : whole;
    })
    .replace(/(?:\bbody\.)?\blevers\.(\d+)((?:\.\w+)*): (?:([a-z0-9_]+)(:?) )?/g, (whole, k: string, path: string, name: string | undefined, colon: string) => {
      const title = titleAt(Number(k));
      if (!title) return whole;
      const field = path ? ` (${path.slice(1).replace(/\./g, ' ')})` : '';
      if (name !== undefined && name === levers[Number(k)]!.lever) return colon ? `${title}${field}: ` : `${title}${field} `;
      return `${title}${field}: ${name !== undefined ? `${name}${colon} ` : ''}`;
    })
    .replace(LEVER_NAME, (name) => LEVER_TITLES.get(name) ?? name);
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
      if ('capDays' in l && l.capDays !== undefined) parts.push(`capped at ${l.capDays} day${l.capDays === 1 ? '' : 's'}`);
      if ('sharePerYear' in l) parts.push(`${round(l.sharePerYear * 100)}% a year`);
      if ('percentPerYear' in l && l.percentPerYear !== undefined) parts.push(`${l.percentPerYear >= 0 ? '+' : '−'}${Math.abs(l.percentPerYear)}% a year`);
      if ('population' in l && l.population !== undefined) parts.push('following the population table');
      return `${names[l.lever] ?? l.lever} ${parts.join(', ')} from ${isoText(l.from)}${l.phaseInMonths ? ` over ${l.phaseInMonths} months` : ''}`;
    })
    .join('; ');
}
