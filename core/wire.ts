// The binary transport of moves (GET /api/datasets/:name/moves), columnar so the client can hand the
// columns to the GPU as they arrive, with no parsing and no copy.
//
// Format "JMV1" (all integers little-endian):
//   bytes 0–3   ASCII "JMV1"
//   bytes 4–7   uint32 H, the header's length in bytes
//   bytes 8…    H bytes of UTF-8 JSON, the MovesHeader:
//                 { version: 2, count, originDay, mapId, stationIds,
//                   columns: [{ name, type: "u8" | "u16" | "u32", offset }],
//                   transitions: [{ from, to, count, medianSeconds }] }
//               then zero bytes up to a multiple of 4
//   columns     each `count` values long, in header order: depart u32, leave u32, arrive u32,
//               child u32, cohort u16, from u8, to u8, episode u8; each starts at its `offset` (bytes
//               from the start of the buffer, a multiple of 4) and is zero-padded to a multiple of 4.
// depart/leave/arrive are seconds since the start of day number `originDay` (days since 1970-01-01):
// the dot waits at `from` from depart to leave, then travels to `to`, arriving at arrive
// (journey-walk.ts). from/to index `stationIds`, from = 255 marks an entry onto the map, from = to a
// dot leaving the map; child indexes the dataset's children (no identifiers travel); cohort holds
// journeys.ts packCohort bits; episode is the trip number. `transitions` lists every (from, to) pair
// with at least one move between two stations: how many, and the median of arrive − depart in seconds
// (mean of the middle two for an even count). A move costs 21 bytes plus at most 3 of padding per column.
import { ENTRY, type MoveColumns } from './journeys.js';

export interface MovesHeader {
  version: typeof MOVES_FORMAT_VERSION;
  count: number;
  originDay: number;
  mapId: string;
  stationIds: string[];
  columns: { name: string; type: 'u8' | 'u16' | 'u32'; offset: number }[];
  transitions: { from: number; to: number; count: number; medianSeconds: number }[];
}

const MAGIC = 'JMV1';
/** Bumped whenever what a move means changes: stored moves of another version are rebuilt. */
export const MOVES_FORMAT_VERSION = 3;
type ColumnName = 'depart' | 'leave' | 'arrive' | 'child' | 'cohort' | 'from' | 'to' | 'episode';
const COLUMN_TYPES: readonly (readonly [ColumnName, 'u8' | 'u16' | 'u32'])[] = [
  ['depart', 'u32'],
  ['leave', 'u32'],
  ['arrive', 'u32'],
  ['child', 'u32'],
  ['cohort', 'u16'],
  ['from', 'u8'],
  ['to', 'u8'],
  ['episode', 'u8'],
];
const BYTES = { u8: 1, u16: 2, u32: 4 } as const;
const align4 = (n: number) => (n + 3) & ~3;

const between = (moves: MoveColumns, i: number) => moves.from[i] !== ENTRY && moves.from[i] !== moves.to[i];

/** Count and median duration per (from, to) pair of moves between two stations, in from-then-to order. */
export function computeTransitions(moves: MoveColumns): MovesHeader['transitions'] {
  const pairCount = new Uint32Array(256 * 256);
  for (let i = 0; i < moves.count; i++) if (between(moves, i)) pairCount[moves.from[i]! * 256 + moves.to[i]!]!++;
  const start = new Uint32Array(256 * 256 + 1);
  for (let k = 0; k < 256 * 256; k++) start[k + 1] = start[k]! + pairCount[k]!;
  const durations = new Uint32Array(start[256 * 256]!);
  const fill = start.slice(0, 256 * 256);
  for (let i = 0; i < moves.count; i++) {
    if (!between(moves, i)) continue;
    durations[fill[moves.from[i]! * 256 + moves.to[i]!]!++] = moves.arrive[i]! - moves.depart[i]!;
  }
  const transitions: MovesHeader['transitions'] = [];
  for (let k = 0; k < 256 * 256; k++) {
    const count = pairCount[k]!;
    if (count === 0) continue;
    const sorted = durations.subarray(start[k]!, start[k + 1]!).sort();
    const mid = count >> 1;
    const medianSeconds = count % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    transitions.push({ from: k >> 8, to: k & 255, count, medianSeconds });
  }
  return transitions;
}

