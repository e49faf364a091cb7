// How often the impact verdict says "changed" when nothing changed (placebo), and whether it sees a real
// step (power), on logs from three generators written apart from the analysis and from each other:
// tests/core/analysis/impact-logs.ts (monthly seasons, trends on the probability scale),
// tests/core/analysis/impact-logs-holidays.ts (log-odds trends, sharp school-holiday dips, a winter bump
// in late assessments, AR(1) noise on every rate) and tests/core/analysis/impact-logs-council.ts (a growing
// council whose volume is set month by month, bank holidays, a deep December, monthly staffing shifts on
// every rate, NFA near 11%).
//   npx tsx bench/impact-calibration.ts [--seeds 5] [--children 20000] [--years 2] [--generators monthly,holidays,council]
//     [--power-seeds 8] [--positions 13,26,39,52,65,78,91] [--power-only] [--verbose]
// Model settings from the environment (unset = the shipped default). MODEL=series, and for it: K (Fourier pairs), MIN_BEFORE, MIN_AFTER,
// MIN_SPAN, CAL (fake markers every CAL weeks), CALQ (quantile of their t² that sets the widening), EFFECT
// (average | jump), SLOPE (0 = one trend), COV (1 = working-day and school-holiday columns), NOISE (ar1 | drift:
// a drift that echoes from week to week plus each week's own noise, fitted by REML), HIST, POST_SPAN.
// Power: a step placed at each of --positions (weeks from the log's start), --power-seeds logs each; without
// --positions, one log per power seed with the step spread from 13 weeks in to 13 weeks before the end.
import type { EventRecord } from '../core/event-table.js';
import { buildEventTable } from '../core/event-table.js';
import { impactOfChange, IMPACT_MEASURES, measureBaseline } from '../core/analysis/impact.js';
import { rateIndicators } from '../core/analysis/rate-indicators.js';
import { prepareMetrics } from '../core/metrics.js';
import { dayOf, generateLog, type LogOptions } from '../tests/core/analysis/impact-logs.js';
import { generateHolidayLog, type HolidayLogOptions } from '../tests/core/analysis/impact-logs-holidays.js';
import { generateCouncilLog, type CouncilLogOptions } from '../tests/core/analysis/impact-logs-council.js';
import { generateClosureLog, type ClosureLogOptions } from '../tests/core/analysis/impact-logs-closure.js';
import { appendFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seeds = option('seeds', 5);
const children = option('children', 20000);
const years = option('years', 2);
const generatorsArg = args.indexOf('--generators');
const generators = (generatorsArg >= 0 ? args[generatorsArg + 1]! : 'monthly,holidays,council').split(',');
const start = '2022-04-04';
const endDay = dayOf(start) + Math.round(365.25 * years) - 1;
const end = new Date(endDay * 86_400_000).toISOString().slice(0, 10);
const referralsPerWeek = children / 0.78 / (52.18 * years);
// Model settings to try, from the environment (the defaults are the shipped ones).
const env = (name: string) => (process.env[name] === undefined ? undefined : Number(process.env[name]));
const series = Object.fromEntries(
  Object.entries({ harmonics: env('K'), minBefore: env('MIN_BEFORE'), minAfter: env('MIN_AFTER'), minSpanForSeason: env('MIN_SPAN'), calibrateEvery: env('CAL'), calibrationQuantile: env('CALQ') }).filter(([, v]) => v !== undefined),
);
if (process.env.EFFECT) Object.assign(series, { effect: process.env.EFFECT });
if (process.env.NOISE) Object.assign(series, { noise: process.env.NOISE });
if (process.env.COV) Object.assign(series, { covariates: process.env.COV === '1' });
if (process.env.SLOPE) Object.assign(series, { slopeChange: process.env.SLOPE === '1' });
if (process.env.LEVEL_DRIFT) Object.assign(series, { levelDrift: process.env.LEVEL_DRIFT === '1' });
if (process.env.SEASON) Object.assign(series, { season: process.env.SEASON });
if (process.env.EXTRA) Object.assign(series, { extraNoise: process.env.EXTRA === '1' });
// MARGIN=estimate|interval: a change must also be beyond the minimum that matters (MARGIN_ABS points for a share,
// MARGIN_REL of its level before, MARGIN_COUNT of the weekly count's level before). DUMP=file: one JSON line per
// marker with every finding beyond the noise (placebo) and per step with NFA's finding (power), to try margins offline.
const minimumChange = process.env.MARGIN
  ? { rule: process.env.MARGIN as 'estimate' | 'interval', rateAbsolute: env('MARGIN_ABS') ?? 0.02, rateRelative: env('MARGIN_REL') ?? 0.15, countRelative: env('MARGIN_COUNT') ?? 0.1 }
  : null;
const dump = process.env.DUMP;
// MODEL=max-t (the default): the jump at the marker against the jumps at every other week of the data (in-time-placebo.ts);
// MODEL=series: the segmented regression (the settings above apply to it). JUMP_AR=0: the max-t jumps do not allow
// for week-to-week echo in the noise (unset or 1: they do, the default); MAXT_WEEKS=L: windows of L weeks either side (default: the page's 26); JUMP_STD=1: each measure's |t| over
// the median of its own |t| at all positions before the maximum. JUMP_SLOPE=0: no change in trend is reported beside
// the jumps; unset or 1: each finding carries one, as information (the verdict is the jumps' alone either way).
// JUMP='{"statistic":"lines"}' (JSON): any JumpOptions, applied after the settings above.
// REF=plain|step|projection: what the marker's jump is compared with (JumpOptions.reference; unset = the default);
// REF_WEEKS: how many weeks either side of the marker are adjusted (JumpOptions.referenceWeeks). ANNUAL=1|0: an annual
// sine-and-cosine pair learnt outside each position's windows is taken out first (JumpOptions.annual; unset = the default).
// MONTH_SHRINK=wald|james-stein|pretest: how far the month pattern is shrunk (JumpOptions.monthShrink; unset = the default).
// --ramp X: the power runs put, instead of the step, a change in NFA at referral's trend at the marker (7%, then
// rising X points a year; monthly generator only) and count it found when NFA is reported changed, upwards (which,
// since a change in trend has no verdict, only its jump can do; its trend figures are in the power lines).
const model = process.env.MODEL as 'max-t' | 'series' | undefined;
const modelOptions = { ...(model ? { model } : {}), jump: { ...(process.env.JUMP_AR ? { autocorrelation: process.env.JUMP_AR === '1' } : {}), ...(process.env.JUMP_SLOPE ? { slope: process.env.JUMP_SLOPE === '1' } : {}), standardise: process.env.JUMP_STD === '1', ...JSON.parse(process.env.JUMP ?? '{}'), ...(env('MAXT_WEEKS') ? { weeks: env('MAXT_WEEKS') } : {}), ...(process.env.REF ? { reference: process.env.REF as 'plain' | 'step' | 'projection' } : {}), ...(env('REF_WEEKS') !== undefined ? { referenceWeeks: env('REF_WEEKS') } : {}), ...(process.env.ANNUAL ? { annual: process.env.ANNUAL === '1' } : {}), ...(process.env.MONTH_SHRINK ? { monthShrink: process.env.MONTH_SHRINK as 'wald' | 'james-stein' | 'pretest' } : {}) } };
const spans = Object.fromEntries(Object.entries({ historyWeeks: env('HIST'), followWeeks: env('POST_SPAN') }).filter(([, v]) => v !== undefined));

function analyse(records: EventRecord[]) {
  const table = buildEventTable(records);
  const prepared = prepareMetrics(table);
  const indicators = rateIndicators(prepared);
  let first = Infinity;
  let last = -Infinity;
  for (const r of records) {
    first = Math.min(first, r.day);
    last = Math.max(last, r.day);
  }
  return { prepared, indicators, span: { first, last }, events: records.length };
}

interface Generator {
  /** placebo kinds of log: seed → records */
  placebo: Record<string, (seed: number) => EventRecord[]>;
  /** a log whose NFA at referral steps from 7% to 14% on stepDate */
  step: (seed: number, stepDate: string) => EventRecord[];
}

const monthly: Generator = {
  placebo: Object.fromEntries(
    Object.entries<Partial<LogOptions>>({
      default: {},
      small: { referralsPerWeek: referralsPerWeek / 6 },
      sharp: { season: [1.1, 1.1, 1.05, 0.9, 1.05, 1.05, 0.95, 0.6, 1.1, 1.15, 1.1, 0.75], within45: { base: 0.84, season: [0, 0, -0.15, 0.06, 0, 0, 0, -0.05, 0, 0, 0, -0.05] } },
      noisy: { noiseSd: 0.15, noiseRho: 0.7, rateNoiseSd: 0.25 },
      bent: { volumeCurve: -0.08, nfa: { base: 0.06, drift: 0.03, curve: -0.01 }, within45: { base: 0.78, drift: 0.06, curve: -0.02, season: [0, 0, -0.1, 0.04, 0, 0, 0, -0.03, 0, 0, 0, -0.02] } },
    }).map(([name, kind]) => [name, (seed: number) => generateLog({ seed, referralsPerWeek, start, end, growthPerYear: seed % 2 ? 0.08 : -0.05, ...kind })]),
  ),
  step: (seed, stepDate) =>
    option('ramp', 0) > 0
      ? generateLog({ seed, referralsPerWeek, start, end, nfa: { base: 0.07 }, ramp: { measure: 'referral_nfa', date: stepDate, perYear: option('ramp', 0) / 100 } })
      : generateLog({ seed, referralsPerWeek, start, end, nfa: { base: 0.07 }, step: { measure: 'referral_nfa', date: stepDate, to: 0.14 } }),
};

const holidays: Generator = {
  placebo: Object.fromEntries(
    Object.entries<Partial<HolidayLogOptions>>({
      default: {},
      small: { referralsPerWeek: referralsPerWeek / 6 },
      sharp: { summerFactor: 0.55, christmasFactor: 0.3, winterLateBump: 1.0, waveAmplitude: 0.12 },
      noisy: { noiseRho: 0.7, volumeNoiseSd: 0.12, rateNoiseSd: 0.2 },
      steep: { trendSpread: 0.4 },
    }).map(([name, kind]) => [name, (seed: number) => generateHolidayLog({ seed: 1000 + seed, referralsPerWeek, start, end, ...kind })]),
  ),
  step: (seed, stepDate) => generateHolidayLog({ seed: 1000 + seed, referralsPerWeek, start, end, nfaStart: 0.07, nfaTrend: 0, step: { measure: 'referral_nfa', date: stepDate, to: 0.14 } }),
};

const council: Generator = {
  placebo: Object.fromEntries(
    Object.entries<Partial<CouncilLogOptions>>({
      default: {},
      small: { referralsPerWeek: referralsPerWeek / 6 },
      sharp: { december: 0.55, monthWobble: 0.09, staffing: 0.1 },
      noisy: { weekNoise: 0.16, weekRho: 0.6 },
      booming: { growth: 0.12, growthAcceleration: 0.1, nfaTrend: -0.3 },
    }).map(([name, kind]) => [name, (seed: number) => generateCouncilLog({ seed: 2000 + seed, referralsPerWeek, start, end, ...kind })]),
  ),
  step: (seed, stepDate) => generateCouncilLog({ seed: 2000 + seed, referralsPerWeek, start, end, nfaStart: 0.07, nfaTrend: 0, step: { measure: 'referral_nfa', date: stepDate, to: 0.14 } }),
};

const closure: Generator = {
  placebo: Object.fromEntries(
    Object.entries<Partial<ClosureLogOptions>>({
      default: {},
      small: { referralsPerWeek: referralsPerWeek / 6 },
      sharp: { closure: 0.05, rebound: 1.6, easterQuiet: 0.6, easterBusy: 1.7 },
      wandering: { wander: 0.04 },
      fast: { growth: 0.4, nfaTrend: 0.3 },
    }).map(([name, kind]) => [name, (seed: number) => generateClosureLog({ seed: 3000 + seed, referralsPerWeek, start, end, ...kind })]),
  ),
  step: (seed, stepDate) => generateClosureLog({ seed: 3000 + seed, referralsPerWeek, start, end, nfaStart: 0.07, nfaTrend: 0, step: { measure: 'referral_nfa', date: stepDate, to: 0.14 } }),
};

const GENERATORS: Record<string, Generator> = { monthly, holidays, council, closure };
const started = Date.now();
const totals: string[] = [];
for (const name of generators) {
  const generator = GENERATORS[name];
  if (!generator) throw new Error(`unknown generator ${name}`);
  let markers = 0;
  let flagged = 0;
  let tested = 0;
  let verdicts = 0;
  for (const [kind, make] of args.includes('--power-only') ? [] : Object.entries(generator.placebo)) {
    const byMeasure = new Map<string, number>(IMPACT_MEASURES.map((m) => [m, 0]));
    let kindMarkers = 0;
    let kindFlagged = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const { prepared, indicators, span } = analyse(make(seed));
      for (let m = span.first + 14; m <= span.last - 14; m += 14) {
        const result = impactOfChange(prepared, indicators, m, { weeksEitherSide: 26, span, series, minimumChange, ...spans, ...modelOptions });
        markers++;
        kindMarkers++;
        tested += result.tested;
        if (result.tested > 0) verdicts++;
        if (dump) {
          const noisy = result.findings.filter((f) => f.beyondNoise).map((f) => ({ m: f.measure, e: f.estimate, l: f.lower, u: f.upper, b: measureBaseline(f.measure, result.weekly[f.measure], result.weeks, 26) }));
          appendFileSync(dump, JSON.stringify({ kind: 'placebo', generator: name, log: kind, seed, marker: result.marker, tested: result.tested, noisy }) + '\n');
        }
        const changed = result.findings.filter((f) => f.changed);
        if (changed.length === 0) continue;
        flagged++;
        kindFlagged++;
        for (const f of changed) byMeasure.set(f.measure, byMeasure.get(f.measure)! + 1);
        if (args.includes('--verbose')) console.log(`  ${name}/${kind} seed ${seed} marker ${result.marker}: ${changed.map((f) => `${f.measure} ${f.direction} p=${f.p!.toFixed(4)}`).join(', ')}`);
      }
    }
    const which = [...byMeasure].filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`placebo ${name}/${kind}: ${kindFlagged} of ${kindMarkers} markers with any change${which ? ` (${which})` : ''}`);
  }
  const placebo = `${name} PLACEBO: ${flagged} of ${markers} markers reported a change (${((100 * flagged) / markers).toFixed(1)}%; limit 5%); ${verdicts} markers had a verdict, ${(tested / markers).toFixed(1)} tests per marker`;
  console.log(placebo);

  // Steps placed across the part of the log where a verdict can be given: from 30% to 85% of the way through.
  let detected = 0;
  let powerRuns = 0;
  let untested = 0;
  const powerSeeds = option('power-seeds', seeds);
  const positionsArg = args.indexOf('--positions');
  // Weeks from the log's start at which the step is placed; by default spread from 13 weeks in to 13 weeks before the end.
  const totalWeeks = Math.floor((endDay - dayOf(start) + 1) / 7);
  const positions = positionsArg >= 0 ? args[positionsArg + 1]!.split(',').map(Number) : Array.from({ length: powerSeeds }, (_, i) => Math.round(13 + ((totalWeeks - 26) * i) / Math.max(1, powerSeeds - 1)));
  const runs = positionsArg >= 0 ? positions.flatMap((w) => Array.from({ length: powerSeeds }, (_, i) => [101 + i, w] as const)) : positions.map((w, i) => [101 + i, w] as const);
  for (const [seed, weeksIn] of runs) {
    const stepDate = new Date((dayOf(start) + 7 * weeksIn) * 86_400_000).toISOString().slice(0, 10);
    const { prepared, indicators, span } = analyse(generator.step(seed, stepDate));
    const result = impactOfChange(prepared, indicators, dayOf(stepDate), { weeksEitherSide: 26, span, series, minimumChange, ...spans, ...modelOptions });
    if (dump) {
      const g = result.findings.find((x) => x.measure === 'referral_nfa')!;
      const noisy = result.findings.filter((x) => x.beyondNoise && x.measure !== 'referral_nfa').map((x) => ({ m: x.measure, e: x.estimate, l: x.lower, u: x.upper, b: measureBaseline(x.measure, result.weekly[x.measure], result.weeks, 26) }));
      appendFileSync(dump, JSON.stringify({ kind: 'power', generator: name, seed, week: weeksIn, nfa: { noise: g.beyondNoise, e: g.estimate, l: g.lower, u: g.upper, b: measureBaseline('referral_nfa', result.weekly.referral_nfa, result.weeks, 26), untested: g.untested }, noisy }) + '\n');
    }
    const f = result.findings.find((x) => x.measure === 'referral_nfa')!;
    const ok = f.changed && f.direction === 'up';
    powerRuns++;
    if (ok) detected++;
    if (f.untested !== null) untested++;
    const others = result.findings.filter((x) => x.changed && x.measure !== 'referral_nfa').map((x) => x.measure);
    const figures = f.estimate === null ? `untested: ${f.untested}` : `estimate ${(f.estimate * 100).toFixed(1)} points [${(f.lower! * 100).toFixed(1)}, ${(f.upper! * 100).toFixed(1)}] p=${f.p!.toExponential(2)}${f.trend ? `, trend ${(f.trend.estimate * 100).toFixed(1)} points a year [${(f.trend.lower * 100).toFixed(1)}, ${(f.trend.upper * 100).toFixed(1)}]` : ''}`;
    console.log(`power ${name} seed ${seed}, step on ${stepDate} (week ${weeksIn}): referral_nfa changed=${f.changed} ${f.direction}, ${figures}; others changed: ${others.join(', ') || 'none'}`);
  }
  const power = `${name} POWER: ${detected} of ${powerRuns} ${option('ramp', 0) > 0 ? `trend changes in NFA at referral (7%, then +${option('ramp', 0)} points a year)` : 'steps in NFA at referral (7% to 14%)'} reported as changed, upwards (${untested} untested)`;
  console.log(power);
  totals.push(placebo, power);
}
console.log(totals.join('\n'));
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
