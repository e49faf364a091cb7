import { describe, expect, it } from 'vitest';
import { ENTRY, type MoveColumns } from '../../core/journeys.js';
import { computeTransitions, decodeMoves, encodeMoves } from '../../core/wire.js';

const stationIds = ['contact', 'referral', 'assessment', 'nfa'];

/** Deterministic pseudo-random moves (a small LCG, so the test is the same every run). */
function syntheticMoves(count: number): MoveColumns {
  let seed = 12345;
  const next = (max: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % max;
  };
  const moves: MoveColumns = {
    count,
    originDay: 19000,
    child: new Uint32Array(count),
    episode: new Uint8Array(count),
    from: new Uint8Array(count),
    to: new Uint8Array(count),
    depart: new Uint32Array(count),
    leave: new Uint32Array(count),
    arrive: new Uint32Array(count),
    cohort: new Uint16Array(count),
  };
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += next(5000);
    moves.child[i] = next(3000) + 70000;
    moves.episode[i] = 1 + next(4);
    moves.from[i] = next(5) === 0 ? ENTRY : next(4);
    moves.to[i] = next(4);
    moves.depart[i] = t;
    moves.arrive[i] = moves.from[i] === ENTRY ? t : t + next(200000);
    moves.leave[i] = t + Math.floor((moves.arrive[i]! - t) * next(2));
    moves.cohort[i] = next(1 << 15);
  }
  return moves;
}

function movesFrom(list: [from: number, to: number, depart: number, arrive: number][]): MoveColumns {
  const n = list.length;
  return {
    count: n,
    originDay: 0,
    child: new Uint32Array(n),
    episode: new Uint8Array(n).fill(1),
    from: Uint8Array.from(list, (m) => m[0]),
    to: Uint8Array.from(list, (m) => m[1]),
    depart: Uint32Array.from(list, (m) => m[2]),
    leave: Uint32Array.from(list, (m) => m[3]),
    arrive: Uint32Array.from(list, (m) => m[3]),
    cohort: new Uint16Array(n),
  };
}

const COLUMNS = ['depart', 'leave', 'arrive', 'child', 'cohort', 'from', 'to', 'episode'] as const;

describe('encodeMoves / decodeMoves', () => {
  const moves = syntheticMoves(10_000);
  const bytes = encodeMoves(moves, 'front-door', stationIds);

  it('round-trips every column and the header fields', () => {
    const { header, moves: decoded } = decodeMoves(bytes.buffer as ArrayBuffer);
    expect(header).toMatchObject({ version: 3, count: 10_000, originDay: 19000, mapId: 'front-door', stationIds });
    expect(decoded.count).toBe(10_000);
    expect(decoded.originDay).toBe(19000);
    for (const name of COLUMNS) expect(Array.from(decoded[name])).toEqual(Array.from(moves[name]));
  });

  it('costs at most 28 bytes per move for 10,000 moves (21 of columns)', () => {
    expect(bytes.length / moves.count).toBeLessThanOrEqual(28);
  });

  it('starts with JMV1 and a little-endian header length, then the JSON header', () => {
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('JMV1');
    const headerLength = bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header.columns.map((c: { name: string }) => c.name)).toEqual([...COLUMNS]);
    expect(header.columns.map((c: { type: string }) => c.type)).toEqual(['u32', 'u32', 'u32', 'u32', 'u16', 'u8', 'u8', 'u8']);
    for (let i = 8 + headerLength; i < header.columns[0].offset; i++) expect(bytes[i]).toBe(0);
  });

  it('aligns every column to 4 bytes and decodes to views of the same buffer, not copies', () => {
    const buffer = bytes.buffer as ArrayBuffer;
    const { header, moves: decoded } = decodeMoves(buffer);
    for (const column of header.columns) expect(column.offset % 4).toBe(0);
    for (const name of COLUMNS) expect(decoded[name].buffer).toBe(buffer);
    expect(decoded.depart.byteOffset).toBe(header.columns[0]!.offset);
    // Writing through the view writes the payload: proof there is no copy.
    decoded.episode[0] = 99;
    expect(bytes[header.columns[7]!.offset]).toBe(99);
    decoded.episode[0] = moves.episode[0]!;
  });

  it('stores values little-endian', () => {
    const one = movesFrom([[0, 1, 0x01020304, 0x01020305]]);
    const out = encodeMoves(one, 'm', stationIds);
    const { header } = decodeMoves(out.buffer as ArrayBuffer);
    const at = header.columns[0]!.offset;
    expect(Array.from(out.subarray(at, at + 4))).toEqual([4, 3, 2, 1]);
  });

  it('encodes and decodes zero moves', () => {
    const empty = movesFrom([]);
    const { header, moves: decoded } = decodeMoves(encodeMoves(empty, 'm', stationIds).buffer as ArrayBuffer);
    expect(header.count).toBe(0);
    expect(header.transitions).toEqual([]);
    expect(decoded.depart.length).toBe(0);
  });

  it('refuses a payload that is not JMV1, or is cut short', () => {
    expect(() => decodeMoves(new TextEncoder().encode('GIF89a....').buffer as ArrayBuffer)).toThrow(/starts with "GIF8", not "JMV1"/);
    expect(() => decodeMoves(bytes.slice(0, 100).buffer as ArrayBuffer)).toThrow(/overruns/);
    expect(() => decodeMoves(new ArrayBuffer(3))).toThrow(/too short/);
  });
});

describe('transitions', () => {
  it('counts each pair of moves between two stations with the median duration (not entries, not leaving the map)', () => {
    const moves = movesFrom([
      [ENTRY, 0, 0, 0],
      [0, 2, 0, 10],
      [0, 2, 5, 35],
      [0, 2, 7, 27],
      [2, 3, 0, 10],
      [2, 3, 0, 40],
      [2, 3, 0, 20],
      [2, 3, 0, 30],
      [ENTRY, 2, 50, 50],
      [3, 3, 60, 90],
    ]);
    expect(computeTransitions(moves)).toEqual([
      { from: 0, to: 2, count: 3, medianSeconds: 20 },
      { from: 2, to: 3, count: 4, medianSeconds: 25 },
    ]);
    const { header } = decodeMoves(encodeMoves(moves, 'm', stationIds).buffer as ArrayBuffer);
    expect(header.transitions).toEqual(computeTransitions(moves));
  });

  it('sorts durations numerically, not as text', () => {
    const moves = movesFrom([
      [1, 2, 0, 9],
      [1, 2, 0, 100],
      [1, 2, 0, 20],
    ]);
    expect(computeTransitions(moves)[0]!.medianSeconds).toBe(20);
  });
});
