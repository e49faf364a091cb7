// Proposes a line for every pair of stations a map's rules can move a child between but no segment
// joins (core/track-router.ts), shortest pairs first, each routed round the ones before it, and prints
// them as the map file's line entries; with --write it adds them to the file. Run:
//   npx tsx tests/maps/route-missing.ts maps/front-door.json [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { producibleTransitions, type MapDefinition, type MapLine } from '../../core/map-schema.js';
import { routeSegment } from '../../core/track-router.js';
import { computeTracks, segmentKey } from '../../core/tracks.js';

const file = process.argv[2];
if (!file) throw new Error('usage: route-missing.ts MAP.json [--write]');
const write = process.argv.includes('--write');
const text = readFileSync(file, 'utf8');
const map = JSON.parse(text) as MapDefinition;

/** The line a move into each station takes its name and colour from (the map's own line names). */
function styleFor(from: string, to: string): Pick<MapLine, 'name' | 'colour'> {
  const named = (name: string) => {
    const line = map.lines.find((l) => l.name === name);
    if (!line) throw new Error(`${file}: no line named "${name}" to take a colour from`);
    return { name, colour: line.colour };
  };
  if (to === 'nfa') return named('No further action');
  if (to === 'closed') return named('Closure');
  if (to === 'contact') return named('Back to contact');
  if (to === 'early_help') return named('Early help');
  if (to === 'looked_after' || to === 'care') return named('Into care');
  if (['strategy', 's47', 'icpc', 'cp_plan', 'protection'].includes(to)) return named('Protection');
  const stepDown = map.lines.find((l) => l.name === 'Step down');
  if (stepDown && ['strategy', 's47', 'icpc', 'cp_plan'].includes(from)) return named('Step down');
  return { name: map.lines[0]!.name, colour: map.lines[0]!.colour };
}

const index = (id: string) => map.stations.findIndex((s) => s.id === id);
const position = new Map(map.stations.map((s) => [s.id, s]));
const tracks = computeTracks(map);
const wanted = new Map<number, [string, string]>();
for (const [from, to] of producibleTransitions(map)) {
  const key = segmentKey(index(from), index(to));
  if (tracks.segments.has(key) || wanted.has(key)) continue;
  // Named along the map's station order (the way a journey usually runs), exits always last.
  wanted.set(key, index(from) < index(to) ? [from, to] : [to, from]);
}
const pairs = [...wanted.values()].sort((p, q) => {
  const d = ([x, y]: [string, string]) => Math.hypot(position.get(x)!.x - position.get(y)!.x, position.get(x)!.y - position.get(y)!.y);
  return d(p) - d(q);
});

const added: MapLine[] = [];
for (const [from, to] of pairs) {
  const bends = routeSegment({ ...map, lines: [...map.lines, ...added] }, from, to);
  if (!bends) {
    console.error(`${from} → ${to}: no route keeps clear of the other stations`);
    continue;
  }
  added.push({ id: `${from}_${to}`.replace(/_+/g, '_'), ...styleFor(from, to), path: [from, ...bends, to] });
}
const lines = added.map((l) => `    ${JSON.stringify(l).replace(/,"/g, ', "').replace(/":/g, '": ')}`);
console.log(lines.join(',\n'));
if (write && lines.length > 0) {
  const at = text.indexOf('\n  ],\n  "transitions"');
  if (at < 0) throw new Error(`${file}: cannot find the end of "lines"`);
  writeFileSync(file, `${text.slice(0, at)},\n${lines.join(',\n')}${text.slice(at)}`);
}
