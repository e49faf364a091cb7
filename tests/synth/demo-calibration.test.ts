// The demo council `npm start` loads: national figures within tolerance in its window, history before
// the window (so look-backs find earlier referrals and plans), children who were on a plan more likely
// to get another, no trip after the 18th birthday, and fast enough for start-up.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_DATE } from '../../core/children.js';
import { addMonths, dayFromCivil } from '../../core/dates.js';
import { buildEventTable } from '../../core/event-table.js';
import { EV, outcomeCode } from '../../core/events.js';
import { checkJourneys } from '../../core/grammar.js';
import { computeMetrics, prepareMetrics } from '../../core/metrics.js';
import { CALIBRATION_TARGETS, calibrationFigures, type CalibrationKey } from '../../synth/calibration.js';
import { DEFAULT_MODEL } from '../../synth/defaults.js';
import { DEMO_DATA_FROM, DEMO_FROM, DEMO_TO, demoOptions, writeDemoCsv } from '../../synth/demo.js';
import { generateDataset } from '../../synth/output.js';

const demo = generateDataset(DEFAULT_MODEL, demoOptions());
const window = { from: DEMO_FROM, to: DEMO_TO };
const figures = calibrationFigures(demo.table, computeMetrics(prepareMetrics(demo.table), window), DEMO_FROM, DEMO_TO);
// The national ranges are checked on the demo's model and seed at 120,000 children: at the demo's 10,000 the
// share of second CP plans alone spreads 18.7–25.7% over seeds 2018–2022 (README, "Demo calibration"), wider
// than England's 22.1–24.7%, and at 40,000 it still spread 21.8–25.5% over seeds 2018–2023 (mean 23.7%), so
// a smaller draw could only be held to it by choosing a seed.
const large = generateDataset(DEFAULT_MODEL, { ...demoOptions(), children: 120_000 });
const modelFigures = calibrationFigures(large.table, computeMetrics(prepareMetrics(large.table), window), DEMO_FROM, DEMO_TO);
const dir = mkdtempSync(join(tmpdir(), 'demo-calibration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo\'s model (its seed, 120,000 children) against calibration-england.md', () => {
  // The tolerances a few thousand synthetic children can hold (sampling error included).
  const tolerances: Array<[CalibrationKey, number, number]> = [
    ['rereferral_12m', 0.18, 0.27],
    ['cp_plan_second_or_subsequent', 0.221, 0.247],
    ['icpc_to_cp_plan', 0.78, 0.92],
    ['assessment_within_45_wd', 0.8, 0.92],
    ['s47_to_icpc', 0.25, 0.42],
    ['referral_nfa', 0.04, 0.1],
    ['prior_referral_36m', 0.42, 0.62],
    ['contact_to_referral', 0.17, 0.3],
    ['s47_per_referral', 0.28, 0.45],
    ['cp_le_3m', 0.1, 0.22],
    ['cp_3_6m', 0.06, 0.17],
    ['cp_6_12m', 0.35, 0.51],
    ['cp_1_2y', 0.18, 0.32],
    ['cp_gt_2y', 0.015, 0.08],
    ['cla_open_per_referral', 0.07, 0.19],
    ['cla_starts_per_referral', 0.025, 0.08],
    ['cp_open_per_referral', 0.05, 0.11],
  ];
  for (const [key, lo, hi] of tolerances) {
    it(`${key} is within ${lo}–${hi}`, () => {
      expect(modelFigures[key]).not.toBeNull();
      expect(modelFigures[key]!).toBeGreaterThanOrEqual(lo);
      expect(modelFigures[key]!).toBeLessThanOrEqual(hi);
    });
  }

  it('every figure the bench prints is in its stated range, the share of second CP plans too', () => {
    const out = CALIBRATION_TARGETS.filter((t) => !(modelFigures[t.key] !== null && modelFigures[t.key]! >= t.range[0] && modelFigures[t.key]! <= t.range[1]));
    // Its range is the national figure, 22.1–24.7% (review v10 finding 5: the bench's [0.15, 0.32] printed
    // "yes" for 27.6%); the demo of the model before issue 10's refit had 27.3%.
    expect(out.map((t) => t.key)).toEqual([]);
    expect(CALIBRATION_TARGETS.find((t) => t.key === 'cp_plan_second_or_subsequent')!.range).toEqual([0.221, 0.247]);
  });

  it('adoptions are near England\'s share of the periods of care that end (9% in 2024), not the 5% of the age-blind process', () => {
    // On the 120,000-child draw, as the calibration ranges: a 10,000-child demo ends ~155 periods of care in
    // its window, so its share is ±2.5 points of sampling error (seeds 2018-2021 of the model with care
    // leavers' buckets: 13.5, 12.8, 8.2, 11.7%); at 40,000 children seeds 2018 and 1-5 gave 10.4-13.4%
    // (mean 11.6%), main's model before them 8.8-14.4% (mean 11.0%); at 120,000 12.0% (234 of 1,950).
    const { table } = large;
    let ended = 0;
    let adopted = 0;
    const adoption = new Set(['E11', 'E12'].map(outcomeCode));
    for (let i = 0; i < table.length; i++) {
      if (table.type[i] !== EV.cla_end || table.day[i]! < DEMO_FROM || table.day[i]! > DEMO_TO) continue;
      ended++;
      if (adoption.has(table.outcome[i]!)) adopted++;
    }
    expect(ended).toBeGreaterThan(1200);
    expect(adopted / ended).toBeGreaterThanOrEqual(0.07);
    expect(adopted / ended).toBeLessThanOrEqual(0.13);
  });
});

describe('history before the window', () => {
  it('writes three years before the window and nothing before them: journeys under way on that day are left out whole', () => {
    let first = Infinity;
    for (let i = 0; i < demo.table.length; i++) first = Math.min(first, demo.table.day[i]!);
    expect(first).toBe(DEMO_DATA_FROM);
    expect(addMonths(DEMO_FROM, -36)).toBe(DEMO_DATA_FROM);
    expect(demo.table.childIds.length).toBe(demoOptions().children);
  });

  it('the demo CSV holds no episode without its referral: no closure, plan or assessment of an episode begun before it', async () => {
    // Review v10 finding 4: 446 episodes with an id had no referral row (378 only a closure, 66 a CIN
    // plan, 4 an assessment): the cut kept an idle episode's later steps. A real extract may start part-way
    // through an episode, so this is no grammar break; the demo says it leaves such journeys out whole.
    const path = join(dir, 'demo-episodes.csv');
    await writeDemoCsv(path);
    const referred = new Set<string>();
    const episodes = new Set<string>();
    for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
      const [child, event, , episode] = line.split(',');
      if (!episode) continue;
      episodes.add(`${child},${episode}`);
      if (event === 'referral') referred.add(`${child},${episode}`);
    }
    expect(episodes.size).toBeGreaterThan(5_000);
    expect([...episodes].filter((e) => !referred.has(e)).length).toBe(0);
  });

  it('has no event that breaks the journey grammar', () => {
    expect(checkJourneys(demo.table, demo.children.dob).breaks).toEqual([]);
  });

  it('without the burn-in, look-backs find almost nothing: the burn-in is what carries them', () => {
    const fresh = generateDataset(DEFAULT_MODEL, { ...demoOptions(), from: DEMO_FROM, historyFrom: DEMO_FROM });
    const freshFigures = computeMetrics(prepareMetrics(fresh.table), window).rates;
    expect(freshFigures.cp_plan_second_or_subsequent!).toBeLessThan(0.1);
    expect(figures.cp_plan_second_or_subsequent! - freshFigures.cp_plan_second_or_subsequent!).toBeGreaterThan(0.1);
    expect(figures.prior_referral_36m! - freshFigures.prior_referral_36m!).toBeGreaterThan(0.08);
  });

  it('rejects a burn-in that starts after the period', () => {
    expect(() => generateDataset(DEFAULT_MODEL, { ...demoOptions(), historyFrom: DEMO_DATA_FROM + 1 })).toThrow(/historyFrom/);
  });
});

