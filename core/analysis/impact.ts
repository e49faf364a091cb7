// The impact of a change (an inspection, a threshold change) on every measure of the page, decided
// once for the page. By default (max-t) each measure's jump at the marker (the level shift of a structural model
// of its whole series, level-shift.ts) is set against the jumps of every measure at every other week of the same
// data (in-time-placebo.ts); the 'series' model fits each
// weekly series with the earlier trend, the season and a change at the marker (interrupted-series.ts) and
// gives exploratory estimates only, never a verdict. The sentence a reader sees is written from the
// findings and nothing else.
import { civilFromDay, formatDay, parseDay } from '../dates.js';
import { RATE_KEYS, type MetricsWindow, type PreparedMetrics, type RateKey } from '../metrics.js';
import { completeness, completeRange, type Completeness, type DataSpan } from './cutoffs.js';
import { interruptedSeries, type SeriesEffect, type SeriesOptions, type SeriesPoint } from './interrupted-series.js';
import { holm } from './multiplicity.js';
import { cachedJumpTable, leavesOutGaps, markerReference, MIN_POSITIONS, MIN_SIDE_WEEKS, maxTCritical, reaching, statisticOf, type JumpOptions } from './in-time-placebo.js';
import { levelShiftFitted } from './level-shift.js';
import { CATCH_UP_DAYS, recordingGaps, touchesGap, type RecordingGap } from './recording-gaps.js';
import { longDate, MONTH_NAMES } from './date-text.js';
import { weekCalendar } from './school-holidays.js';
import { emptyTally, tallyRate, tallyWindows, type RateIndicators } from './rate-indicators.js';
import { studentTQuantile } from './student-t.js';

export const WEEKLY_COUNT_KEY = 'referrals_per_week';
export const IMPACT_MEASURES = [...RATE_KEYS, WEEKLY_COUNT_KEY] as const;
export type ImpactMeasure = (typeof IMPACT_MEASURES)[number];

/** Weeks of history before the marker that the earlier trend and the season are learnt from. */
export const HISTORY_WEEKS = 78;
/** Weeks from the marker that the later trend is learnt from (the effect is averaged over the after window only). */
export const FOLLOW_WEEKS = 52;

export interface ImpactOptions {
  /** weeks either side that the page compares (the after window is also the effect's span). */
  weeksEitherSide: number;
  /** the days the data covers */
  span: DataSpan;
  include?: Uint8Array | null;
  /** family-wise error rate. @default 0.05 */
  alpha?: number;
  /** options of the 'series' model */
  series?: SeriesOptions;
  /** @default HISTORY_WEEKS */
  historyWeeks?: number;
  /** @default FOLLOW_WEEKS */
  followWeeks?: number;
  /**
   * The smallest change that matters, from the level before the marker (Finding.minimumChange): a figure beside the
   * 'series' model's exploratory estimates, for the calibration bench; it decides nothing. @default null
   */
  minimumChange?: MinimumChangeRule | null;
  /**
   * How the verdict is decided. 'max-t': the jump at the marker against the jumps at every other week of the
   * same data (in-time-placebo.ts), with the allowance for week-to-week echo unless jump.autocorrelation is false;
   * its bound on false changes holds by construction. 'series': the segmented regression with season and AR(1)
   * errors (interrupted-series.ts), exploratory: its estimates and Holm-level intervals are given, `changed` is always
   * false (Holm's decision called changes at 15.5% of markers on the closure generator with 12 weeks' history, README,
   * and at 5 of 78 on the 9c audit's pl12 even with the default's edge rule). @default 'max-t'
   */
  model?: ImpactModel;
  /** options of the 'max-t' model */
  jump?: JumpOptions;
}

export type ImpactModel = 'max-t' | 'series';
/** The verdict a page gets unless it asks for another (the API's and the page picker's default too). */
export const DEFAULT_IMPACT_MODEL: ImpactModel = 'max-t';
/** The impact page's weeks either side of the marker (without exact counts, the only weeks a viewer may ask for). */
export const DEFAULT_IMPACT_WEEKS = 26;

/** What the 'max-t' model compared the marker with. */
export interface InTimeCalibration {
  /** weeks before and from the marker that each jump's lines are fitted on (the page's windows, clipped to the data) */
  weeksBefore: number;
  weeksAfter: number;
  /** positions the marker is compared with (itself among them) */
  positions: number;
  /** the most positions that may match a measure's jump for it to be called changed: floor(alpha × positions) */
  allowed: number;
  /** the jump interval's multiplier: the (allowed + 1)-th largest of the positions' largest |t| of any measure's jump */
  critical: number;
  /**
   * when each finding carries its change in trend (`trend`, information beside the verdict, never part of it): the
   * trend interval's multiplier, by the jump's rule on the trend changes (the (allowed + 1)-th largest of the
   * positions' largest |t| of any measure's change in trend), so both intervals are at the same family level; null otherwise
   */
  trend: { critical: number } | null;
  /** what each jump is (JumpOptions.statistic): the level shift of a model of the whole series, or two local lines */
  statistic: 'level' | 'lines';
}

/**
 * The smallest change worth reporting, from the measure's level over the used weeks before the marker:
 * for a share, the larger of `rateAbsolute` (a share: 0.02 = 2 points) and `rateRelative` × that level; for
 * referrals a week, `countRelative` × that level. `rule`: 'estimate' = the estimate is further from 0 than the
 * margin; 'interval' = the whole interval drawn is beyond the margin on one side.
 */
export interface MinimumChangeRule {
  rateAbsolute: number;
  rateRelative: number;
  countRelative: number;
  rule: 'estimate' | 'interval';
}

export interface ClippedWindow {
  from: string;
  to: string;
  days: number;
  /** days asked for (7 × weeks either side) */
  requestedDays: number;
  /** true when the data's edge shortened the window */
  clipped: boolean;
}

export interface ImpactWeek {
  /** first day (the marker's weekday) */
  start: string;
  /** weeks from the marker: −1 = the week before it, 0 = the week from it */
  t: number;
  /** false when the data does not cover all seven days: such a week is shown but never used */
  whole: boolean;
  /** true for the weeks the verdict reads (HISTORY_WEEKS before the marker to FOLLOW_WEEKS from it); the others are drawn for context */
  read: boolean;
}

