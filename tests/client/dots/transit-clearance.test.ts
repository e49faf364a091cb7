// A travelling dot never passes a station the child is not moving between (issue 8 review v8b,
// finding 1): it leaves its place in the queue straight towards its own station, inside that station's
// queue area, before it follows the track, and arrives the same way. Drawing a move as the track plus a
// queue offset shrinking along the way ran a dot from the edge of a long queue parallel to its track, up
// to 0.45 of the distance to the nearest station off it, 1.3 px from Early help.
//
// Every moving dot of a generated log with long queues (its own generator below, not the app's synth
// nor tests/maps' reference) is sampled through the page's CPU copy of the shader over its whole
// transit, on both shipped maps, and kept 6 screen pixels from every third station at the 1440×900 fit.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { emptyChildAttributes } from '../../../core/children.js';
import { dayFromCivil } from '../../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { ENTRY, buildMoves } from '../../../core/journeys.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { computeTracks } from '../../../core/tracks.js';
import { allowAll } from '../../../client/src/dots/cohort-filter.js';
import { DotPositions, transitLegs, type DotTiming } from '../../../client/src/dots/dot-positions.js';
import { DEFAULT_DOT_STYLE } from '../../../client/src/dots/dot-uniforms.js';
import { hopTimes } from '../../../client/src/dots/hop-order.js';
import { QueueAreas, queueRoom } from '../../../client/src/dots/queue-areas.js';
import { prepareQueues, spreadQueues } from '../../../client/src/dots/queue-slots.js';
import { packTracks } from '../../../client/src/dots/track-texture.js';
import { FITTED_SCALE } from '../../maps/fitted-scales.js';

// The page's dot style (dot-uniforms.ts) is read as shipped; its GPU uniform group is not needed here.
vi.mock('pixi.js', () => ({ UniformGroup: class {} }));

/** Screen pixels per map unit at the 1440×900 fit, rounded down (tests/maps/fitted-scales.ts). */
const FIT_1440 = { 'front-door': FITTED_SCALE['front-door']['1440x900'], 'small-council': FITTED_SCALE['small-council']['1440x900'] } as const;
const CLEARANCE_PX = 6;

/** xorshift32: a PRNG of its own, unlike core/random's and tests/maps' mulberry32. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/**
 * Children arriving in bursts (most of a year's contacts in a few weeks) who then wait long, skewed
 * times (up to 600 days) before each next step, some steps never closed: queues hundreds deep at every
 * station, so queues fill their rooms (queue-areas.ts) and dots leave from
 * their edges towards every station a move can go to.
 */
function longQueueLog(children: number, seed: number) {
  const rand = xorshift(seed);
  const start = dayFromCivil(2022, 1, 3);
  const wait = () => Math.floor(rand() ** 3 * 600);
  const records: EventRecord[] = [];
  for (let c = 0; c < children; c++) {
    const child = `LQ${c}`;
    let day = start + Math.floor(rand() * 40) + (rand() < 0.3 ? Math.floor(rand() * 700) : 0);
    let closed = false;
    const add = (type: EventType, outcome: string | null = null) => {
      if (closed) return;
      records.push({ child, type, day, outcome });
      // Any step may be the last before the case is closed, after a long wait: moves to Closed (and NFA)
      // from every station, across the map.
      if (type !== 'case_closed' && rand() < 0.12) {
        day += wait();
        records.push({ child, type: 'case_closed', day, outcome: 'RC8' });
        closed = true;
      }
    };
    const after = () => {
      day += wait();
    };
    const r = rand();
    add('contact', r < 0.3 ? 'nfa' : r < 0.45 ? 'early_help' : r < 0.55 ? 'advice' : 'referral');
    if (r < 0.3 || (r >= 0.45 && r < 0.55 && rand() < 0.7)) continue;
    if (r < 0.45) {
      after();
      add('early_help_start');
      if (rand() < 0.2) continue; // never closed
      after();
      add('early_help_end');
      continue;
    }
    after();
    add('referral', rand() < 0.15 ? 'nfa' : null);
    if (closed) continue;
    if (records.at(-1)!.outcome === 'nfa') {
      after();
      add('case_closed', 'RC8');
      continue;
    }
    after();
    add('assessment_start');
    const q = rand();
    if (q < 0.1) continue; // the assessment never ends
    if (q < 0.4) {
      after();
      add('strategy_discussion');
      after();
      add('s47_start');
      after();
      add('s47_end', 'icpc');
      after();
      add('icpc', rand() < 0.7 ? 'cp_plan' : 'no_plan');
      after();
      add('assessment_end', 'cin');
      if (!closed && records.at(-2)!.outcome === 'cp_plan') {
        add('cp_plan_start');
        if (rand() < 0.3) {
          after();
          add('cla_start');
          if (rand() < 0.5) continue;
          after();
          add('cla_end', 'E4A');
        } else {
          after();
          add('cp_plan_end');
        }
      }
    } else {
      after();
      add('assessment_end', q < 0.6 ? 'nfa' : q < 0.8 ? 'cin' : 'early_help');
      if (q >= 0.6 && q < 0.8) {
        after();
        add('cin_plan_start');
        if (rand() < 0.3) continue;
        after();
        add('cin_plan_end');
      } else if (q >= 0.8) {
        after();
        add('early_help_start');
        after();
        add('early_help_end');
      }
    }
    after();
    add('case_closed', 'RC6');
  }
  const table = buildEventTable(records);
  return { table, children: emptyChildAttributes(table.childIds.length) };
}

