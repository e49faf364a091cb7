import { describe, expect, it } from 'vitest';
import { buildJourneySteps } from '../../../core/analysis/journey-steps.js';
import { sankeyInput, unrollPathways } from '../../../core/analysis/pathways.js';
import { twoPointPathways } from '../../../core/analysis/two-point.js';
import { buildWhereabouts } from '../../../core/whereabouts.js';
import { buildEventTable, day, ev } from './fixtures.js';
import { frontDoor } from './map.js';

const records = [
  // a: a contact that converts, an assessment ending NFA, then a re-referral into episode 2
  ev('a', 'contact', '2023-01-02', 'referral'),
  ev('a', 'referral', '2023-01-03'),
  ev('a', 'assessment_start', '2023-01-04'),
  ev('a', 'assessment_end', '2023-02-01', 'nfa'),
  ev('a', 'referral', '2023-06-01'),
  ev('a', 'assessment_start', '2023-06-02'),
  ev('a', 'assessment_end', '2023-07-01', 'cin'), // moves nobody on this map
  ev('a', 'cin_plan_start', '2023-07-02'),
  // b: a contact closed NFA, never referred
  ev('b', 'contact', '2023-01-10', 'nfa'),
  // c: assessment, S47, then assessment again in the same episode (a repeat visit)
  ev('c', 'referral', '2023-01-05'),
  ev('c', 'assessment_start', '2023-01-06'),
  ev('c', 's47_start', '2023-01-08'),
  ev('c', 'assessment_start', '2023-01-20'),
  // d: assessment then NFA
  ev('d', 'referral', '2023-01-05'),
  ev('d', 'assessment_start', '2023-01-06'),
  ev('d', 'assessment_end', '2023-01-30', 'nfa'),
];
const table = buildEventTable(records);
const steps = buildJourneySteps(table, frontDoor);
const YEAR = { from: day('2023-01-01'), to: day('2023-12-31') };

function linkCounts(p: ReturnType<typeof unrollPathways>): Record<string, number> {
  return Object.fromEntries(p.links.map((l) => [`${l.source} > ${l.target}`, l.count]));
}

describe('unrollPathways', () => {
  it('counts each link by hand: episodes unrolled, a repeat visit gets its own node, a return flows into episode 2', () => {
    const p = unrollPathways(steps, YEAR);
    expect(linkCounts(p)).toEqual({
      'contact@1.1 > referral@1.2': 1,
      'referral@1.2 > assessment@1.3': 1,
      'assessment@1.3 > nfa@1.4': 1,
      'nfa@1.4 > referral@2.1': 1,
      'referral@2.1 > assessment@2.2': 1,
      'assessment@2.2 > cin_plan@2.3': 1,
      'contact@1pre.1 > nfa@1pre.2': 1,
      'referral@1.1 > assessment@1.2': 2,
      'assessment@1.2 > s47@1.3': 1,
      'assessment@1.2 > nfa@1.3': 1,
      's47@1.3 > assessment@1.4': 1,
    });
    expect(p.trips).toBe(5);
    const between = p.links.filter((l) => l.between).map((l) => l.source);
    expect(between).toEqual(['nfa@1.4']);
  });

  it('gives each link its share of the source node', () => {
    const p = unrollPathways(steps, YEAR);
    const link = p.links.find((l) => l.source === 'assessment@1.2' && l.target === 's47@1.3')!;
    expect(link.share).toBe(0.5);
    expect(p.nodes.find((n) => n.id === 'referral@1.1')!.value).toBe(2);
  });

  it('has no cycles, so d3-sankey can lay it out: every link goes to a later (episode, step)', () => {
    const p = unrollPathways(steps, YEAR);
    const order = new Map(p.nodes.map((n) => [n.id, n.episode * 1000 + (n.pre ? 0 : 500) + n.step]));
    for (const l of p.links) expect(order.get(l.target)!).toBeGreaterThan(order.get(l.source)!);
  });

  it('leaves out episodes beyond maxEpisodes and steps beyond maxSteps, and counts them', () => {
    const p = unrollPathways(steps, { ...YEAR, maxEpisodes: 1, maxSteps: 3 });
    expect(p.leftOut.tripsBeyondMaxEpisodes).toBe(1);
    expect(p.leftOut.stepsBeyondMaxSteps).toBe(2); // a's nfa@1.4 and c's assessment@1.4
    expect(Object.keys(linkCounts(p)).some((k) => k.includes('@2'))).toBe(false);
  });

  it('draws trips that start in the window, and only those in the cohort', () => {
    const p = unrollPathways(steps, { from: day('2023-01-05'), to: day('2023-12-31') });
    expect(p.trips).toBe(4); // a's first trip began on 2 January
    expect(linkCounts(p)['nfa@1.4 > referral@2.1']).toBeUndefined();
    const table = buildEventTable(records);
    const onlyB = Uint8Array.from({ length: table.length }, (_, i) => (table.childIds[table.child[i]!] === 'b' ? 1 : 0));
    expect(unrollPathways(buildJourneySteps(table, frontDoor), { ...YEAR, include: onlyB }).trips).toBe(1);
  });

  it('hands d3-sankey fresh objects', () => {
    const p = unrollPathways(steps, YEAR);
    const input = sankeyInput(p);
    (input.links[0] as { source: unknown }).source = { mutated: true };
    expect(typeof p.links[0]!.source).toBe('string');
  });
});

describe('twoPointPathways', () => {
  it('places each child on date A and on date B where the map counts it', () => {
    const where = buildWhereabouts(table, frontDoor);
    const t = twoPointPathways(steps, where, day('2023-01-09'), day('2023-06-15'));
    const counts = Object.fromEntries(t.links.map((l) => [`${l.from}>${l.to}`, l.count]));
    // Places, not latest steps (review v9d finding 3): the old view put c "at Section 47" on 9 Jan, its
    // latest step, although its assessment was open too.
    expect(counts).toEqual({
      'assessment>assessment': 1, // a: assessment on 9 Jan, assessment again (episode 2) on 15 Jun
      'assessment+s47>assessment+s47': 1, // c: its assessment and its S47 (never ended) both stay open
      'assessment>nfa': 1, // d: no open step on 15 Jun, its latest step an exit
      'not_seen>nfa': 1, // b first seen on 10 Jan
    });
    expect(t.children).toBe(4);
    expect(t.atA.stations.find((s) => s.id === 'assessment')!.children).toBe(3);
    expect(t.atA.stations.find((s) => s.id === 's47')!.children).toBe(1);
    expect(t.atA.open).toBe(3);
    expect(t.atB.elsewhere).toEqual([{ id: 'nfa', name: 'NFA', children: 2 }]);
    expect(() => twoPointPathways(steps, where, 10, 5)).toThrow(/date B/);
  });
});
