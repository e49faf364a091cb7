// The moves payload is streamed one slice per turn of the event loop (audit a12b finding 4): with slices
// pulled synchronously, 100 concurrent downloads on loopback wrote some 300 MB in one turn and every other
// request waited 0.2-0.5 s (`npx tsx bench/download-stall.ts`: the service's loop delay 226-558 ms before,
// 34-68 ms after, on 100 downloads of a 3.2 MB file).
import { describe, expect, it } from 'vitest';
import { streamPayload } from '../../server/moves-cache.js';

describe('streamPayload', () => {
  it('gives every byte of the shared buffer, at most one slice per turn of the event loop', async () => {
    const payload = Buffer.alloc(4 * 1024 * 1024 + 123);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + (i >> 9)) & 0xff;
    let turn = 0;
    let counting = true;
    const tick = () => {
      turn++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const perTurn = new Map<number, number>();
    const chunks: Buffer[] = [];
    for await (const chunk of streamPayload(payload, 64 * 1024)) {
      chunks.push(chunk as Buffer);
      perTurn.set(turn, (perTurn.get(turn) ?? 0) + (chunk as Buffer).length);
    }
    counting = false;
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(64 * 1024);
    expect(perTurn.size).toBeGreaterThanOrEqual(64);
  });

  it('ends an empty payload', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of streamPayload(Buffer.alloc(0))) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).length).toBe(0);
  });
});
