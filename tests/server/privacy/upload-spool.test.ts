// An upload waits in a spool file beside the database while it is received (server/upload-spool.ts). Audit
// a12b: that file held the raw CSV, child identifiers and all, in plain text until the import ended, so a
// copy of the folder taken meanwhile named children although the database holds only pseudonyms. It is now
// encrypted with a key held only in memory, and read back whole.
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSpooler } from '../../../server/upload-spool.js';

const dir = mkdtempSync(join(tmpdir(), 'spool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts).toString('utf8');
}

describe('an upload being received', () => {
  it('is on disk without its child identifiers, and read back as sent', async () => {
    const head = 'child_id,event,date\n';
    const rows = Array.from({ length: 2000 }, (_, i) => `CHILD-SECRET-${i},contact,2023-01-01\n`).join('');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    async function* upload() {
      yield head;
      yield rows;
      await held; // the client is still sending: look at the folder now
      yield 'CHILD-SECRET-LAST,contact,2023-01-02\n';
    }
    const spooler = createSpooler(dir);
    let seenOnDisk = '';
    const waitForSpool = (async () => {
      for (let i = 0; i < 200; i++) {
        const files = readdirSync(dir).filter((f) => f.endsWith('.part'));
        const bytes = files.length ? readFileSync(join(dir, files[0]!)) : Buffer.alloc(0);
        if (bytes.length >= head.length + rows.length) {
          seenOnDisk = bytes.toString('latin1');
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      release();
    })();
    const readBack = await spooler.withSpool('127.0.0.1', upload(), async (spooled) => text(spooled.open()));
    await waitForSpool;
    // Before: the spool file held the text as sent.
    expect(seenOnDisk.length).toBeGreaterThanOrEqual(head.length + rows.length);
    expect(seenOnDisk).not.toContain('CHILD-SECRET');
    expect(seenOnDisk).not.toContain('contact');
    expect(readBack).toBe(`${head}${rows}CHILD-SECRET-LAST,contact,2023-01-02\n`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});

describe('a spool read only in part', () => {
  it('closes its file when the reader stops early', async () => {
    const spooler = createSpooler(dir);
    const big = 'x'.repeat(4 << 20);
    let fileClosed = false;
    async function* one() {
      yield big;
    }
    await spooler.withSpool('127.0.0.1', one(), async (spooled) => {
      for await (const chunk of spooled.open()) {
        expect((chunk as Buffer).length).toBeGreaterThan(0);
        break; // the reader stops after its first chunk (a failed import, say)
      }
      // the file stream behind it is destroyed with it: give its close a turn
      await new Promise((r) => setTimeout(r, 50));
      fileClosed = !readdirSync(`/proc/${process.pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${process.pid}/fd/${fd}`).includes('.journeys-upload-');
        } catch {
          return false;
        }
      });
    });
    expect(fileClosed).toBe(true);
  });
});
