import { describe, expect, it } from 'vitest';
import { gatherNodes, nodeColumns, simplifySankey, SUPPRESSED_WIDTH } from '../../../client/src/views/sankey-columns.js';
import type { SankeyInputLink, SankeyInputNode } from '../../../client/src/views/sankey.js';

// A wide pathway graph built here, not from the API: `columns` steps, `perColumn` stations a step,
// every station linking to every station of the next step with counts that shrink down the list, and
// one [c] link per step.
function wideGraph(columns: number, perColumn: number): { nodes: SankeyInputNode[]; links: SankeyInputLink[] } {
  const nodes: SankeyInputNode[] = [];
  const links: SankeyInputLink[] = [];
  for (let c = 0; c < columns; c++) for (let s = 0; s < perColumn; s++) nodes.push({ id: `s${s}@${c}`, name: `Station ${s} (step ${c})`, group: `s${s}` });
  for (let c = 0; c + 1 < columns; c++)
    for (let s = 0; s < perColumn; s++)
      for (let t = 0; t < perColumn; t++) {
        const suppressed = s === perColumn - 1 && t === perColumn - 1;
        links.push({ source: `s${s}@${c}`, target: `s${t}@${c + 1}`, value: suppressed ? null : 5 * (perColumn - s) * (perColumn - t), share: suppressed ? null : 0.1 });
      }
  return { nodes, links };
}

describe('simplifySankey', () => {
  it('gives every node its longest-path column and refuses a cycle', () => {
    const nodes = ['a', 'b', 'c'].map((id) => ({ id, name: id, group: id }));
    const cols = nodeColumns(nodes, [{ source: 'a', target: 'b', value: 5, share: 1 }, { source: 'b', target: 'c', value: 5, share: 1 }, { source: 'a', target: 'c', value: 5, share: 1 }]);
    expect([...cols]).toEqual([['a', 0], ['b', 1], ['c', 2]]);
    expect(() => nodeColumns(nodes, [{ source: 'a', target: 'b', value: 5, share: 1 }, { source: 'b', target: 'a', value: 5, share: 1 }])).toThrow(/circular/);
  });

  it('keeps at most maxColumns columns and maxPerColumn nodes a column, gathering the rest', () => {
    const { nodes, links } = wideGraph(20, 12);
    const s = simplifySankey(nodes, links, { maxColumns: 8, maxPerColumn: 6 });
    expect(s.columns).toBe(8);
    const perColumn = new Map<number, number>();
    for (const n of s.nodes) perColumn.set(n.column, (perColumn.get(n.column) ?? 0) + 1);
    expect(Math.max(...perColumn.values())).toBeLessThanOrEqual(6);
    expect(Math.max(...perColumn.keys())).toBe(7);
    expect(s.nodes.filter((n) => n.column === 7).map((n) => n.name)).toEqual(['Later steps']);
    // The five largest stations of a column are kept by name; the other seven are "Other".
    expect(s.nodes.filter((n) => n.column === 3).map((n) => n.name)).toEqual([0, 1, 2, 3, 4].map((k) => `Station ${k} (step 3)`).concat('Other (7 steps)'));
    expect(s.gathered).toBe(20 * 12 - 7 * 5); // every node not kept by name
    // Every link runs to a later column, so d3-sankey can lay it out.
    const col = new Map(s.nodes.map((n) => [n.id, n.column]));
    for (const l of s.links) expect(col.get(l.target)!).toBeGreaterThan(col.get(l.source)!);
  });

  it('keeps the trips: each column’s bands carry every published trip of the full graph, [c] as a lower bound', () => {
    const { nodes, links } = wideGraph(10, 9);
    const s = simplifySankey(nodes, links, { maxColumns: 6, maxPerColumn: 4 });
    const col = new Map(s.nodes.map((n) => [n.id, n.column]));
    for (let c = 0; c < 4; c++) {
      const drawn = s.links.filter((l) => col.get(l.source) === c);
      const full = links.filter((l) => l.source.endsWith(`@${c}`));
      expect(drawn.reduce((t, l) => t + l.atLeast, 0)).toBe(full.reduce((t, l) => t + (l.value ?? 0), 0));
      expect(drawn.reduce((t, l) => t + l.width, 0)).toBe(full.reduce((t, l) => t + (l.value ?? SUPPRESSED_WIDTH), 0));
      // A gathered band with a [c] part has no count; one without keeps its exact sum.
      const other = drawn.find((l) => l.source === `other@${c}` && l.target === `other@${c + 1}`)!;
      expect(other.value).toBeNull();
      expect(other.merged).toBe(6 * 6);
      const clean = drawn.find((l) => l.source === `s0@${c}` && l.target === `other@${c + 1}`)!;
      expect(clean.value).toBe([3, 4, 5, 6, 7, 8].reduce((t, k) => t + 5 * 9 * (9 - k), 0));
      expect(clean.share).toBeCloseTo(0.6, 10);
    }
  });

  it('leaves a graph that already fits as it is', () => {
    const { nodes, links } = wideGraph(3, 4);
    const s = simplifySankey(nodes, links, { maxColumns: 5, maxPerColumn: 6 });
    expect(s.nodes.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
    expect(s.links.map((l) => [l.source, l.target, l.value])).toEqual(links.map((l) => [l.source, l.target, l.value]));
    expect(s.gathered).toBe(0);
  });
});

describe('gatherNodes', () => {
  it('turns a chain of contacts before an episode into one node, its links out merged and its links inside left out', () => {
    const n = (id: string) => ({ id, name: id, group: id.split('@')[0]! });
    const nodes = ['contact@p1', 'nfa@p2', 'contact@p3', 'referral@1', 'nfa@2'].map(n);
    const links = [
      { source: 'contact@p1', target: 'nfa@p2', value: 40, share: 0.4 },
      { source: 'nfa@p2', target: 'contact@p3', value: 30, share: 0.75 },
      { source: 'contact@p1', target: 'referral@1', value: 60, share: 0.6 },
      { source: 'contact@p3', target: 'referral@1', value: null, share: null },
      { source: 'referral@1', target: 'nfa@2', value: 10, share: 0.2 },
    ];
    const g = gatherNodes(nodes, links, (x) => (x.id.includes('@p') ? 'before@1' : null), (_k, members) => `Before (${members.length})`);
    expect(g.nodes.map((x) => [x.id, x.name])).toEqual([['before@1', 'Before (3)'], ['referral@1', 'referral@1'], ['nfa@2', 'nfa@2']]);
    expect(g.links.map((l) => [l.source, l.target, l.value, l.share])).toEqual([['before@1', 'referral@1', null, null], ['referral@1', 'nfa@2', 10, 0.2]]);
    expect(nodeColumns(g.nodes, g.links).get('nfa@2')).toBe(2);
  });
});