/**
 * why a week is left out: not wholly in the data, its look-back or follow-up cut short, it touches a recording gap
 * (days with far fewer records than the days around: a gap in recording or a real closure), or (the 'series' model)
 * it is outside the weeks the fit reads (HISTORY_WEEKS before the marker, FOLLOW_WEEKS from it), drawn for context only
 */
export type WeekExclusion = 'part-week' | 'look-back' | 'follow-up' | 'recording-gap' | 'outside-fit' | null;

export interface WeeklyValue {
  k: number;
  n: number;
  /** k/n for a rate, n for the weekly count; null with no cases */
  value: number | null;
  /** why the week is left out of the fit, or null when it is used */
  excluded: WeekExclusion;
}

export interface Finding {
  measure: ImpactMeasure;
  /** exactly what the sentence tells the reader: beyond the noise and (when a margin is set) beyond the margin */
  changed: boolean;
  /** Holm's decision alone: the change is larger than the earlier trend, the season and chance would explain */
  beyondNoise: boolean;
  /** the smallest change the page reports (same units as estimate), or null when there is no margin */
  minimumChange: number | null;

  direction: 'up' | 'down' | null;
  /** average gap after the marker between what happened and the earlier trend and season (a share, or referrals a week) */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Holm-adjusted p-value: changed ⇔ p < alpha */
  p: number | null;
  /** the unadjusted p-value of this measure's own test */
  pRaw: number | null;
  /** coverage of [lower, upper]: 1 − the level Holm tested this measure at */
  intervalLevel: number | null;
  /** why no test was made, or null */
  untested: string | null;
  /**
   * The smallest change this data could see at this marker (same units as estimate): (the interval's multiplier +
   * 0.84) × the estimate's standard error, the size found 4 times in 5 if the bar stayed where it is. A LOWER bound
   * for the default: a real step also raises the jumps of the weeks beside the marker, and so the bar; on test logs
   * a step 1.25 times this size was found at 1 of 4 seeds (tests/core/analysis/impact-detectable.test.ts). null
   * when untested. "No change" means at best "no change of at least this".
   */
  detectable: number | null;
  /**
   * The change in trend at the marker ('max-t' model; null for 'series' or untested): the slope of the line through
   * the weeks from the marker minus the slope of the line through the weeks before, PER YEAR in the measure's units
   * (a share: 0.03 = 3 points a year; the weekly count: referrals a week, per year), with an interval made by the
   * jump's rule from the largest trend change of any measure at every week (InTimeCalibration.trend). Information
   * only: `changed`, `direction` and `p` are the jump's alone (review v9d finding 5: a verdict through the trend
   * carried the jump's figures, which could point the other way).
   */
  trend: TrendChange | null;
}

/** A change in a measure's weekly trend at the marker, per year (Finding.trend). */
export interface TrendChange {
  estimate: number;
  lower: number;
  upper: number;
  /** the smallest trend change this data could see at this marker, per year (as Finding.detectable) */
  detectable: number;
}

/** Weeks in a year: trend changes are fitted per week and reported per year. */
export const WEEKS_PER_YEAR = 365.25 / 7;

/** z for 80% power: a true change of (critical + POWER_Z) × se is beyond the critical value 4 times in 5. */
export const POWER_Z = 0.8416;

export interface MeasureFit {
  measure: ImpactMeasure;
  used: { before: number; after: number };
  levelChange: { estimate: number; lower: number; upper: number } | null;
  slopeChange: { estimate: number; lower: number; upper: number } | null;
  /** lag-1 autocorrelation of the plain residuals, and the AR(1) coefficient the errors were modelled with */
  residualLag1: number | null;
  rho: number | null;
  /** SE allowing for correlated noise ÷ plain SE of the effect: how much the correlation widened the interval */
  seRatio: number | null;
  /** per week of `weeks` (null where the week is not used): the fit and the earlier trend carried on */
  fitted: Array<number | null>;
  counterfactual: Array<number | null>;
}

export interface RawSide {
  window: ClippedWindow;
  /** per measure: k of n in the window (n = referrals, for the weekly count) and whether the edges cut it */
  values: Record<ImpactMeasure, { k: number; n: number; value: number | null; completeness: Completeness }>;
}

export interface ImpactResult {
  marker: string;
  /** the model that decided */
  model: ImpactModel;
  /** for the 'max-t' model: what the marker was compared with (null when no comparison could be made, or 'series') */
  calibration: InTimeCalibration | null;
  weeksEitherSide: number;
  data: { from: string; to: string };
  alpha: number;
  before: RawSide;
  after: RawSide;
  /** every week of the data's span, aligned on the marker (first and last may be part-weeks); `read` marks the verdict's */
  weeks: ImpactWeek[];
  weekly: Record<ImpactMeasure, WeeklyValue[]>;
  fits: MeasureFit[];
  findings: Finding[];
  /** tests made (measures with enough usable weeks) */
  tested: number;
  /**
   * recording gaps (recording-gaps.ts) touching the page's windows (weeksEitherSide either side of the marker): the
   * weeks they touch are left out of every measure's series, and the verdict names them
   */
  recordingGaps: RecordingGap[];
  /** the plain-English decision, written from `findings` alone (and the recording gaps, named after it) */
  sentence: string;
  /** the same decision to scan: the verdict in one sentence, a line per measure, then how it was decided */
  readout: ImpactReadout;
}

/** The decision as a page shows it: the same words as `sentence`, split so it can be scanned. */
export interface ImpactReadout {
  /** what changed, in one sentence (the figures are in `measures`) */
  verdict: string;
  /** one line per measure of the page: changed (with its estimate and interval), not, or not tested and why */
  measures: Array<{ measure: ImpactMeasure; changed: boolean; text: string }>;
  /** how it was decided and what it cannot see: the measures tested together, those not tested, the sizes it could see, the caveat */
  method: string;
  /** what the data shows of days with far fewer records than usual near the marker, and what was done with them ('' without) */
  recording: string;
}

const RATE_SET = new Set<string>(RATE_KEYS);

function clip(from: number, to: number, span: DataSpan, requestedDays: number): { window: MetricsWindow; text: ClippedWindow } {
  const a = Math.max(from, span.first);
  const b = Math.min(to, span.last);
  const days = Math.max(0, b - a + 1);
  return {
    window: { from: a, to: Math.max(a - 1, b) },
    text: { from: formatDay(a), to: formatDay(Math.max(a, b)), days, requestedDays, clipped: days < requestedDays },
  };
}

