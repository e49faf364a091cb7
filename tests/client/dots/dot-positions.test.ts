// Where the CPU copy of the shader puts a dot: a dot that entered the map at its station and stays there
// (a first contact, a child in care from the start of the data) waits there from its arrival, like a dot
// that travelled in, and drifts out of its queue once it has waited longer than the station's median.
import { describe, expect, it } from 'vitest';
import { allowAll } from '../../../client/src/dots/cohort-filter.js';
import { DotPositions, type DotTiming } from '../../../client/src/dots/dot-positions.js';
import { prepareQueues } from '../../../client/src/dots/queue-slots.js';
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

describe('DotPositions', () => {
  // Child 0 enters at Contact on day 0 and stays for good. Children 1 and 2 pass through Contact in 2
  // days each (the median wait there); child 3 travels to Referral and stays there.
  const moves = moveColumns([
    { child: 0, from: 'entry', to: contact, depart: 0, arrive: 0 },
    { child: 1, from: 'entry', to: contact, depart: 10, arrive: 10 },
    { child: 2, from: 'entry', to: contact, depart: 20, arrive: 20 },
    { child: 3, from: 'entry', to: contact, depart: 30, arrive: 30 },
    { child: 1, from: contact, to: referral, depart: 10, leave: 2 * DAY + 10, arrive: 2 * DAY + 10 },
    { child: 2, from: contact, to: referral, depart: 20, leave: 2 * DAY + 20, arrive: 2 * DAY + 20 },
    { child: 3, from: contact, to: referral, depart: 30, leave: 2 * DAY + 30, arrive: 2 * DAY + 30 },
  ]);
  const queues = prepareQueues(moves, S, isExit);
  const positions = new DotPositions(moves, queues, packTracks(computeTracks(map)), isExit);

  it('counts the wait of a dot that entered at its station from its arrival, as for a dot that travelled there', () => {
    const at = 30 * DAY - 1;
    const waiting = positions.waitingAt(contact, at, timing, allowAll());
    expect(waiting.map((d) => [d.child, Math.floor(d.waited / DAY)])).toEqual([[0, 29]]);
    const travelled = positions.waitingAt(referral, at, timing, allowAll()).find((d) => d.child === 3)!;
    expect(Math.floor(travelled.waited / DAY)).toBe(27);
  });

  it('drifts such a dot outwards once it has waited longer than the median wait at its station', () => {
    const early = positions.waitingAt(contact, DAY, timing, allowAll())[0]!;
    const late = positions.waitingAt(contact, 30 * DAY, timing, allowAll())[0]!;
    const from = (d: { x: number; y: number }) => Math.hypot(d.x - map.stations[contact]!.x, d.y - map.stations[contact]!.y);
    expect(early.child).toBe(0);
    expect(from(late)).toBeGreaterThan(from(early) + timing.drift);
  });
});
