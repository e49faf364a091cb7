// Cost quarters as the "What next" page names them: a quarter the forecast only partly covers (its first
// when the forecast starts inside a quarter, its last when it ends inside one) is summed over those months
// only, so its name says which; before, "October to December 2024" named a sum of December alone.
import { describe, expect, it } from 'vitest';
import { bandsCsv, quarterName, quarterShort } from '../../../client/src/forecast/labels.js';

const band = (v: number[]) => ({ p2_5: v, p10: v, p25: v, p50: v, p75: v, p90: v, p97_5: v });

describe('cost quarters', () => {
  it('a whole quarter by its months, a part of one by the months it holds', () => {
    expect(quarterName('2025-Q2')).toBe('April to June 2025');
    expect(quarterName('2025-Q2', ['2025-04', '2025-05', '2025-06'])).toBe('April to June 2025');
    expect(quarterName('2024-Q4', ['2024-12'])).toBe('December 2024 only (of October to December 2024)');
    expect(quarterName('2025-Q4', ['2025-10', '2025-11'])).toBe('October and November 2025 only (of October to December 2025)');
    expect(quarterShort('2025-Q2', ['2025-04', '2025-05', '2025-06'])).toBe('Q2 2025');
    expect(quarterShort('2024-Q4', ['2024-12'])).toBe('Dec 2024');
    expect(quarterShort('2025-Q4', ['2025-10', '2025-11'])).toBe('Oct–Nov 2025');
  });
  it('the CSV of costs lists the months summed in each quarter, in a last column', () => {
    const csv = bandsCsv(['2024-Q4', '2025-Q1'], [{ label: 'forecast', band: band([10, 30]) }], { periodColumn: 'quarter', periodMonths: [['2024-12'], ['2025-01', '2025-02', '2025-03']] }).trim().split('\n');
    expect(csv[0]!.startsWith('quarter,forecast_p2_5')).toBe(true);
    expect(csv[0]!.endsWith(',months')).toBe(true);
    expect(csv[1]!.endsWith(',2024-12')).toBe(true);
    expect(csv[2]!.endsWith(',2025-01 2025-02 2025-03')).toBe(true);
  });
});
