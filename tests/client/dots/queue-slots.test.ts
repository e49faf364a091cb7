import { describe, expect, it } from 'vitest';
import { capQueues, placeOffset, prepareQueues } from '../../../client/src/dots/queue-slots.js';
import { frontDoorMap, moveColumns, type MoveRow } from '../fixtures.js';

const DAY = 86400;
const isExit = [false, false, true];

describe('prepareQueues', () => {
  // Station 0 (a queue), 1 (a queue), 2 an exit. Children 0, 1, 2 arrive at 0 in turn.
  const moves = moveColumns([
    { child: 0, from: 'entry', to: 0, depart: 0, arrive: 0 },
    { child: 0, from: 0, to: 1, depart: 0, leave: 10 * DAY, arrive: 10 * DAY },
    { child: 1, from: 'entry', to: 0, depart: 1 * DAY, arrive: 1 * DAY },
    { child: 1, from: 0, to: 2, depart: 1 * DAY, leave: 3 * DAY, arrive: 3 * DAY },
    { child: 2, from: 'entry', to: 0, depart: 5 * DAY, arrive: 5 * DAY },
    { child: 0, from: 1, to: 1, depart: 10 * DAY, leave: 20 * DAY, arrive: 20 * DAY },
    { child: 3, from: 'entry', to: 0, depart: 12 * DAY, arrive: 12 * DAY },
  ]);
  const q = prepareQueues(moves, 3, isExit);

  it('gives each dot the lowest free place in its queue, and frees it when the dot leaves', () => {
    // child 0 takes place 0 at station 0, child 1 place 1; child 1 leaves on day 3, so child 2 (day 5)
    // takes place 1; child 0 leaves on day 10, so child 3 (day 12) takes place 0.
    expect(q.slotTo[0]).toBe(0);
    expect(q.slotFrom[1]).toBe(0);
    expect(q.slotFrom[3]).toBe(1);
    expect(q.slotTo[4]).toBe(1);
    expect(q.slotTo[6]).toBe(0);
  });

  it('lands a moving dot on the place its next move waits in, and holds the last moves of a child', () => {
    expect(q.slotTo[1]).toBe(q.slotFrom[5]);
    expect(Array.from(q.hold)).toEqual([0, 0, 0, 0, 1, 0, 1]);
  });

  it('waits in the cohort of the step it arrived for', () => {
    const coloured = moveColumns([
      { child: 0, from: 'entry', to: 0, depart: 0, arrive: 0, cohort: 7 },
      { child: 0, from: 0, to: 1, depart: 0, arrive: 5, cohort: 9 },
    ]);
    expect(Array.from(prepareQueues(coloured, 3, isExit).cohortFrom)).toEqual([7, 7]);
  });

  it('takes each station\'s median wait over the dots that left it', () => {
    // station 0: waits of 10 days and 2 days; station 1: 10 days.
    expect(q.medianWait[0]).toBe(6 * DAY);
    expect(q.medianWait[1]).toBe(10 * DAY);
    expect(q.medianWait[2]).toBe(0);
  });
});

describe('capQueues', () => {
  const map = frontDoorMap();
  const stations = map.stations;
  const exits = stations.map((s) => s.kind === 'exit');
  // the dot style's defaults (dot-uniforms.ts, which needs pixi): spacing 5, drift 6 × 4 times the median
  const spacing = 5;
  const maxDrift = 6 * 4;
  const WAITING = 2000;
  // 2,000 children enter at every station that has a queue and stay there.
  const rows: MoveRow[] = [];
  let c = 0;
  for (let d = 0; d < WAITING; d++) {
    stations.forEach((_, s) => {
      if (!exits[s]) rows.push({ child: c++, from: 'entry', to: s, depart: d * 60, arrive: d * 60 });
    });
  }
  const q = prepareQueues(moveColumns(rows), stations.length, exits);
  capQueues(q, stations, spacing, maxDrift);

  it('keeps every place of a station\'s queue, drifted to the full, nearer its own station than any other', () => {
    let worst = Infinity;
    stations.forEach((own, s) => {
      if (exits[s]) return;
      expect(q.peak[s]).toBe(WAITING);
      const k = q.scale[s]!;
      for (let slot = 0; slot < WAITING; slot++) {
        const [ox, oy] = placeOffset(slot, spacing * k);
        const a = slot * 2.39996323;
        const x = own.x + ox + Math.cos(a) * maxDrift * k;
        const y = own.y + oy + Math.sin(a) * maxDrift * k;
        const toOwn = Math.hypot(x - own.x, y - own.y);
        stations.forEach((other, t) => {
          if (t !== s) worst = Math.min(worst, Math.hypot(x - other.x, y - other.y) - toOwn);
        });
      }
    });
    expect(worst).toBeGreaterThan(0);
  });

  it('leaves a queue that fits in its area at full size', () => {
    const small = prepareQueues(moveColumns([{ child: 0, from: 'entry', to: 0, depart: 0, arrive: 0 }]), stations.length, exits);
    capQueues(small, stations, spacing, maxDrift);
    expect(small.scale[0]).toBe(1);
  });
});
