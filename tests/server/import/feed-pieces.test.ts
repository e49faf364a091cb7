// An upload is read back from its spool file in 1 MiB chunks (server/upload-spool.ts), and parsing and
// importing one such chunk took 75-120 ms on a quiet machine: the import's last stall of the event loop
// over the 100 ms allowed (issue 12). feedSliced now hands a large chunk over in pieces of at most
// FEED_PIECE and lets the loop in between them once the slice is used; on the old code the whole chunk
// went to `write` at once.
import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../../server/import/csv-stream.js';
import { FEED_PIECE, TimeSlice, feedSliced, pieces } from '../../../server/import/time-slice.js';
import { countTurns } from './loop-turns.js';

async function* once(chunk: Uint8Array | string): AsyncGenerator<Uint8Array | string> {
  yield chunk;
}

/** `count` CSV lines with multi-byte characters (2, 3 and 4 bytes in UTF-8, the last a surrogate pair). */
function csvText(count: number): string {
  const lines: string[] = ['child_id,name'];
  for (let i = 0; i < count; i++) lines.push(`C${i},"é€😀 ${i}, ""quoted"""`);
  return `${lines.join('\r\n')}\r\n`;
}

function parseAll(feed: (parser: CsvParser) => Promise<void>): Promise<string[][]> {
  const records: string[][] = [];
  const parser = new CsvParser((r) => records.push(r.fields()));
  return feed(parser).then(() => {
    parser.end();
    return records;
  });
}

describe('feedSliced', () => {
  it('hands a 1 MiB chunk over in pieces of at most FEED_PIECE bytes, letting the loop in between them', async () => {
    const bytes = Buffer.alloc(1 << 20, 0x61);
    const sizes: number[] = [];
    const turnsAtWrite: number[] = [];
    const loop = countTurns();
    await feedSliced(
      once(bytes),
      (piece) => {
        sizes.push(piece.length);
        turnsAtWrite.push(loop.turns);
      },
      new TimeSlice(0),
    );
    loop.stop();
    expect(Math.max(...sizes)).toBeLessThanOrEqual(FEED_PIECE);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(bytes.length);
    // the loop ran between the first piece of the chunk and its last
    expect(turnsAtWrite.at(-1)!).toBeGreaterThan(turnsAtWrite[0]!);
  });

  it('parses a file cut into pieces inside UTF-8 characters and surrogate pairs as it parses it whole', async () => {
    const text = csvText(5_000);
    const bytes = Buffer.from(text, 'utf8');
    const whole = await parseAll(async (parser) => parser.write(text));
    expect(whole).toHaveLength(5_001);
    expect(whole[7]).toEqual(['C6', 'é€😀 6, "quoted"']);
    // 1,000-byte and 1,001-character pieces fall inside multi-byte characters and between the halves of 😀
    expect(await parseAll((parser) => feedSliced(once(bytes), (p) => parser.write(p), new TimeSlice(0), 1000))).toEqual(whole);
    expect(await parseAll((parser) => feedSliced(once(text), (p) => parser.write(p), new TimeSlice(0), 1001))).toEqual(whole);
  });

  it('never cuts a string between the halves of a surrogate pair', () => {
    const text = 'ab😀cd😀'.repeat(50);
    for (const size of [1, 2, 3, 4, 5, 7]) {
      const parts = [...pieces(text, size)] as string[];
      expect(parts.join('')).toBe(text);
      for (const part of parts) {
        const last = part.charCodeAt(part.length - 1);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      }
    }
  });

  it('passes chunks no larger than a piece through as they are', () => {
    const chunk = Buffer.from('child_id\nC1\n');
    expect([...pieces(chunk)]).toEqual([chunk]);
  });
});