export function impactOfChange(prepared: PreparedMetrics, indicators: RateIndicators, markerDay: number, options: ImpactOptions): ImpactResult {
  const { weeksEitherSide: W, span, include = null, alpha = 0.05 } = options;
  if (!Number.isInteger(W) || W < 2) throw new RangeError(`impactOfChange: weeksEitherSide must be an integer ≥ 2, got ${W}`);
  if (span.last < span.first) throw new RangeError('impactOfChange: the data span is empty');
  const calendar = prepared.calendar;

  // Weeks aligned on the marker over the data's whole span, so the charts draw the series to both ends; the verdict
  // reads the weeks from the history limit (or the data's first week) to the after window's end, as it always has.
  const { historyWeeks = HISTORY_WEEKS, followWeeks = FOLLOW_WEEKS } = options;
  const spanFirstT = Math.floor((span.first - markerDay) / 7);
  const spanLastT = Math.floor((span.last - markerDay) / 7);
  const firstT = Math.max(-historyWeeks, spanFirstT);
  const lastT = Math.min(Math.max(W, followWeeks) - 1, spanLastT);
  const weekWindows: MetricsWindow[] = [];
  const weeks: ImpactWeek[] = [];
  for (let t = spanFirstT; t <= spanLastT; t++) {
    const from = markerDay + 7 * t;
    weekWindows.push({ from, to: from + 6 });
    weeks.push({ start: formatDay(from), t, whole: from >= span.first && from + 6 <= span.last, read: t >= firstT && t <= lastT });
  }
  const tallies = tallyWindows(prepared, indicators, weekWindows, include);
  const gaps = leavesOutGaps(options.jump) ? recordingGaps(prepared, span) : null;

  const model = options.model ?? DEFAULT_IMPACT_MODEL;
  const ranges = Object.fromEntries(IMPACT_MEASURES.map((m) => [m, completeRange(m, span, calendar)])) as Record<ImpactMeasure, MetricsWindow>;
  const weekly = {} as Record<ImpactMeasure, WeeklyValue[]>;
  for (const measure of IMPACT_MEASURES) {
    const range = ranges[measure];
    weekly[measure] = weekWindows.map((w, j) => {
      const r = tallyRate(tallies[j]!, measure === WEEKLY_COUNT_KEY ? 'referral_nfa' : (measure as RateKey));
      const excluded: WeekExclusion = !weeks[j]!.whole
        ? 'part-week'
        : w.from < range.from
          ? 'look-back'
          : w.to > range.to
            ? 'follow-up'
            : gaps && touchesGap(gaps, w.from, w.to)
              ? 'recording-gap'
              : !weeks[j]!.read && model === 'series'
                ? 'outside-fit'
                : null;
      if (measure === WEEKLY_COUNT_KEY) return { k: r.n, n: r.n, value: weeks[j]!.whole ? r.n : null, excluded };
      return { k: r.k, n: r.n, value: r.rate, excluded };
    });
  }

  const margin = options.minimumChange ?? null;
  // The verdict reads the weeks it always read: the series model's fit (its weeks outside them are 'outside-fit') and
  // the max-t model's marker windows alike; the weeks beyond are drawn, not tested.
  const verdict =
    model === 'max-t' ? maxTVerdict(prepared, indicators, markerDay, options, weeks, weekly, alpha) : seriesVerdict(markerDay, weekly, weeks, weekWindows, options, alpha);
  const { fits, findings, tested, calibration } = verdict;

  const beforeClip = clip(markerDay - 7 * W, markerDay - 1, span, 7 * W);
  const afterClip = clip(markerDay, markerDay + 7 * W - 1, span, 7 * W);
  const rawSide = (c: ReturnType<typeof clip>): RawSide => {
    const [tally] = c.text.days > 0 ? tallyWindows(prepared, indicators, [c.window], include) : [emptyTally()];
    const values = Object.fromEntries(
      IMPACT_MEASURES.map((measure) => {
        const r = tallyRate(tally!, measure === WEEKLY_COUNT_KEY ? 'referral_nfa' : (measure as RateKey));
        const value = measure === WEEKLY_COUNT_KEY ? (c.text.days > 0 ? (r.n * 7) / c.text.days : null) : r.rate;
        return [measure, { k: measure === WEEKLY_COUNT_KEY ? r.n : r.k, n: r.n, value, completeness: completeness(measure, c.window, span, calendar) }];
      }),
    ) as RawSide['values'];
    return { window: c.text, values };
  };

  const nearGaps = gaps ? gaps.gaps.filter((g) => parseDay(g.to)! >= markerDay - 7 * W && parseDay(g.from)! <= markerDay + 7 * W - 1) : [];
  const told = impactReadout(findings, tested, alpha, margin, model === 'max-t' ? calibration ?? 'max-t' : null);
  const gapText = recordingGapText(nearGaps);
  return {
    marker: formatDay(markerDay),
    model,
    calibration,
    weeksEitherSide: W,
    data: { from: formatDay(span.first), to: formatDay(span.last) },
    alpha,
    before: rawSide(beforeClip),
    after: rawSide(afterClip),
    weeks,
    weekly,
    fits,
    findings,
    tested,
    recordingGaps: nearGaps,
    sentence: gapText ? `${told.sentence} ${gapText}` : told.sentence,
    readout: { ...told.readout, recording: gapText },
  };
}

/** "9 to 18 October 2023", "28 September to 3 October 2023", "30 December 2023 to 2 January 2024", "9 October 2023". */
export function dayRangeText(from: number, to: number): string {
  if (from === to) return longDate(from);
  const a = civilFromDay(from);
  const b = civilFromDay(to);
  if (a.year !== b.year) return `${longDate(from)} to ${longDate(to)}`;
  if (a.month !== b.month) return `${a.day} ${MONTH_NAMES[a.month - 1]} to ${longDate(to)}`;
  return `${a.day} to ${longDate(to)}`;
}

/**
 * What the page says of recording gaps near the marker: what the data shows (events recorded in the days against
 * about how many the days around them lead one to expect), that it may be a gap in recording or a real closure of the
 * service (the data alone cannot tell which: a front door shut for Christmas looks exactly like an export that missed
 * a fortnight), and what the analysis did with those weeks. '' without gaps.
 */