describe('journeys over many years', () => {
  it('a referral of a child who was on a CP plan before leads to a plan far more often', () => {
    const { table } = demo;
    // [referrals that led to a plan, referrals], for children with and without an earlier plan.
    const tally = { after: [0, 0], first: [0, 0] };
    for (let c = 0; c < table.childIds.length; c++) {
      let hadPlan = false;
      let open: number[] | null = null;
      for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
        if (table.type[i] === EV.referral) {
          open = hadPlan ? tally.after : tally.first;
          open[1]!++;
        } else if (table.type[i] === EV.cp_plan_start) {
          if (open) open[0]!++;
          open = null;
          hadPlan = true;
        }
      }
    }
    const rate = (t: number[]) => t[0]! / t[1]!;
    expect(tally.after[1]).toBeGreaterThan(200);
    expect(rate(tally.after)).toBeGreaterThan(2 * rate(tally.first));
  });

  it('no trip starts on or after the 18th birthday, and care ends by it', () => {
    const { table, children } = demo;
    const atEighteen = new Set(['E17', 'E5', 'E6', 'E8'].map(outcomeCode));
    let endedAtEighteen = 0;
    for (let c = 0; c < table.childIds.length; c++) {
      const dob = children.dob[c]!;
      if (dob === NO_DATE) continue;
      const b18 = addMonths(dob, 216);
      for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
        const t = table.type[i]!;
        if (t === EV.contact || t === EV.referral) expect(table.day[i]!).toBeLessThan(b18);
        if (t === EV.cla_start) expect(table.day[i]!).toBeLessThan(b18);
        if (t === EV.cla_end) {
          // By the birthday, or (when the step before came after it) on that step's date.
          if (table.day[i]! > b18) expect(table.day[i]).toBe(table.day[i - 1]);
          // Care cut short by the birthday ends for a reason that fits it (staying put, independent living…).
          if (table.day[i] === b18 && atEighteen.has(table.outcome[i]!)) endedAtEighteen++;
        }
      }
    }
    expect(endedAtEighteen).toBeGreaterThan(0);
  });

  it('writes the default demo quickly enough for start-up', async () => {
    const t0 = performance.now();
    const { rows } = await writeDemoCsv(join(dir, 'demo.csv'));
    expect(rows).toBe(demo.table.length);
    // ~1 s on a quiet laptop; the bound leaves room for a loaded CI machine.
    expect(performance.now() - t0).toBeLessThan(6000);
  });
});

