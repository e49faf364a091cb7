// Issue 9 item 3 (audit 9c A): the map's tooltip says when a station's count is short, in the stations
// endpoint's own words (its `note`), and says nothing of it when the count is complete.
import { describe, expect, it } from 'vitest';
import { stationSummary } from '../../../client/src/stations/station-panel.js';
import { frontDoorMap } from '../fixtures.js';

describe('the station tooltip marks a count in its run-in', () => {
  const cp = frontDoorMap().stations.find((s) => s.id === 'cp_plan')!;
  const base = { id: 'cp_plan', waiting: 56, children: 56, medianWaitDays: 60, longestWaitDays: 120, overTarget: 0, pastHorizon: 0 };
  const note = "Incomplete: CP plan on 30 June 2023 misses children who arrived before the data's first day, 1 March 2023; its count is complete from 9 May 2024.";

  it('gives the note when the count is incomplete', () => {
    expect(stationSummary(cp, { ...base, incomplete: true, endsMissing: false, note } as typeof base, '30 June 2023')).toContain(note);
  });

  it('says nothing of it when the count is complete', () => {
    expect(stationSummary(cp, { ...base, incomplete: false, endsMissing: false, note: null } as typeof base, '30 June 2025').join(' ')).not.toMatch(/Incomplete/);
  });
});