export function recordingGapText(gaps: readonly RecordingGap[]): string {
  if (gaps.length === 0) return '';
  // 1 to 4 events are said as "fewer than 5" (the disclosure policy's small counts), whoever reads it
  const count = (x: number) => (x >= 1 && x <= 4 ? 'fewer than 5' : x.toLocaleString('en-GB'));
  const what = (g: RecordingGap) => (g.series === 'contacts' ? 'contacts' : 'events of any kind');
  const one = (g: RecordingGap, i: number) => {
    const when = `${g.from === g.to ? 'on' : 'from'} ${dayRangeText(parseDay(g.from)!, parseDay(g.to)!)}`;
    const head = `${when.charAt(0).toUpperCase()}${when.slice(1)}`;
    return i === 0
      ? `${head} the data holds ${count(g.events)} ${what(g)}, against about ${g.expected.toLocaleString('en-GB')} expected from the four weeks either side`
      : `${when}, ${count(g.events)} ${what(g)} against about ${g.expected.toLocaleString('en-GB')}`;
  };
  const single = gaps.length === 1;
  const shows = gaps.map(one).join(single ? '' : gaps.length === 2 ? '; and ' : '; ');
  const cause = single
    ? 'This may be a gap in recording or a real closure of the service; the data alone cannot tell which.'
    : 'Each may be a gap in recording or a real closure of the service; the data alone cannot tell which.';
  const oneDay = single && gaps[0]!.from === gaps[0]!.to;
  const days = oneDay ? 'that day' : 'those days';
  const after = oneDay ? 'it' : single ? 'them' : 'each';
  const done = `So that neither the dip nor a rise after it (work recorded late, or coming back) is read as a change, the weeks holding ${days} and the ${CATCH_UP_DAYS / 7} weeks after ${after} are left out of every measure's weekly series.`;
  return `${shows}. ${cause} ${done}`;
}

interface Verdict {
  fits: MeasureFit[];
  findings: Finding[];
  tested: number;
  calibration: InTimeCalibration | null;
}

/** The segmented regression of each measure's weekly series: exploratory estimates at Holm's levels, no verdict. */
function seriesVerdict(
  markerDay: number, weekly: Record<ImpactMeasure, WeeklyValue[]>, weeks: ImpactWeek[], weekWindows: MetricsWindow[], options: ImpactOptions, alpha: number,
): Verdict {
  const W = options.weeksEitherSide;
  // The default's edge rule (maxTVerdict): a marker within W weeks of the data's edge is not tested, and a measure
  // whose look-back or follow-up the data's edges cut in a week of the marker's windows is not tested either. Before,
  // the fit read whatever weeks were left: at 2024-08-19 on the 9c audit's pl12 (4 weeks after of 26) it said "CP
  // plans that were a second or later plan went up +6.3 points, p=3e-8", a measure whose look-back the start cut.
  const span = options.span;
  const before = Math.max(0, Math.floor((markerDay - span.first) / 7));
  const from = Math.max(0, Math.floor((span.last - markerDay + 1) / 7));
  const edgeUsed = { before: Math.min(before, W), after: Math.min(from, W) };
  if (before < W) return untestedVerdict(weeks, () => `${weeksText(before)} before the change; at least ${W} needed (the windows compared): too little data either side to tell`, edgeUsed);
  if (from < W) return untestedVerdict(weeks, () => `${weeksText(from)} from the change on; at least ${W} needed (the windows compared): too little data either side to tell`, edgeUsed);
  const fits: MeasureFit[] = [];
  const effects: Array<SeriesEffect | null> = [];
  const reasons: Array<string | null> = [];
  for (const measure of IMPACT_MEASURES) {
    const cut = weekly[measure].some((v, j) => weeks[j]!.t >= -W && weeks[j]!.t < W && (v.excluded === 'look-back' || v.excluded === 'follow-up'));
    if (cut) {
      fits.push({ measure, used: edgeUsed, levelChange: null, slopeChange: null, residualLag1: null, rho: null, seRatio: null, fitted: weeks.map(() => null), counterfactual: weeks.map(() => null) });
      effects.push(null);
      reasons.push(CUT_SHORT);
      continue;
    }
    const points: SeriesPoint[] = [];
    weekly[measure].forEach((v, j) => {
      if (v.excluded !== null || v.value === null) return;
      const week = weekCalendar(weekWindows[j]!.from);
      points.push({
        t: weeks[j]!.t,
        value: v.value,
        weight: measure === WEEKLY_COUNT_KEY ? 1 : v.n,
        midDay: weekWindows[j]!.from + 3,
        covariates: [week.workingDays, week.schoolHolidayShare],
      });
    });
    const result = interruptedSeries(points, { ...options.series, effectPeriods: W });
    const byT = new Map(result.ok ? result.fitted.map((f) => [f.t, f]) : []);
    fits.push({
      measure,
      used: { before: result.before, after: result.after },
      levelChange: result.ok ? pickInterval(result.levelChange) : null,
      slopeChange: result.ok ? pickInterval(result.slopeChange) : null,
      residualLag1: result.ok ? result.residualLag1 : null,
      rho: result.ok ? result.rho : null,
      seRatio: result.ok ? result.seRatio : null,
      fitted: weeks.map((w) => byT.get(w.t)?.fitted ?? null),
      counterfactual: weeks.map((w) => byT.get(w.t)?.counterfactual ?? null),
    });
    effects.push(result.ok ? result : null);
    reasons.push(result.ok ? null : result.reason);
  }

  const decision = holm(effects.map((e) => (e ? e.effect.p : null)), alpha);
  // Each measure's level over the used weeks of the before window (internal: only the margin built on it is shown).
  const baselines = IMPACT_MEASURES.map((measure) => measureBaseline(measure, weekly[measure], weeks, W));
  const margin = options.minimumChange ?? null;
  const findings: Finding[] = IMPACT_MEASURES.map((measure, i) => {
    const e = effects[i];
    if (!e) {
      return { measure, changed: false, beyondNoise: false, minimumChange: null, direction: null, estimate: null, lower: null, upper: null, p: null, pRaw: null, intervalLevel: null, untested: reasons[i]!, detectable: null, trend: null };
    }
    const a = decision.intervalAlpha[i]!;
    const half = studentTQuantile(1 - a / 2, e.df) * e.effect.se;
    const beyondNoise = decision.rejected[i]!;
    const lower = e.effect.estimate - half;
    const upper = e.effect.estimate + half;
    const minimumChange = margin ? minimumChangeOf(measure, baselines[i]!, margin) : null;
    // Exploratory: Holm's decision (and the margin) are kept as figures (beyondNoise, p), never as a verdict. On the
    // 9c audit's pl12 (trends and seasons, no change) they called a change at 10 of 78 markers 14 days apart, and at
    // 5 of 78 with the edge rule above (bench/impact-sweep.ts): more than the 1 in 20 a verdict may, so the page
    // says how far each measure sits from its earlier trend and season and leaves "changed" to the default test.
    return {
      measure,
      changed: false,
      beyondNoise,
      minimumChange,
      direction: null,
      estimate: e.effect.estimate,
      lower,
      upper,
      p: decision.adjusted[i]!,
      pRaw: e.effect.p,
      intervalLevel: 1 - a,
      untested: null,
      detectable: (studentTQuantile(1 - a / 2, e.df) + POWER_Z) * e.effect.se,
      trend: null,
    };
  });

  return { fits, findings, tested: decision.m, calibration: null };
}