export function encodeMoves(moves: MoveColumns, mapId: string, stationIds: string[]): Uint8Array {
  const { count } = moves;
  for (const [name] of COLUMN_TYPES) {
    if (moves[name].length < count) throw new RangeError(`moves: column ${name} has ${moves[name].length} values for ${count} moves`);
  }
  // Offsets depend on the header's length, which depends on the offsets' digits: iterate to a fixed point.
  const header: MovesHeader = {
    version: MOVES_FORMAT_VERSION,
    count,
    originDay: moves.originDay,
    mapId,
    stationIds,
    columns: COLUMN_TYPES.map(([name, type]) => ({ name, type, offset: 0 })),
    transitions: computeTransitions(moves),
  };
  let json = '';
  let headerBytes = new Uint8Array(0);
  for (let previous = -1; headerBytes.length !== previous; ) {
    previous = headerBytes.length;
    let offset = align4(8 + previous);
    for (const column of header.columns) {
      column.offset = offset;
      offset += align4(count * BYTES[column.type]);
    }
    json = JSON.stringify(header);
    headerBytes = new TextEncoder().encode(json);
  }
  const last = header.columns[header.columns.length - 1]!;
  const total = last.offset + align4(count * BYTES[last.type]);
  const out = new Uint8Array(total);
  out.set([...MAGIC].map((ch) => ch.charCodeAt(0)), 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  for (const column of header.columns) {
    const values = moves[column.name as ColumnName].subarray(0, count);
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), column.offset);
  }
  if (!littleEndianHost()) swapColumns(out, header);
  return out;
}

export function decodeMoves(buffer: ArrayBuffer): { header: MovesHeader; moves: MoveColumns } {
  const fail = (why: string): never => {
    throw new Error(`moves payload: ${why}`);
  };
  if (buffer.byteLength < 8) fail(`${buffer.byteLength} bytes is too short`);
  const bytes = new Uint8Array(buffer);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== MAGIC) fail(`starts with "${magic}", not "${MAGIC}"`);
  const headerLength = new DataView(buffer).getUint32(4, true);
  if (8 + headerLength > buffer.byteLength) fail(`header of ${headerLength} bytes overruns the ${buffer.byteLength}-byte payload`);
  let header: MovesHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as MovesHeader;
  } catch (error) {
    return fail(`header is not JSON: ${(error as Error).message}`);
  }
  if (header.version !== MOVES_FORMAT_VERSION) fail(`version ${String(header.version)} is not ${MOVES_FORMAT_VERSION}`);
  if (!Number.isInteger(header.count) || header.count < 0) fail(`count ${String(header.count)} is not a whole number`);
  if (!littleEndianHost()) fail('this host is big-endian; typed-array views would misread the columns');
  const { count } = header;
  const view = (name: ColumnName, type: 'u8' | 'u16' | 'u32') => {
    const column = header.columns.find((c) => c.name === name);
    if (!column) return fail(`no column "${name}"`);
    if (column.type !== type) fail(`column "${name}" is ${column.type}, not ${type}`);
    if (column.offset % 4 !== 0) fail(`column "${name}" starts at ${column.offset}, not a multiple of 4`);
    if (column.offset + count * BYTES[type] > buffer.byteLength) fail(`column "${name}" overruns the payload`);
    return column.offset;
  };
  const moves: MoveColumns = {
    count,
    originDay: header.originDay,
    depart: new Uint32Array(buffer, view('depart', 'u32'), count),
    leave: new Uint32Array(buffer, view('leave', 'u32'), count),
    arrive: new Uint32Array(buffer, view('arrive', 'u32'), count),
    child: new Uint32Array(buffer, view('child', 'u32'), count),
    cohort: new Uint16Array(buffer, view('cohort', 'u16'), count),
    from: new Uint8Array(buffer, view('from', 'u8'), count),
    to: new Uint8Array(buffer, view('to', 'u8'), count),
    episode: new Uint8Array(buffer, view('episode', 'u8'), count),
  };
  return { header, moves };
}

function littleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Big-endian hosts only: byte-swap the multi-byte columns in place so the payload stays little-endian. */
function swapColumns(out: Uint8Array, header: MovesHeader): void {
  const data = new DataView(out.buffer);
  for (const column of header.columns) {
    const size = BYTES[column.type];
    for (let i = 0; i < header.count; i++) {
      const at = column.offset + i * size;
      if (size === 4) data.setUint32(at, data.getUint32(at, false), true);
      else if (size === 2) data.setUint16(at, data.getUint16(at, false), true);
    }
  }
}
