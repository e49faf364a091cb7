// The maps that ship are the product's first impression: they must validate, look like a tube map
// (octilinear tracks, distinct colours, interchanges where lines meet, everything on the canvas) and
// send a typical journey where a manager expects it.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyChildAttributes } from '../../core/children.js';
import { parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { ENTRY, buildMoves } from '../../core/journeys.js';
import { parseMapDefinition, type MapDefinition } from '../../core/map-schema.js';
import { computeTracks, trackPoints } from '../../core/tracks.js';

const dir = new URL('../../maps/', import.meta.url);
const maps: MapDefinition[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => parseMapDefinition(JSON.parse(readFileSync(new URL(f, dir), 'utf8')), f));
const byId = (id: string) => maps.find((m) => m.id === id)!;

function journey(map: MapDefinition, events: [EventRecord['type'], string, string?][]): string[] {
  const table = buildEventTable(events.map(([type, date, outcome]) => ({ child: 'c', type, day: parseDay(date)!, outcome: outcome ?? null })));
  const moves = buildMoves(table, emptyChildAttributes(1), map);
  return Array.from({ length: moves.count }, (_, i) => {
    const from = moves.from[i]!;
    return `${from === ENTRY ? 'entry' : map.stations[from]!.id}>${map.stations[moves.to[i]!]!.id}`;
  });
}

describe.each(['front-door', 'small-council'])('maps/%s.json', (id) => {
  const map = byId(id);
  const tracks = computeTracks(map);
  const S = map.stations.length;

  it('joins every pair of stations along drawn lines, octilinear all the way', () => {
    for (let a = 0; a < S; a++) {
      for (let b = 0; b < S; b++) {
        if (a === b) continue;
        const points = trackPoints(tracks, a, b);
        let along = 0;
        for (let i = 1; i < points.length; i++) {
          const dx = Math.abs(points[i]![0] - points[i - 1]![0]);
          const dy = Math.abs(points[i]![1] - points[i - 1]![1]);
          expect(dx === 0 || dy === 0 || Math.abs(dx - dy) < 1e-3, `${map.stations[a]!.id}→${map.stations[b]!.id}`).toBe(true);
          along += Math.hypot(dx, dy);
        }
        expect(tracks.lengths[a * S + b]).toBeCloseTo(along, 2);
      }
    }
  });

  it('gives every line its own colour', () => {
    const colours = map.lines.map((l) => l.colour.toLowerCase());
    expect(new Set(colours).size).toBe(colours.length);
  });

  it('marks as interchange every non-exit station where two or more lines meet, and only those', () => {
    for (const s of map.stations) {
      const lines = map.lines.filter((l) => l.path.includes(s.id)).length;
      if (s.kind !== 'exit') expect(s.kind, s.id).toBe(lines >= 2 ? 'interchange' : 'station');
    }
  });

  it('keeps every station and label anchor on the canvas', () => {
    for (const s of map.stations) {
      const lx = s.x + (s.label?.dx ?? 0);
      const ly = s.y + (s.label?.dy ?? 0);
      for (const [x, y] of [[s.x, s.y], [lx, ly]] as const) {
        expect(x, s.id).toBeGreaterThan(0);
        expect(x, s.id).toBeLessThan(map.width);
        expect(y, s.id).toBeGreaterThan(0);
        expect(y, s.id).toBeLessThan(map.height);
      }
    }
  });

  it('ends trips only at exits, and has NFA and Closed exits', () => {
    expect(map.stations.filter((s) => s.kind === 'exit').map((s) => s.id).sort()).toEqual(['closed', 'nfa']);
  });
});

describe('maps/front-door.json', () => {
  const map = byId('front-door');

  it('has the front-door stations', () => {
    expect(map.stations.map((s) => s.name)).toEqual([
      'Contact', 'Early help', 'Referral', 'Assessment', 'Strategy discussion', 'Section 47', 'ICPC', 'CP plan',
      'CIN plan', 'Looked after', 'NFA', 'Closed',
    ]);
  });

  it('sends a section 47 journey through strategy, S47, ICPC and CP plan into care', () => {
    expect(
      journey(map, [
        ['contact', '2024-01-01', 'referral'],
        ['referral', '2024-01-02'],
        ['strategy_discussion', '2024-01-03'],
        ['s47_start', '2024-01-03'],
        ['s47_end', '2024-01-20', 'icpc'],
        ['icpc', '2024-01-30', 'cp_plan'],
        ['cp_plan_start', '2024-01-30'],
        ['cla_start', '2024-05-01'],
        ['cla_end', '2025-05-01', 'E4A'],
      ]),
    ).toEqual([
      'entry>contact', 'contact>referral', 'referral>strategy', 'strategy>s47', 's47>icpc', 'icpc>cp_plan',
      'cp_plan>looked_after', 'looked_after>closed',
    ]);
  });

  it('sends early help contacts to Early help and closes them', () => {
    expect(journey(map, [['contact', '2024-01-01', 'early_help'], ['early_help_end', '2024-03-01']])).toEqual([
      'entry>contact', 'contact>early_help', 'early_help>closed',
    ]);
  });
});

describe('maps/small-council.json', () => {
  it('merges strategy, S47, ICPC and CP plan into one Child protection station', () => {
    const map = byId('small-council');
    expect(
      journey(map, [
        ['referral', '2024-01-02'],
        ['strategy_discussion', '2024-01-03'],
        ['s47_start', '2024-01-03'],
        ['icpc', '2024-01-30', 'cp_plan'],
        ['cp_plan_start', '2024-01-30'],
        ['cp_plan_end', '2024-09-30'],
        ['case_closed', '2024-09-30', 'RC4'],
      ]),
    ).toEqual(['entry>referral', 'referral>protection', 'protection>closed']);
  });
});