/** Every measure untested, for one reason. */
function untestedVerdict(weeks: ImpactWeek[], reason: (measure: ImpactMeasure) => string, used: { before: number; after: number }, calibration: InTimeCalibration | null = null): Verdict {
  return {
    fits: IMPACT_MEASURES.map((measure) => ({
      measure, used, levelChange: null, slopeChange: null, residualLag1: null, rho: null, seRatio: null,
      fitted: weeks.map(() => null), counterfactual: weeks.map(() => null),
    })),
    findings: IMPACT_MEASURES.map((measure) => ({
      measure, changed: false, beyondNoise: false, minimumChange: null, direction: null, estimate: null, lower: null, upper: null, p: null, pRaw: null, intervalLevel: null, untested: reason(measure), detectable: null, trend: null,
    })),
    tested: 0,
    calibration,
  };
}

/** Why a measure is not tested where a week of the marker's windows falls outside its complete range (either model). */
export const CUT_SHORT = `look-back or follow-up cut short by the data's edges`;

/** Why a measure is not tested where the weeks outside the marker's windows do not hold its months of another year. */
export const SEASON_UNKNOWN = 'season unknown: no other year of these months';

const weeksText = (n: number) => `${n} usable week${n === 1 ? '' : 's'}`;

/**
 * The jump at the marker of each measure, against the jumps at every other week boundary of the same data
 * where the same windows fit (in-time-placebo.ts): a measure is changed when at most floor(alpha × K) of the K
 * positions reach its |t| in any measure; its interval is the jump ± the (floor(alpha × K) + 1)-th largest.
 */
