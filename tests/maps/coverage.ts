// How well a map's tracks cover the moves children make: walking logs with every pair treated as joined
// (so a move is the child's real step, not a jump the map forced), it counts the moves between two
// stations that no segment joins, and the moves whose segment passes near a third station. Used by the
// shipped-maps test and printed per map by `npx tsx tests/maps/coverage-report.ts`.
import type { ChildAttributes } from '../../core/children.js';
import { dayFromCivil } from '../../core/dates.js';
import type { EventTable } from '../../core/event-table.js';
import { compileMap } from '../../core/journey-walk.js';
import { ENTRY, buildMoves } from '../../core/journeys.js';
import type { MapDefinition } from '../../core/map-schema.js';
import { computeTracks, distanceToPolyline, segmentKey, trackPoints } from '../../core/tracks.js';
import { DEFAULT_MODEL } from '../../synth/defaults.js';
import { generateDataset } from '../../synth/output.js';
import { emptyChildAttributes } from '../../core/children.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { EVENT_TYPES, SOURCE_CODES, outcomeName, type EventType } from '../../core/events.js';
import { awkwardLog } from '../core/awkward-log.js';
import { censusLog } from '../synth/generators/census.js';
import { countyLog } from '../synth/generators/county.js';
import { growingLog } from '../synth/generators/growing.js';
import { mulberry32, referenceDataset } from './reference-generator.js';
import { reviewLog, sameDayOrders } from '../core/review-log.js';

export interface NamedLog {
  name: string;
  table: EventTable;
  children: ChildAttributes;
}

/** A move counts as passing a third station when its track comes closer than this (design px). */
export const PASSING_DISTANCE = 6;

/**
 * Logs from every independent generator in tests/ (each with its own structure and PRNG), several seeds
 * each, plus the demo's synthetic model. `awkward` adds the deliberately broken "who is where" logs.
 */
export function independentLogs(options: { children?: number; seeds?: readonly number[]; awkward?: boolean } = {}): NamedLog[] {
  const children = options.children ?? 3000;
  const seeds = options.seeds ?? [3, 17, 29];
  const from = dayFromCivil(2019, 4, 1);
  const to = dayFromCivil(2024, 3, 31);
  const out: NamedLog[] = [];
  for (const seed of seeds) {
    out.push({ name: `county#${seed}`, ...countyLog({ children, from, to, seed }) });
    out.push({ name: `census#${seed}`, ...censusLog({ children, from, to, seed }) });
    out.push({ name: `growing#${seed}`, ...growingLog({ children, from, to, seed }) });
    out.push({ name: `reference#${seed}`, ...referenceDataset({ children, from, to, seed }) });
    // The round-3 review's generator, its rows as generated and sorted by event name within a day.
    for (const { name, records } of sameDayOrders(reviewLog(seed, children).records).slice(0, 2)) {
      const table = buildEventTable(records);
      out.push({ name: `review#${seed} ${name}`, table, children: emptyChildAttributes(table.childIds.length) });
    }
    if (options.awkward) {
      const log = awkwardLog({ children, firstDay: from, lastDay: to, seed });
      const table = buildEventTable(log.records);
      const attributes = emptyChildAttributes(table.childIds.length);
      out.push({ name: `awkward#${seed}`, table, children: attributes });
    }
  }
  const demo = generateDataset(DEFAULT_MODEL, { children, from, to, historyFrom: dayFromCivil(2014, 4, 1), seed: seeds[0]! });
  out.push({ name: `demo-model#${seeds[0]}`, table: demo.table, children: demo.children });
  return out;
}

/**
 * The logs with steps missing for some children, as in data with gaps (the review of issue 8 took its
 * log and dropped assessments for 30% of children, S47s for 30% and ICPCs for 20%): moves then skip a
 * step (referral → CIN plan, S47 → CP plan, strategy → ICPC), each of which needs its own segment.
 */
export function gappyLogs(logs: readonly NamedLog[]): NamedLog[] {
  const drops: [readonly EventType[], number][] = [
    [['assessment_start', 'assessment_end'], 0.3],
    [['s47_start', 's47_end'], 0.3],
    [['icpc'], 0.2],
  ];
  return logs.map((log, li) => {
    const { table } = log;
    const rand = mulberry32(1009 + li);
    const dropped = table.childIds.map(() => new Set(drops.flatMap(([types, share]) => (rand() < share ? types : []))));
    const records: EventRecord[] = [];
    for (let i = 0; i < table.length; i++) {
      const type = EVENT_TYPES[table.type[i]!]!;
      if (dropped[table.child[i]!]!.has(type)) continue;
      records.push({
        child: table.childIds[table.child[i]!]!,
        type,
        day: table.day[i]!,
        seconds: table.seconds[i]!,
        episodeId: table.episode[i]! < 0 ? null : `e${table.episode[i]}`,
        outcome: outcomeName(table.outcome[i]!),
        source: table.source[i]! === 0 ? null : SOURCE_CODES[table.source[i]! - 1]!,
      });
    }
    // Children keep their indices: every child has a row left (contacts and referrals are never dropped).
    const gappy = buildEventTable(records);
    const children = gappy.childIds.length === table.childIds.length ? log.children : emptyChildAttributes(gappy.childIds.length);
    return { name: `gappy ${log.name}`, table: gappy, children };
  });
}

export interface Coverage {
  /** moves from one station to a different one (entries and exits from the map excluded) */
  between: number;
  /** of those, moves between two stations no segment joins, by "from→to" */
  missing: Map<string, number>;
  /** of those, moves whose track passes within PASSING_DISTANCE of a third station, by "from→to (station)" */
  passing: Map<string, number>;
  /** every pair moved between, with its count */
  pairs: Map<string, number>;
}

export function sumOf(counts: Map<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

/** Counts, over the logs, the moves the map cannot draw on a track of their own. */
export function measureCoverage(map: MapDefinition, logs: readonly NamedLog[]): Coverage {
  const S = map.stations.length;
  const tracks = computeTracks(map);
  // Walk as if every pair were joined, so a missing segment shows as the move the child made.
  const all = new Set<number>();
  for (let a = 0; a < S; a++) for (let b = 0; b < S; b++) all.add(segmentKey(a, b));
  const compiled = { ...compileMap(map), joined: all };
  const passes: string[][] = [];
  for (let a = 0; a < S; a++) {
    for (let b = 0; b < S; b++) {
      const points = trackPoints(tracks, a, b);
      passes.push(
        points.length < 2 || a === b
          ? []
          : map.stations.filter((s, k) => k !== a && k !== b && distanceToPolyline([s.x, s.y], points) < PASSING_DISTANCE).map((s) => s.id),
      );
    }
  }
  const coverage: Coverage = { between: 0, missing: new Map(), passing: new Map(), pairs: new Map() };
  const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const log of logs) {
    const moves = buildMoves(log.table, log.children, map, { compiled });
    for (let i = 0; i < moves.count; i++) {
      const [a, b] = [moves.from[i]!, moves.to[i]!];
      if (a === ENTRY || a === b) continue;
      coverage.between++;
      const name = `${map.stations[a]!.id}→${map.stations[b]!.id}`;
      bump(coverage.pairs, name);
      if (!tracks.segments.has(segmentKey(a, b))) bump(coverage.missing, name);
      for (const station of passes[a * S + b]!) bump(coverage.passing, `${name} (${station})`);
    }
  }
  return coverage;
}