describe('calibrationFigures', () => {
  it('counts children in need, care and plans open at the end, and episode lengths, on a hand-built table', () => {
    const d = (y: number, m: number, day: number) => dayFromCivil(y, m, day);
    const table = buildEventTable([
      // A: referred, closed after 30 days (short episode), referred again and still open.
      { child: 'A', type: 'referral', day: d(2024, 5, 1), outcome: null, source: null },
      { child: 'A', type: 'case_closed', day: d(2024, 5, 31), outcome: 'RC8', source: null },
      { child: 'A', type: 'referral', day: d(2025, 1, 10), outcome: null, source: null },
      // B: referred in 2022, in care since, closed after more than two years: a long episode.
      { child: 'B', type: 'referral', day: d(2022, 1, 5), outcome: null, source: null },
      { child: 'B', type: 'cla_start', day: d(2024, 6, 1), outcome: null, source: null },
      { child: 'B', type: 'case_closed', day: d(2025, 2, 1), outcome: 'RC6', source: null },
      // C: an assessment ending not in need, and a care period still open at the end.
      { child: 'C', type: 'referral', day: d(2024, 7, 1), outcome: null, source: null },
      { child: 'C', type: 'assessment_start', day: d(2024, 7, 2), outcome: null, source: null },
      { child: 'C', type: 'assessment_end', day: d(2024, 8, 1), outcome: 'nfa', source: null },
      { child: 'C', type: 'cla_start', day: d(2024, 9, 1), outcome: null, source: null },
    ]);
    const from = d(2024, 4, 1);
    const to = d(2025, 3, 31);
    const f = calibrationFigures(table, computeMetrics(prepareMetrics(table), { from, to }), from, to);
    expect(f.referrals_per_year).toBe(3);
    expect(f.referrals_per_child).toBe(1.5);
    // Open at the end: A (second referral) and C (no closure) are in need; B's case closed.
    expect(f.cin_open_per_referral).toBeCloseTo(2 / 3);
    expect(f.cla_starts_per_referral).toBeCloseTo(2 / 3);
    expect(f.cla_open_per_referral).toBeCloseTo(2 / 3);
    expect(f.assessed_not_in_need).toBeCloseTo(1 / 3);
    expect(f.cin_ended_le_3m).toBe(0.5);
    expect(f.cin_ended_gt_2y).toBe(0.5);
  });
});
