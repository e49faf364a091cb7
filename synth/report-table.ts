// The fidelity and privacy reports as one table of rows, each with the real figure, the synthetic one,
// the difference, what is allowed and whether it passes: the CLI prints it and the report page shows it,
// from this one function, so both say the same.
import { grammarMessage, GRAMMAR_RULE_CODES } from '../core/grammar.js';
import { FIDELITY_TOLERANCE, type FidelityReport } from './fidelity.js';
import { COPY_MIN_EVENTS, type PrivacyReport } from './privacy.js';
import { publishCount, SUPPRESSED } from '../core/disclosure/policy.js';

export interface ReportRow {
  section: string;
  measure: string;
  real: string;
  synthetic: string;
  difference: string;
  allowed: string;
  /** null: shown for information, not checked */
  pass: boolean | null;
  /** whether the row counts towards the verdict */
  verdict: boolean;
}

export interface ReportTable {
  /** the real data's whole span; `extractFrom` when the data before that day holds only journeys still open on it */
  window: { from: string; to: string; extractFrom: string | null };
  /** the window in words (windowText), as the CLI and the page both say it */
  windowText: string;
  children: { real: number; synthetic: number };
  events: { real: number; synthetic: number };
  /** every rate, median and yearly volume within tolerance and no grammar break */
  fidelityPass: boolean;
  privacyPass: boolean;
  rows: ReportRow[];
}

export const SECTIONS = {
  rates: 'Rates (metrics.md)',
  medians: 'Medians (metrics.md)',
  volumes: 'Volumes per year',
  grammar: 'Journey grammar',
  detail: 'Detail',
  privacy: 'Privacy',
} as const;