function maxTVerdict(
  prepared: PreparedMetrics, indicators: RateIndicators, markerDay: number, options: ImpactOptions, weeks: ImpactWeek[], weekly: Record<ImpactMeasure, WeeklyValue[]>, alpha: number,
): Verdict {
  const { weeksEitherSide: W, span, include = null } = options;
  // One window length L for every marker of the page, so every marker is one position of the same table and the
  // bound holds across them: the page's weeks either side (or options.jump.weeks), shortened on a short log until
  // at least MIN_POSITIONS positions fit (a rule of the data's length alone). A marker within L weeks of the
  // data's edge is not tested: with windows clipped to the data, each such marker would be the extreme position of
  // a table of its own, and those were called changed at 7.3% of markers on the third generator (README).
  const firstWeek = markerDay + 7 * Math.ceil((span.first - markerDay) / 7);
  const wholeWeeks = Math.floor((span.last - firstWeek + 1) / 7);
  let L = Math.min(W, options.jump?.weeks ?? W);
  while (L > MIN_SIDE_WEEKS && wholeWeeks - 2 * L + 1 < MIN_POSITIONS) L--;
  const before = Math.max(0, Math.floor((markerDay - span.first) / 7));
  const from = Math.max(0, Math.floor((span.last - markerDay + 1) / 7));
  const used = { before: Math.min(before, L), after: Math.min(from, L) };
  if (before < L) return untestedVerdict(weeks, () => `${weeksText(before)} before the change; at least ${L} needed (the same windows at every week compared): too little data either side to tell`, used);
  if (from < L) return untestedVerdict(weeks, () => `${weeksText(from)} from the change on; at least ${L} needed (the same windows at every week compared): too little data either side to tell`, used);
  const h = L;
  const hAfter = L;
  const table = cachedJumpTable(prepared, indicators, include, span, markerDay, h, hAfter, IMPACT_MEASURES, WEEKLY_COUNT_KEY, options.jump);
  const at = table.weekStarts.indexOf(markerDay);
  const position = table.positions.indexOf(at);
  const K = table.positions.length;
  if (position < 0 || K < MIN_POSITIONS) {
    return untestedVerdict(weeks, () => `only ${K} week${K === 1 ? '' : 's'} of the data to compare the marker with (windows of ${h} and ${hAfter} weeks); at least ${MIN_POSITIONS} needed: too little data either side to tell`, used);
  }
  // The verdict is the jump's alone, with all floor(alpha × K) flags; the trend's interval uses the same rule on the
  // trend changes but decides nothing.
  // What the marker is compared with (markerReference): by default the table's own T, the same for every marker;
  // options.jump.reference 'step' takes the marker's own step out of the positions beside it (not the default: README).
  const reference = markerReference(table, position, options.jump);
  const decision = maxTCritical(reference, alpha);
  const cTrend = maxTCritical(table.S, alpha).critical;
  const calibration: InTimeCalibration = {
    weeksBefore: h, weeksAfter: hAfter, positions: K, allowed: decision.allowed, critical: decision.critical, trend: table.slope ? { critical: cTrend } : null,
    statistic: statisticOf(options.jump),
  };
  const c = decision.critical;
  let tested = 0;
  const fits: MeasureFit[] = [];
  const findings: Finding[] = IMPACT_MEASURES.map((measure) => {
    const jump = table.jumps[measure]![position] ?? null;
    // The measure's spread (1 unless the measures are standardised): its jump is judged as |t| ÷ spread, and its
    // interval is the jump ± critical × spread × se, so the interval still excludes 0 exactly when it changed.
    const spread = table.scale[measure] ?? 1;
    const line = (side: { level: number; slope: number }, t: number) => side.level + side.slope * (t + 0.5);
    // With the structural model's statistic, the lines drawn are that model's fit with the step at the marker and
    // the same less the step, so the gap drawn at the marker is the estimate stated.
    const model = jump ? table.levelModels[measure] ?? null : null;
    const modelled = model ? levelShiftFitted(model, at, table.weekStarts.length) : null;
    const drawn = (values: Float64Array, t: number) => {
      const v = values[at + t];
      return v === undefined || Number.isNaN(v) ? null : v;
    };
    const inWindows = (t: number) => t >= -h && t < hAfter;
    fits.push({
      measure,
      used,
      levelChange: jump ? { estimate: jump.estimate, lower: Math.min(jump.estimate - c * spread * jump.se, Math.abs(jump.t) / spread > c ? Infinity : 0), upper: Math.max(jump.estimate + c * spread * jump.se, Math.abs(jump.t) / spread > c ? -Infinity : 0) } : null,
      slopeChange: jump && table.slope ? { estimate: jump.slope.estimate, ...bounds(jump.slope.estimate, cTrend * spread * jump.slope.se, Math.abs(jump.slope.t) / spread > cTrend) } : null,
      residualLag1: jump ? jump.lag1 : null,
      // the structural model's echo: its noise's lag-1 coefficient (0 where the model chose no echo)
      rho: model ? (model.params.lambda > 0 ? model.params.phi : 0) : null,
      seRatio: null,
      fitted: weeks.map((w) => (!jump || !inWindows(w.t) ? null : modelled ? drawn(modelled.fitted, w.t) : w.t < 0 ? line(jump.before, w.t) : line(jump.after, w.t))),
      counterfactual: weeks.map((w) => (!jump || w.t < 0 || w.t >= hAfter ? null : modelled ? drawn(modelled.counterfactual, w.t) : line(jump.before, w.t))),
    });
    if (!jump) {
      // Cut short when a week of the marker's own windows falls outside the measure's complete range (a 12-month
      // look-back before the data's start, a follow-up past its end), even where no other position fits either.
      const cut = weekly[measure].some((v, j) => weeks[j]!.t >= -h && weeks[j]!.t < hAfter && (v.excluded === 'look-back' || v.excluded === 'follow-up'));
      const untested = cut
        ? CUT_SHORT
        : table.seasonUnknown[measure]![position]
          ? SEASON_UNKNOWN
          : `too little usable data, or it does not vary`;
      return { measure, changed: false, beyondNoise: false, minimumChange: null, direction: null, estimate: null, lower: null, upper: null, p: null, pRaw: null, intervalLevel: null, untested, detectable: null, trend: null };
    }
    tested++;
    const jumpBeyond = Math.abs(jump.t) / spread > c;
    const { lower, upper } = bounds(jump.estimate, c * spread * jump.se, jumpBeyond);
    const jumpChanged = lower > 0 || upper < 0;
    // The decision's p: the share of positions where any measure's jump reaches this |t|, so p ≤ alpha ⇔ the jump
    // is beyond its bar (at most floor(alpha × K) positions reach it).
    const p = decision.allowed > 0 ? reaching(reference, jump.t / spread) / K : 1;
    // The change in trend, per year, with its interval: shown beside the verdict, never part of it.
    let trend: TrendChange | null = null;
    if (table.slope) {
      const s = jump.slope;
      const b = bounds(s.estimate, cTrend * spread * s.se, Math.abs(s.t) / spread > cTrend);
      trend = {
        estimate: s.estimate * WEEKS_PER_YEAR,
        lower: b.lower * WEEKS_PER_YEAR,
        upper: b.upper * WEEKS_PER_YEAR,
        detectable: (cTrend * spread + POWER_Z) * s.se * WEEKS_PER_YEAR,
      };
    }
    const changed = jumpChanged;
    // This measure's own jumps at the other positions: how unusual the marker's jump is for it alone.
    const own = table.jumps[measure]!.filter((j): j is NonNullable<typeof j> => j !== null);
    const pRaw = own.filter((j) => Math.abs(j.t) >= Math.abs(jump.t)).length / own.length;
    return {
      measure,
      changed,
      beyondNoise: changed,
      minimumChange: null,
      direction: jumpChanged ? (jump.estimate > 0 ? 'up' : 'down') : null,
      estimate: jump.estimate,
      lower,
      upper,
      p: Math.min(1, p),
      pRaw,
      intervalLevel: 1 - decision.allowed / K,
      untested: null,
      detectable: (c * spread + POWER_Z) * jump.se,
      trend,
    };
  });
  return { fits, findings, tested, calibration };
}

/**
 * estimate ± half, and when the statistic is not beyond the bar the interval is made to reach 0 (a statistic exactly
 * at the critical value is not a change; rounding must not make its interval miss 0).
 */
function bounds(estimate: number, half: number, beyond: boolean): { lower: number; upper: number } {
  const lower = estimate - half;
  const upper = estimate + half;
  return beyond && (lower > 0 || upper < 0) ? { lower, upper } : { lower: Math.min(lower, 0), upper: Math.max(upper, 0) };
}

/**
 * A measure's level over the used weeks of the before window (at most W weeks before the marker): k/n for a
 * share, mean referrals a week for the count; null without a used week.
 */
export function measureBaseline(measure: ImpactMeasure, values: readonly WeeklyValue[], weeks: readonly ImpactWeek[], W: number): number | null {
  let k = 0;
  let n = 0;
  let used = 0;
  values.forEach((v, j) => {
    const t = weeks[j]!.t;
    if (v.excluded !== null || v.value === null || t >= 0 || t < -W) return;
    k += v.k;
    n += v.n;
    used++;
  });
  if (used === 0) return null;
  return measure === WEEKLY_COUNT_KEY ? n / used : n > 0 ? k / n : null;
}

/** The margin of a measure from its level before the marker (no level: the absolute floor, or 0 for the count). */
export function minimumChangeOf(measure: ImpactMeasure, baseline: number | null, rule: MinimumChangeRule): number {
  if (measure === WEEKLY_COUNT_KEY) return rule.countRelative * (baseline ?? 0);
  return Math.max(rule.rateAbsolute, rule.rateRelative * (baseline ?? 0));
}

function pickInterval(e: { estimate: number; lower: number; upper: number }) {
  return { estimate: e.estimate, lower: e.lower, upper: e.upper };
}

export const MEASURE_NAMES: Readonly<Record<ImpactMeasure, string>> = {
  contact_to_referral: 'contacts that became referrals',
  referral_nfa: 'referrals ending in no further action',
  rereferral_12m: 're-referrals within 12 months',
  prior_referral_36m: 'referrals with another in the previous 36 months',
  referral_to_assessment: 'referrals that led to an assessment',
  assessment_within_45_wd: 'assessments done within 45 working days',
  s47_to_icpc: 'section 47 enquiries that led to an ICPC',
  icpc_to_cp_plan: 'ICPCs that led to a child protection plan',
  cp_plan_second_or_subsequent: 'CP plans that were a second or later plan',
  referrals_per_week: 'referrals a week',
};

