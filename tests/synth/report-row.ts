// The fidelity report's verdict on one row (a median, a year's volume, an open-at-end count), asserted so that a
// failure names the figures: "real 523, synthetic 431, within ±8.0%: false".
import { expect } from 'vitest';

/** What a fidelity report row carries for its verdict (synth/fidelity.ts). */
export interface ReportRow {
  real: number | null;
  synthetic: number | null;
  toleranceRelative: number;
  pass: boolean;
}

/** Expects the report to pass the row; `label` (e.g. the measure) heads the message. */
export function expectReportRowPasses(row: ReportRow, label?: string): void {
  const head = label === undefined ? '' : `${label}: `;
  expect(`${head}real ${row.real}, synthetic ${row.synthetic}, within ±${(100 * row.toleranceRelative).toFixed(1)}%: ${row.pass}`).toMatch(/: true$/);
}
