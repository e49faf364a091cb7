import { describe, expect, it } from 'vitest';
import { intersects, layoutLabels, type LabelForm, type LabelStation } from '../../../client/src/map/label-layout.js';

/** Text measured as a fixed-pitch font: `em` units per character, lines of 1.2 em. */
const monospace = (em: number) => (text: string) => {
  const lines = text.split('\n');
  return { width: Math.max(...lines.map((l) => l.length)) * em * 0.6, height: lines.length * em * 1.2 };
};

const textOf = (stations: LabelStation[], counts: number[]) => (s: number, form: LabelForm) => {
  const st = stations[s]!;
  const name = form === 'full' ? st.name : (st.short ?? st.name);
  return `${name}${form === 'stacked' ? '\n' : ' · '}${counts[s]}`;
};

/** A row of stations `gap` apart, labels above (the map file's placement), long names with short ones. */
function row(gap: number): LabelStation[] {
  const names: [string, string][] = [['Strategy discussion', 'Strategy'], ['Section 47', 'S47'], ['ICPC', 'ICPC'], ['CP plan', 'CP plan']];
  return names.map(([name, short], i) => ({ x: 100 + i * gap, y: 200, name, short, label: { dx: 0, dy: -26, anchor: 'middle' } }));
}

const noTwoTouch = (boxes: { x0: number; y0: number; x1: number; y1: number }[]) =>
  boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => intersects(a, b))).length === 0;

describe('layoutLabels', () => {
  it('keeps the map file\'s placement and full names where they fit', () => {
    const stations = row(400);
    const layout = layoutLabels(stations, { textOf: textOf(stations, [8, 68, 0, 84]), measure: monospace(17), markRadius: 13, gap: 2 });
    expect(layout.form).toBe('full');
    expect(layout.clashes).toBe(0);
    expect(layout.placements.map((p) => [p.text, p.x, p.y, p.anchor])).toEqual([
      ['Strategy discussion · 8', 100, 174, 'middle'],
      ['Section 47 · 68', 500, 174, 'middle'],
      ['ICPC · 0', 900, 174, 'middle'],
      ['CP plan · 84', 1300, 174, 'middle'],
    ]);
  });

  it('switches every label to its short name when full names would touch, and no two labels touch', () => {
    const stations = row(160);
    const layout = layoutLabels(stations, { textOf: textOf(stations, [8, 68, 0, 84]), measure: monospace(40), markRadius: 20, gap: 4 });
    expect(layout.form).not.toBe('full');
    expect(layout.clashes).toBe(0);
    expect(layout.placements[1]!.text).toMatch(/^S47/);
    expect(noTwoTouch(layout.placements.map((p) => p.box))).toBe(true);
    // No label covers a station.
    for (const p of layout.placements) for (const s of stations) expect(intersects(p.box, { x0: s.x - 20, y0: s.y - 20, x1: s.x + 20, y1: s.y + 20 })).toBe(false);
  });

  it('moves a name off its own station\'s mark when the map file\'s placement reaches it (a name grown for a small map)', () => {
    // "Early help": placed left of its ring, its right end 16 units from the centre; drawn at 1.5 times
    // its size with 3 units of clear space, the placement would cover the ring (13 units) by 2.
    const stations: LabelStation[] = [{ x: 300, y: 200, name: 'Early help', label: { dx: -12, dy: 5, anchor: 'end' } }];
    const layout = layoutLabels(stations, { textOf: textOf(stations, [230]), measure: monospace(25), markRadius: 13, gap: 3 });
    expect(layout.form).toBe('full');
    expect(layout.clashes).toBe(0);
    const [p] = layout.placements;
    expect(intersects(p!.box, { x0: 287, y0: 187, x1: 313, y1: 213 })).toBe(false);
  });

  it('places full names round their station when the map file gives no placement (a turned map)', () => {
    const stations = row(400).map(({ label: _label, ...s }) => s);
    const layout = layoutLabels(stations, { textOf: textOf(stations, [8, 68, 0, 84]), measure: monospace(17), markRadius: 13, gap: 2 });
    expect(layout.form).toBe('full');
    expect(layout.clashes).toBe(0);
    for (const p of layout.placements) for (const s of stations) expect(intersects(p.box, { x0: s.x - 13, y0: s.y - 13, x1: s.x + 13, y1: s.y + 13 })).toBe(false);
  });

  it('keeps labels inside the view, sliding one in over its station at the edge', () => {
    const stations = row(400);
    const view = { x0: 60, y0: 0, x1: 1400, y1: 400 };
    const layout = layoutLabels(stations, { textOf: textOf(stations, [8, 68, 0, 84]), measure: monospace(17), markRadius: 13, gap: 2, view });
    expect(layout.form).toBe('full');
    expect(layout.clashes).toBe(0);
    for (const p of layout.placements) expect(p.box.x0 >= view.x0 && p.box.x1 <= view.x1).toBe(true);
    const first = layout.placements[0]!;
    expect(first.box.x0).toBeLessThanOrEqual(stations[0]!.x);
  });

  it('zoomed in, a station off screen does not push the others out of their full names', () => {
    const stations = row(400);
    const view = { x0: 300, y0: 0, x1: 1400, y1: 400 };
    const layout = layoutLabels(stations, { textOf: textOf(stations, [8, 68, 0, 84]), measure: monospace(17), markRadius: 13, gap: 2, view });
    expect(layout.form).toBe('full');
    expect(layout.clashes).toBe(0);
  });

  it('says so when no form fits (stations on top of each other), rather than claiming a clean layout', () => {
    const stations = row(1);
    const layout = layoutLabels(stations, { textOf: textOf(stations, [1, 2, 3, 4]), measure: monospace(40), markRadius: 20, gap: 4 });
    expect(layout.clashes).toBeGreaterThan(0);
    expect(layout.clashing.length).toBeGreaterThan(0);
  });
});
