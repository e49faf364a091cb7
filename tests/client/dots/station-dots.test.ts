// The dots waiting at each station at the end of the day shown (issue 8 fix 2, item 5): counted and
// measured from the same placement the shader makes, once per day and filter, however many refreshes
// (tooltips, pans, zooms, answers) ask for them.
import { describe, expect, it } from 'vitest';
import { allowAll } from '../../../client/src/dots/cohort-filter.js';
import { DotPositions, type DotTiming } from '../../../client/src/dots/dot-positions.js';
import { prepareQueues } from '../../../client/src/dots/queue-slots.js';
import { StationDotsCache } from '../../../client/src/dots/station-dots.js';
import { packTracks } from '../../../client/src/dots/track-texture.js';
import { computeTracks } from '../../../core/tracks.js';
import { frontDoorMap, moveColumns } from '../fixtures.js';

const DAY = 86400;
const map = frontDoorMap();
const S = map.stations.length;
const isExit = map.stations.map((s) => s.kind === 'exit');
const contact = map.stations.findIndex((s) => s.id === 'contact');
const referral = map.stations.findIndex((s) => s.id === 'referral');
const timing: DotTiming = { hop: 3600, fade: 3600, spacing: 4, drift: 6, maxSlowness: 4 };

describe('StationDotsCache', () => {
  const moves = moveColumns([
    { child: 0, from: 'entry', to: contact, depart: 0, arrive: 0 },
    { child: 1, from: 'entry', to: contact, depart: 10, arrive: 10 },
    { child: 2, from: 'entry', to: contact, depart: 20, arrive: 20, cohort: 1 },
    { child: 1, from: contact, to: referral, depart: 10, leave: 2 * DAY + 10, arrive: 2 * DAY + 10 },
  ]);
  const positions = new DotPositions(moves, prepareQueues(moves, S, isExit), packTracks(computeTracks(map)), isExit);

  it('counts the dots waiting at each station and how far the farthest sits, as the dots are placed', () => {
    const cache = new StationDotsCache(positions, map.stations);
    const end = 10 * DAY - 1;
    const { here, extent } = cache.at(end, timing, allowAll(), 'all');
    const placed = positions.all(end, timing, allowAll()).filter((d) => d.station >= 0);
    expect(here[contact]).toBe(placed.filter((d) => d.station === contact).length);
    expect(here[contact]).toBe(2);
    expect(here[referral]).toBe(1);
    const far = Math.max(...placed.filter((d) => d.station === contact).map((d) => Math.hypot(d.x - map.stations[contact]!.x, d.y - map.stations[contact]!.y)));
    expect(extent[contact]).toBeCloseTo(far, 6);
    expect(extent[contact]).toBeGreaterThan(0);
  });

  it('places the dots once per day and filter, however often it is asked', () => {
    const cache = new StationDotsCache(positions, map.stations);
    const end = 10 * DAY - 1;
    for (let k = 0; k < 20; k++) cache.at(end, timing, allowAll(), 'all');
    expect(cache.computed).toBe(1);
    cache.at(11 * DAY - 1, timing, allowAll(), 'all');
    expect(cache.computed).toBe(2);
    const noSecondCohort = { ...allowAll(), age: allowAll().age & ~1 };
    cache.at(11 * DAY - 1, timing, noSecondCohort, 'age:not-0');
    expect(cache.computed).toBe(3);
    cache.at(11 * DAY - 1, timing, noSecondCohort, 'age:not-0');
    expect(cache.computed).toBe(3);
  });
});