const pct = (x: number | null, digits = 1): string => (x === null ? '—' : `${(x * 100).toFixed(digits)}%`);
const signed = (x: number, digits: number, unit: string): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}${unit}`;
const count = (n: number): string => n.toLocaleString('en-GB');
/** "±10%", or "±23.4% (3 SE)" where sampling noise allows more than the fixed tolerance */
const allowedRelative = (tolerance: number, fixed: number): string =>
  tolerance > fixed ? `±${(tolerance * 100).toFixed(1)}% (3 SE)` : `±${fixed * 100}%`;

/** The period a report covers, said in full: its window, and where an extract begins inside it. */
export function windowText(window: FidelityReport['window']): string {
  const span = `${window.from} to ${window.to}`;
  return window.extractFrom ? `${span} (an extract from ${window.extractFrom}: before it, only the journeys still open on that day)` : span;
}

/**
 * The rows of the report. Counts taken from the real data follow the disclosure policy a viewer's figures
 * follow ([c] for 1 to 4, others rounded to 5) unless `exactCounts`.
 */
export function reportTable(f: FidelityReport, p: PrivacyReport, options: { exactCounts: boolean }): ReportTable {
  // The one disclosure policy a viewer's figures follow (core/disclosure/policy.ts): [c] for 1-4, other counts rounded to 5.
  const realCount = (n: number): string => {
    if (options.exactCounts) return count(n);
    const shown = publishCount(n);
    return shown === SUPPRESSED ? shown : count(shown);
  };
  const rows: ReportRow[] = [];
  for (const r of f.rates) {
    rows.push({
      section: SECTIONS.rates, measure: r.key, real: pct(r.real), synthetic: pct(r.synthetic),
      difference: r.differencePoints === null ? '—' : signed(r.differencePoints, 2, ' pts'),
      allowed: `±${r.tolerancePoints.toFixed(2)} pts${r.tolerancePoints > FIDELITY_TOLERANCE.ratePoints ? ' (3 SE)' : ''}`, pass: r.pass, verdict: true,
    });
  }
  for (const m of f.medians) {
    rows.push({
      section: SECTIONS.medians, measure: m.key, real: m.real === null ? '—' : String(m.real), synthetic: m.synthetic === null ? '—' : String(m.synthetic),
      difference: m.relativeDifference === null || !Number.isFinite(m.relativeDifference) ? '—' : signed(m.relativeDifference * 100, 1, '%'),
      allowed: allowedRelative(m.toleranceRelative, FIDELITY_TOLERANCE.medianRelative), pass: m.pass, verdict: true,
    });
  }
  for (const v of f.volumes) {
    rows.push({
      section: SECTIONS.volumes, measure: `${v.measure} ${v.from} to ${v.to}`, real: count(v.real), synthetic: count(v.synthetic),
      difference: v.relativeDifference === null || !Number.isFinite(v.relativeDifference) ? '—' : signed(v.relativeDifference * 100, 1, '%'),
      allowed: allowedRelative(v.toleranceRelative, FIDELITY_TOLERANCE.yearlyVolume), pass: v.pass, verdict: true,
    });
  }
  rows.push({
    section: SECTIONS.grammar, measure: 'events that break the journey grammar', real: realCount(f.grammar.realBreaks), synthetic: count(f.grammar.syntheticBreaks),
    difference: '', allowed: 'none synthetic', pass: f.grammar.pass, verdict: true,
  });
  for (const rule of GRAMMAR_RULE_CODES) {
    const r = f.grammar.real[rule];
    const s = f.grammar.synthetic[rule];
    if (r === 0 && s === 0) continue;
    rows.push({ section: SECTIONS.grammar, measure: `${rule}: ${grammarMessage(rule)}`, real: realCount(r), synthetic: count(s), difference: '', allowed: 'none synthetic', pass: s === 0, verdict: false });
  }
  for (const s of f.monthly.series) {
    rows.push({ section: SECTIONS.detail, measure: `monthly ${s.event}: mean absolute error`, real: '', synthetic: pct(s.meanAbsoluteError), difference: '', allowed: '', pass: s.pass, verdict: false });
  }
  for (const m of f.marginals) {
    rows.push({ section: SECTIONS.detail, measure: `${m.attribute}: total variation distance`, real: '', synthetic: m.totalVariation.toFixed(3), difference: '', allowed: `≤ ${FIDELITY_TOLERANCE.marginalDistance}`, pass: m.pass, verdict: false });
  }
  const ksFails = f.durations.filter((d) => !d.pass);
  rows.push({
    section: SECTIONS.detail, measure: 'step durations within the Kolmogorov–Smirnov bound', real: '', synthetic: `${f.durations.length - ksFails.length} of ${f.durations.length}`,
    difference: ksFails.map((d) => `${d.step} ${d.ks.toFixed(2)}`).join(', '), allowed: '', pass: ksFails.length === 0, verdict: false,
  });
  const j = p.journeys;
  rows.push({
    section: SECTIONS.privacy, measure: `synthetic journeys of ${COPY_MIN_EVENTS}+ events equal to a real one`, real: `${j.expectedByChance.toFixed(1)} by chance`, synthetic: count(j.informativeMatches),
    difference: '', allowed: `≤ ${j.allowed.toFixed(1)}`, pass: j.pass, verdict: true,
  });
  const d = p.dcr;
  rows.push({
    section: SECTIONS.privacy, measure: 'closer to a real child than real children\'s 5th percentile', real: pct(d.realToReal.closeShare), synthetic: pct(d.syntheticToReal.closeShare),
    difference: signed((d.syntheticToReal.closeShare - d.realToReal.closeShare) * 100, 2, ' pts'), allowed: `≤ +${(d.allowedExcess.closeShare * 100).toFixed(2)} pts`, pass: d.syntheticToReal.closeShare <= d.realToReal.closeShare + d.allowedExcess.closeShare, verdict: true,
  });
  rows.push({
    section: SECTIONS.privacy, measure: 'at distance 0 from a real child', real: pct(d.realToReal.zeroShare), synthetic: pct(d.syntheticToReal.zeroShare),
    difference: signed((d.syntheticToReal.zeroShare - d.realToReal.zeroShare) * 100, 2, ' pts'), allowed: `≤ +${(d.allowedExcess.zeroShare * 100).toFixed(2)} pts`, pass: d.syntheticToReal.zeroShare <= d.realToReal.zeroShare + d.allowedExcess.zeroShare, verdict: true,
  });
  rows.push({
    section: SECTIONS.privacy, measure: 'distance to the closest real child: median / 5th percentile', real: `${d.realToReal.median} / ${d.realToReal.p5}`, synthetic: `${d.syntheticToReal.median} / ${d.syntheticToReal.p5}`,
    difference: '', allowed: '', pass: null, verdict: false,
  });
  if (p.smallCells) {
    rows.push({ section: SECTIONS.privacy, measure: `model cells of fewer than ${p.smallCells.minCell} children`, real: '', synthetic: count(p.smallCells.violations.length), difference: '', allowed: '0', pass: p.smallCells.pass, verdict: true });
  }
  rows.push({ section: SECTIONS.privacy, measure: 'synthetic ids equal to real ids', real: '', synthetic: count(p.sharedIds.count), difference: '', allowed: '0', pass: p.sharedIds.pass, verdict: true });
  return {
    window: f.window,
    windowText: windowText(f.window),
    children: { real: f.real.children, synthetic: f.synthetic.children },
    events: { real: f.real.events, synthetic: f.synthetic.events },
    fidelityPass: f.pass,
    privacyPass: p.pass,
    rows,
  };
}

/** The table as plain text, as the CLI prints it. */
export function formatReportTable(t: ReportTable): string {
  const lines = [
    `Synthetic data report, ${t.windowText}: real ${count(t.children.real)} children / ${count(t.events.real)} events; synthetic ${count(t.children.synthetic)} / ${count(t.events.synthetic)}`,
    `Fidelity: ${t.fidelityPass ? 'pass' : 'FAIL'}    Privacy: ${t.privacyPass ? 'pass' : 'FAIL'}`,
  ];
  const width = (key: keyof ReportRow) => Math.max(...t.rows.map((r) => String(r[key]).length));
  const w = { measure: Math.min(60, width('measure')), real: width('real'), synthetic: width('synthetic'), difference: Math.min(14, width('difference')) };
  let section = '';
  for (const r of t.rows) {
    if (r.section !== section) {
      section = r.section;
      lines.push('', section);
    }
    const mark = r.pass === null ? '    ' : r.pass ? 'ok  ' : r.verdict ? 'FAIL' : 'warn';
    const measure = r.measure.length > w.measure ? `${r.measure.slice(0, w.measure - 1)}…` : r.measure.padEnd(w.measure);
    lines.push(`  ${mark} ${measure}  ${r.real.padStart(w.real)}  ${r.synthetic.padStart(w.synthetic)}  ${r.difference.padStart(w.difference)}  ${r.allowed}`.trimEnd());
  }
  return lines.join('\n');
}
