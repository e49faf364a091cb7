// The station tooltip's longest wait: a viewer's answer carries the 5th longest (core/disclosure/aggregates.ts
// publishStation), so the words must say so, not call it the longest (one child's own).
import { describe, expect, it } from 'vitest';
import { stationSummary } from '../../../client/src/stations/station-panel.js';
import { frontDoorMap } from '../fixtures.js';

describe('the station tooltip names the longest wait for what it is', () => {
  const map = frontDoorMap();
  const assessment = map.stations.find((s) => s.id === 'assessment')!;
  const answer = { id: 'assessment', waiting: 12, children: 12, medianWaitDays: 20, longestWaitDays: 61, overTarget: 3, pastHorizon: 0 };

  it('says "longest" for exact counts', () => {
    expect(stationSummary(assessment, answer, '1 April 2024')).toContain('median wait 20 days, longest 61 days');
  });

  it('says "the 5 longest … or more" for a viewer', () => {
    const lines = stationSummary(assessment, answer, '1 April 2024', undefined, false, false);
    expect(lines).toContain('median wait 20 days, the 5 longest 61 days or more');
    expect(lines.join(' ')).not.toMatch(/longest 61 days$/m);
  });
});
