// The whole-years rule of a 1-4-child dataset's window (a viewer sees its dates only as calendar years)
// travels with the span itself: a spread or JSON copy of publishedSpan's answer still widens a window to
// whole years. It was kept in a WeakSet beside the span, by object identity, so a copy lost it and a
// window a day wide dated a child's contact.
import { describe, expect, it } from 'vitest';
import { parseDay, formatDay } from '../../../core/dates.js';
import { isYearsOnlySpan, publishedSpan } from '../../../core/disclosure/aggregates.js';
import { datasetWindow } from '../../../server/routes/dataset-window.js';

const info = { from: '2023-03-14', to: '2023-09-02', children: 3 };
const day = parseDay('2023-05-01')!;
const dayWindow = { from: day, to: day };
const asText = (w: { from: number; to: number }) => `${formatDay(w.from)}..${formatDay(w.to)}`;

describe('the window on a span a viewer sees in calendar years', () => {
  it('is whole years for the span and for any copy of it', () => {
    const span = publishedSpan(info, false);
    expect(span).toMatchObject({ from: '2023-01-01', to: '2023-12-31' });
    for (const copy of [span, { ...span }, JSON.parse(JSON.stringify(span)) as typeof span]) {
      expect(isYearsOnlySpan(copy)).toBe(true);
      expect(asText(datasetWindow('d', copy, dayWindow))).toBe('2023-01-01..2023-12-31');
    }
  });

  it('is the window asked for when counts are exact, or the dataset has 5 children or more', () => {
    for (const span of [publishedSpan(info, true), publishedSpan({ ...info, children: 5 }, false)]) {
      expect(isYearsOnlySpan(span)).toBe(false);
      expect(asText(datasetWindow('d', span, dayWindow))).toBe('2023-05-01..2023-05-01');
    }
  });
});
