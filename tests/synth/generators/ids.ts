// A log with episode ids for some children only (issue 10: "with and without episode ids"; audit a10c's
// logs gave ids for about 55% of the children): another generator's log with every id of a share of its
// children blanked, as a council whose records come from two systems, one of which never recorded them.
// Those children's rows are then linked by date, as the importer links any row without an id. Children
// are drawn by their own PRNG (a hash of the child id with the seed), whatever their journeys.
import { buildEventTable, type EventTable } from '../../../core/event-table.js';
import { tallyEpisodeIds } from '../../../synth/episode-ids.js';
import type { TestLog } from './log.js';

function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

/** `log` with no episode id on any row of a share `withoutIds` of its children. */
export function withoutIdsFor(log: TestLog, withoutIds: number, seed: number): TestLog {
  const records = log.records.map((r) => (r.episodeId && hash(r.child, seed) < withoutIds ? { ...r, episodeId: null } : r));
  // Children are numbered by first appearance in the records, which are in the same order: attributes stay aligned.
  return { records, table: buildEventTable(records), children: log.children };
}

/** Referred children, those with no episode id on any episode step, and those with ids on some only. */
export function referredWithoutIds(table: EventTable): { referred: number; none: number; some: number } {
  const t = tallyEpisodeIds(table)!;
  return { referred: t.none + t.named + t.unlinkable, none: t.none, some: t.some };
}
