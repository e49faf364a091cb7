// Benchmark data: exactly N moves drawn throughout a 5-day window, made from the dataset's own
// transitions and cohorts (cycled when the dataset has fewer moves), in typed arrays like the wire's.
// A dot travels a segment only in its hop, within one day (hop-order.ts: a step that ended on an
// earlier day is off the map until the hop), so each dot waits at its station until its day of the
// window, travels for almost the whole of that day, then stays at its next station: at any moment a
// fifth of the N dots are travelling and the rest wait (before issue 8's review v8c every dot was in
// transit for the whole window).
import { ENTRY, type MoveColumns } from '../../../core/journeys.js';

const DAY = 86400;
/** the benchmark starts at this time; every synthetic move is in flight from here for BENCH_WINDOW */
export const BENCH_START = 400 * DAY;
export const BENCH_WINDOW = 5 * DAY;

export function synthesiseInFlight(source: MoveColumns, n: number, stationCount: number): MoveColumns {
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench: N must be a positive integer, got ${n}`);
  const real: number[] = [];
  for (let i = 0; i < source.count && real.length < 1_000_000; i++) if (source.from[i] !== ENTRY && source.from[i] !== source.to[i]) real.push(i);
  const out: MoveColumns = {
    count: n,
    originDay: source.originDay,
    child: new Uint32Array(n),
    episode: new Uint8Array(n),
    from: new Uint8Array(n),
    to: new Uint8Array(n),
    depart: new Uint32Array(n),
    leave: new Uint32Array(n),
    arrive: new Uint32Array(n),
    cohort: new Uint16Array(n),
  };
  for (let i = 0; i < n; i++) {
    // Departures spread evenly over the 10 days before the window (so sorted), arrivals after it.
    out.depart[i] = BENCH_START - 15 * DAY + Math.floor((i / n) * 10 * DAY);
    out.child[i] = i;
    if (real.length > 0) {
      const j = real[i % real.length]!;
      out.from[i] = source.from[j]!;
      out.to[i] = source.to[j]!;
      out.episode[i] = source.episode[j]!;
      out.cohort[i] = source.cohort[j]!;
    } else {
      // A dataset with no moves between stations: cycle through station pairs.
      const from = i % stationCount;
      out.from[i] = from;
      out.to[i] = (from + 1) % stationCount;
      out.episode[i] = 1;
    }
    // Its day of the window: it sets off at 00:00 and arrives at 23:50.
    const day = BENCH_START + (i % 5) * DAY;
    out.leave[i] = day;
    out.arrive[i] = day + DAY - 600;
  }
  return out;
}
