// Where the recorded line's label goes (audit a13f: it sat on the line where the first months reached the top of
// the chart): above or below a run of points it spans, clear of all of them, inside the plot, or nowhere.
import { describe, expect, it } from 'vitest';
import { FONT_PX, recordedLabelPlace } from '../../../client/src/forecast/fan-chart.js';

const top = 22;
const bottom = 236;
/** points 10 px apart; the label 60 px wide spans 7 of them */
const offset = (k: number) => 10 * k;

/** whether a label at `place` (baseline y, FONT_PX tall, 60 px from point index) clears every point it spans */
function clears(ys: number[], place: { index: number; y: number }): boolean {
  for (let k = place.index; k < ys.length && offset(k) - offset(place.index) <= 60; k++) if (ys[k]! > place.y - FONT_PX - 1 && ys[k]! < place.y + 1) return false;
  return place.y - FONT_PX >= top && place.y <= bottom;
}

describe('recorded line label', () => {
  it('goes above the first points where there is room', () => {
    const ys = [150, 140, 160, 150, 145, 150, 155, 150];
    const place = recordedLabelPlace(ys, top, bottom, 60, offset)!;
    expect(place.index).toBe(0);
    expect(place.y).toBeLessThan(140);
    expect(clears(ys, place)).toBe(true);
  });

  it('goes below them where they reach the top', () => {
    const ys = [30, 22, 40, 30, 25, 30, 35, 30];
    const place = recordedLabelPlace(ys, top, bottom, 60, offset)!;
    expect(place.y).toBeGreaterThan(40);
    expect(clears(ys, place)).toBe(true);
  });

  it("moves along the line where the first points span the whole height (the audit's chart)", () => {
    const ys = [200, 80, 22, 200, 200, 236, 150, 180, 180, 180, 236, 90, 180, 200, 180, 180, 180, 180, 180, 180];
    const place = recordedLabelPlace(ys, top, bottom, 60, offset)!;
    expect(place.index).toBeGreaterThan(0);
    expect(clears(ys, place)).toBe(true);
  });

  it('is left out where no run has room (the heading by the forecast date names the line)', () => {
    const ys = Array.from({ length: 20 }, (_, k) => (k % 2 ? top : bottom));
    expect(recordedLabelPlace(ys, top, bottom, 60, offset)).toBeNull();
    expect(recordedLabelPlace([100, 100], top, bottom, 60, offset)).toBeNull();
  });
});
