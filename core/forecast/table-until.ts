// The data as it stood on a date: the rows dated on or before `asOf`, episodes kept as linked. Linking
// only looks back (an event joins the latest referral on or before it), so this is exactly the table an
// import on that date would have built; nothing a forecast fits on can see past its date.
import type { EventTable } from '../event-table.js';

export function tableUntil(table: EventTable, asOf: number): EventTable {
  const keep: number[] = [];
  for (let i = 0; i < table.length; i++) if (table.day[i]! <= asOf) keep.push(i);
  const n = keep.length;
  const childStart = new Int32Array(table.childIds.length + 1);
  for (const i of keep) childStart[table.child[i]! + 1]!++;
  for (let c = 0; c < table.childIds.length; c++) childStart[c + 1]! += childStart[c]!;
  const pick = <T extends Int32Array | Uint8Array>(col: T, make: (n: number) => T): T => {
    const out = make(n);
    keep.forEach((i, k) => (out[k] = col[i]!));
    return out;
  };
  return {
    length: n,
    childIds: table.childIds,
    childStart,
    child: pick(table.child, (k) => new Int32Array(k)),
    type: pick(table.type, (k) => new Uint8Array(k)),
    day: pick(table.day, (k) => new Int32Array(k)),
    seconds: pick(table.seconds, (k) => new Int32Array(k)),
    outcome: pick(table.outcome, (k) => new Uint8Array(k)),
    source: pick(table.source, (k) => new Uint8Array(k)),
    episode: pick(table.episode, (k) => new Int32Array(k)),
    episodeCount: table.episodeCount,
  };
}