const log = longQueueLog(6000, 20261201);

describe('transitLegs', () => {
  it('walks in from the place at one speed, then the track, then out to the place', () => {
    // 3 units in, 10 along, 4 out: 17 in all.
    expect(transitLegs(0, [3, 0], 10, [0, 4])).toEqual({ along: 0, offset: [3, 0] });
    expect(transitLegs(1.5 / 17, [3, 0], 10, [0, 4])).toEqual({ along: 0, offset: [1.5, 0] });
    expect(transitLegs(8 / 17, [3, 0], 10, [0, 4]).along).toBeCloseTo(0.5);
    expect(transitLegs(8 / 17, [3, 0], 10, [0, 4]).offset).toEqual([0, 0]);
    const out = transitLegs(15 / 17, [3, 0], 10, [0, 4]);
    expect(out.along).toBe(1);
    expect(out.offset[1]).toBeCloseTo(2);
    expect(transitLegs(1, [3, 0], 10, [0, 4])).toEqual({ along: 1, offset: [0, 4] });
  });
});

describe.each(['front-door', 'small-council'] as const)('moving dots on maps/%s.json', (id) => {
  const map = parseMapDefinition(JSON.parse(readFileSync(new URL(`../../../maps/${id}.json`, import.meta.url), 'utf8')), `${id}.json`);
  const S = map.stations.length;
  const isExit = map.stations.map((s) => s.kind === 'exit');

  it(`keep ${CLEARANCE_PX} px at the 1440×900 fit from every station but the two they move between, all along their way`, () => {
    const moves = buildMoves(log.table, log.children, map);
    const queues = prepareQueues(moves, S, isExit);
    const style = DEFAULT_DOT_STYLE;
    const tracks = computeTracks(map);
    spreadQueues(queues, moves, new QueueAreas(map.stations, queueRoom(map.stations, tracks), style.queueSpacing), isExit);
    // The queues are long: the map's queues are shrunk to fit the biggest in its station's room.
    expect(Math.min(...queues.scale)).toBeLessThan(1);
    const positions = new DotPositions(moves, queues, packTracks(tracks), isExit);
    const timing: DotTiming = { hop: style.minTransitSeconds, fade: style.fadeSeconds, spacing: style.queueSpacing, drift: style.driftPerSlowness, maxSlowness: style.maxSlowness };
    const least = CLEARANCE_PX / FIT_1440[id];
    const everyone = allowAll();
    let sampled = 0;
    const tooClose: string[] = [];
    for (let m = 0; m < moves.count; m++) {
      const f = moves.from[m]!;
      const s = moves.to[m]!;
      if (f === ENTRY || f === s) continue;
      const { setOff, arriveShown } = hopTimes(moves.depart[m]!, moves.leave[m]!, moves.arrive[m]!, queues.hops[m]!, timing.hop, false);
      if (!(arriveShown > setOff)) continue;
      for (let i = 0; i < 40; i++) {
        const time = setOff + ((arriveShown - setOff) * i) / 40;
        const dot = positions.at(m, time, timing, everyone);
        if (!dot) continue;
        sampled++;
        map.stations.forEach((station, o) => {
          if (o === f || o === s) return;
          const d = Math.hypot(dot.x - station.x, dot.y - station.y);
          if (d < least && tooClose.length < 5) tooClose.push(`${map.stations[f]!.id}→${map.stations[s]!.id} passes ${station.id} at ${(d * FIT_1440[id]).toFixed(1)} px`);
        });
      }
    }
    expect(sampled).toBeGreaterThan(100_000);
    expect(tooClose).toEqual([]);
  });
});