/** How an effect reads: shares in percentage points, the weekly count in referrals a week. */
export function effectText(measure: ImpactMeasure, x: number): string {
  if (RATE_SET.has(measure)) return `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} points`;
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)} a week`;
}

/** How a change in trend reads: per year, in the measure's units ("+3.1 points a year", "+5.0 a week a year"). */
export function trendText(measure: ImpactMeasure, perYear: number): string {
  return `${effectText(measure, perYear)} a year`;
}

/** What the sentence says of a changed measure (max-t): its jump, with its interval (the verdict is the jump's alone). */
function changedFigures(f: Finding): string {
  return `${effectText(f.measure, f.estimate!)}, interval ${effectText(f.measure, f.lower!)} to ${effectText(f.measure, f.upper!)}`;
}

/** A measure's change in trend as its line gives it: information beside the verdict, said to be no part of it. */
function trendNote(f: Finding): string {
  const t = f.trend;
  return t ? `; change in trend ${trendText(f.measure, t.estimate)} (interval ${trendText(f.measure, t.lower)} to ${trendText(f.measure, t.upper)}), not part of the verdict` : '';
}

/**
 * Said after every change the 'max-t' model reports: by construction it calls a change at no more than 1 in 20
 * of the weeks of the same data where the same windows fit, whether or not anything happened there.
 */
export const MAX_T_CAVEAT =
  'The same test run at every other week of this data would call a change at no more than 1 week in 20, so check it against what you know happened at that date.';

/**
 * What "did not change" can mean with this much data: for each measure tested and not called changed, the smallest
 * change it would have found 4 times in 5 (Finding.detectable), so "no change" reads as "no change of at least X".
 */
export function detectableText(findings: readonly Finding[]): string {
  const quiet = findings.filter((f) => f.untested === null && !f.changed && f.detectable !== null);
  if (quiet.length === 0) return '';
  const sizes = quiet.map((f) => `${MEASURE_NAMES[f.measure]} ${effectText(f.measure, f.detectable!).replace(/^\+/, '')}`);
  return ` With this much data, changes smaller than these could not be seen at this marker, and changes must be larger still to be found reliably: ${sizes.join('; ')}; a smaller change may have happened unseen.`;
}

/** The sentence of the 'max-t' model, from the findings and what the marker was compared with (its verdict and method as parts). */
function maxTSentence(findings: readonly Finding[], tested: number, alpha: number, calibration: InTimeCalibration | null): Told {
  if (tested === 0 || calibration === null) {
    const reason = findings.find((f) => f.untested !== null)?.untested ?? '';
    if (findings.some((f) => f.untested === SEASON_UNKNOWN)) {
      return alone(`No measure could be tested: the data outside the marker's windows does not hold these months of another year, so a season at this time of year cannot be told from a change (about a year of data beside the windows is needed), or the measures have too little usable data.`);
    }
    return alone(/too little data either side to tell/.test(reason)
      ? `No measure could be tested: too little data either side of the marker to tell (${reason.replace(/: too little data either side to tell$/, '')}).`
      : `No measure could be tested: too few whole weeks of data around the marker.`);
  }
  const { positions: K, allowed, weeksBefore, weeksAfter, statistic } = calibration;
  // Why each untested measure was not tested, as its finding says (the chart beside the sentence shows the same).
  const untested = findings.filter((f) => f.untested !== null);
  const cut = untested.filter((f) => /cut short/.test(f.untested!)).length;
  const season = untested.filter((f) => f.untested === SEASON_UNKNOWN).length;
  const thin = untested.length - cut - season;
  const reasons = [
    ...(cut > 0 ? [`for ${cut} the data's edges cut their look-back or follow-up short around the marker`] : []),
    ...(season > 0 ? [`for ${season} the data outside the windows does not hold these months of another year, so a season at this time of year cannot be told from a change`] : []),
    ...(thin > 0 ? [`${thin} had too little usable data, or did not vary`] : []),
  ];
  const notTested = untested.length > 0 ? ` ${untested.length} could not be tested: ${reasons.join('; ')}.` : '';
  const withTrend = calibration.trend !== null;
  const family =
    `${tested} measure${tested === 1 ? '' : 's'} tested together: ` +
    (statistic === 'level'
      ? `the jump at the marker (the step there in a model of the measure's whole weekly series: a level that may drift from week to week, noise that may echo for a few weeks, and a month-of-year pattern where the data show one), `
      : `the jump at the marker (a line through the ${weeksBefore} weeks before against a line through the ${weeksAfter} weeks from it), after taking out each measure's month-of-year pattern learnt from the weeks outside the windows (other years), `) +
    `is compared with the largest jump of any measure at each of the ${K} weeks of this data where the same windows fit, and a measure is called changed only when at most ${allowed} of them have a jump as large` +
    ` (${Math.round(alpha * 100)}% or fewer)` +
    (withTrend
      ? `. Each measure's change in trend (the slope of the line from the marker minus the slope before, per year) is given beside it with an interval made the same way, as information only: it is not part of the verdict, and a change in trend alone is never called a change`
      : '');
  const changed = findings.filter((f) => f.changed);
  const sizes = detectableText(findings);
  if (changed.length === 0) {
    const lead = `No measure changed at the marker by more than the measures jump at ordinary weeks of the same data`;
    return { sentence: `${lead}: ${family}.${notTested}${sizes}`, verdict: `${lead}.`, method: `${family}.${notTested}${sizes}` };
  }
  const parts = changed.map((f) => `${MEASURE_NAMES[f.measure]} went ${f.direction} (${changedFigures(f)})`);
  const rest = tested - changed.length;
  const lead = `${changed.length} of ${tested} measures changed at the marker by more than the measures jump at ordinary weeks of the same data`;
  const others = rest === 0 ? 'Every measure tested changed' : `The other ${rest} did not`;
  return {
    sentence: `${lead}: ${parts.join('; ')}. ${others}: ${family}.${notTested}${sizes} ${MAX_T_CAVEAT}`,
    verdict: verdictOf(lead, changed, others),
    method: `${family}.${notTested}${sizes} ${MAX_T_CAVEAT}`,
  };
}

/**
 * Said with the 'series' model's estimates: why it gives no verdict (measured on the 9c audit's placebo log pl12,
 * bench/impact-sweep.ts, before it was made exploratory).
 */
export const EXPLORATORY_CAVEAT =
  'This test is exploratory and gives no verdict: on test data with trends and seasons but no change it flagged a change at 5 of 78 dates two weeks apart, more than the 1 in 20 a verdict may, so whether a measure moved at the marker is for the default test (jump against every week) to say.';

/** Why the untested measures were not tested, from their findings (either model's reasons). */
function notTestedText(findings: readonly Finding[], verb: string): string {
  const untested = findings.filter((f) => f.untested !== null);
  if (untested.length === 0) return '';
  const cut = untested.filter((f) => f.untested === CUT_SHORT).length;
  const thin = untested.length - cut;
  const reasons = [
    ...(cut > 0 ? [`for ${cut} the data's edges cut their look-back or follow-up short around the marker`] : []),
    ...(thin > 0 ? [`${thin} had too few usable weeks around the marker, or did not vary`] : []),
  ];
  return ` ${untested.length} could not be ${verb}: ${reasons.join('; ')}.`;
}

/**
 * The 'series' model's words: estimates only, never a verdict ("changed", "went up" are the default's): how far each
 * measure sat after the marker from where its earlier trend and season would have put it, with its interval.
 */
function exploratorySentence(findings: readonly Finding[], tested: number, alpha: number): Told {
  if (tested === 0) {
    const reason = findings.find((f) => f.untested !== null)?.untested ?? '';
    return alone(/too little data either side to tell/.test(reason)
      ? `No measure could be estimated: too little data either side of the marker (${reason.replace(/: too little data either side to tell$/, '')}). ${EXPLORATORY_CAVEAT}`
      : `No measure could be estimated: too few usable weeks of data around the marker. ${EXPLORATORY_CAVEAT}`);
  }
  const verdict = `Exploratory estimates, no verdict: how far each measure sat after the marker from where its earlier trend and season would have put it.`;
  const method = `${tested} measure${tested === 1 ? '' : 's'} estimated, each interval as wide as Holm's correction at ${Math.round(alpha * 100)}% overall across them would make it.${notTestedText(findings, 'estimated')} ${EXPLORATORY_CAVEAT}`;
  return { sentence: `${verdict} ${method}`, verdict, method };
}

/** A decision in full (`sentence`) and as the page splits it: the verdict in one sentence, then the method. */
interface Told {
  sentence: string;
  verdict: string;
  method: string;
}

/** A decision that is one sentence already (nothing was tested): the verdict, with no method to add. */
const alone = (sentence: string): Told => ({ sentence, verdict: sentence, method: '' });

/** The verdict in one sentence: the lead, the measures that changed and which way (their figures are on their own lines), the rest. */
function verdictOf(lead: string, changed: readonly Finding[], others: string): string {
  return `${lead}: ${changed.map((f) => `${MEASURE_NAMES[f.measure]} went ${f.direction}`).join('; ')}; ${others.charAt(0).toLowerCase()}${others.slice(1)}.`;
}

/** The sentence of the page, from the findings alone, so it can never say more than they do. */
export function impactSentence(
  findings: readonly Finding[], tested: number, alpha = 0.05, margin: MinimumChangeRule | null = null, maxT: InTimeCalibration | 'max-t' | null = null,
): string {
  return told(findings, tested, alpha, margin, maxT).sentence;
}

/** The sentence and the same words to scan (verdict, a line per measure, method), from the findings alone. */
export function impactReadout(
  findings: readonly Finding[], tested: number, alpha = 0.05, margin: MinimumChangeRule | null = null, maxT: InTimeCalibration | 'max-t' | null = null,
): { sentence: string; readout: ImpactReadout } {
  const { sentence, verdict, method } = told(findings, tested, alpha, margin, maxT);
  return { sentence, readout: { verdict, method, recording: '', measures: findings.map((f) => ({ measure: f.measure, changed: f.changed, text: measureLine(f, margin, maxT === null) })) } };
}

/** One measure's line: what was found, with its estimate and interval, or why it was not tested. */
function measureLine(f: Finding, margin: MinimumChangeRule | null, exploratory: boolean): string {
  const name = `${MEASURE_NAMES[f.measure].charAt(0).toUpperCase()}${MEASURE_NAMES[f.measure].slice(1)}`;
  if (f.untested !== null || f.estimate === null) return `${name}: not ${exploratory ? 'estimated' : 'tested'} (${f.untested ?? 'no estimate'}).`;
  const figures = `${effectText(f.measure, f.estimate)}, interval ${effectText(f.measure, f.lower!)} to ${effectText(f.measure, f.upper!)}`;
  if (exploratory) return `${name}: ${effectText(f.measure, f.estimate)} against its earlier trend and season (interval ${effectText(f.measure, f.lower!)} to ${effectText(f.measure, f.upper!)}; exploratory).`;
  if (f.changed && f.trend) return `${name}: went ${f.direction} at the marker (${figures})${trendNote(f)}.`;
  if (f.changed) {
    return `${name}: went ${f.direction} (${figures}${f.minimumChange !== null ? `; smallest change counted ${effectText(f.measure, f.minimumChange).replace(/^\+/, '')}` : ''}).`;
  }
  if (margin && f.beyondNoise) {
    return `${name}: moved ${effectText(f.measure, f.estimate)} (interval ${effectText(f.measure, f.lower!)} to ${effectText(f.measure, f.upper!)}): beyond the noise, but ${
      margin.rule === 'interval' ? 'not clearly' : 'not'
    } by more than the smallest change counted (${effectText(f.measure, f.minimumChange!).replace(/^\+/, '')}), so not counted as a change.`;
  }
  const unseen =
    f.detectable !== null
      ? `; changes smaller than ${effectText(f.measure, f.detectable).replace(/^\+/, '')} could not be seen here`
      : '';
  return `${name}: no change found (${figures})${unseen}${trendNote(f)}.`;
}

function told(
  findings: readonly Finding[], tested: number, alpha: number, _margin: MinimumChangeRule | null, maxT: InTimeCalibration | 'max-t' | null,
): Told {
  if (maxT !== null) return maxTSentence(findings, tested, alpha, maxT === 'max-t' ? null : maxT);
  return exploratorySentence(findings, tested, alpha);
}
