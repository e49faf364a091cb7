import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, parseCsv, type CsvRecord, type CsvRecordView } from '../../../server/import/csv-stream.js';

/** Parses `chunks` (text or bytes) in one go; returns [fields, line, error] per record. */
function parseChunks(chunks: readonly (string | Uint8Array)[]): [string[], number, string | null][] {
  const out: [string[], number, string | null][] = [];
  const parser = new CsvParser((r: CsvRecordView) => out.push([r.fields(), r.line, r.error]));
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  return out;
}

const TRICKY = 'a,"b,1","say ""hi"""\r\n"two\r\nlines",,x\n\nlast,"q\nq","";\rlone,cr\r\n';
const TRICKY_RECORDS: [string[], number, string | null][] = [
  [['a', 'b,1', 'say "hi"'], 1, null],
  [['two\r\nlines', '', 'x'], 2, null],
  [[''], 4, null],
  // the file's first line end is CRLF, so the lone CR is a stray character of this record, not a line end
  // (audit a12 finding 6: `C8\rX,…` became a child "X"); files whose lines all end in a lone CR still
  // read (tests/server/import/bad-input.test.ts)
  [['last', 'q\nq', ';\rlone', 'cr'], 5, 'field 3 has text after its closing quote'],
];

describe('CsvParser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and gives each record its first physical line', () => {
    expect(parseChunks([TRICKY])).toEqual(TRICKY_RECORDS);
  });

  it('gives the same records however the input is cut into chunks', () => {
    for (let cut = 0; cut <= TRICKY.length; cut++) {
      expect(parseChunks([TRICKY.slice(0, cut), TRICKY.slice(cut)]), `cut at ${cut}`).toEqual(TRICKY_RECORDS);
    }
    expect(parseChunks([...TRICKY])).toEqual(TRICKY_RECORDS);
  });

  it('ignores a byte-order mark, also when it arrives split over chunks', () => {
    const bytes = Buffer.from('\uFEFFchild_id,event\nA,contact\n', 'utf8');
    expect(parseChunks([bytes])).toEqual([[['child_id', 'event'], 1, null], [['A', 'contact'], 2, null]]);
    expect(parseChunks([bytes.subarray(0, 2), bytes.subarray(2)])[0]![0]).toEqual(['child_id', 'event']);
  });

  it('decodes a multi-byte UTF-8 character cut by a chunk boundary', () => {
    const bytes = Buffer.from('name\nZoë 😀,x\n', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(parseChunks([bytes.subarray(0, cut), bytes.subarray(cut)])[1]![0], `cut at ${cut}`).toEqual(['Zoë 😀', 'x']);
    }
  });

  it('rejects bytes that are not UTF-8', () => {
    expect(() => parseChunks([Buffer.from([0x61, 0x0a, 0x62, 0xff, 0x0a])])).toThrow(/not valid UTF-8/);
    expect(() => parseChunks([Buffer.from([0x61, 0x0a, 0xe2, 0x82])])).toThrow(CsvSyntaxError);
  });

  it('reports an unterminated quote with the line where the quote opened', () => {
    try {
      parseChunks(['a,b\nc,"d\ne\nf\n']);
      expect.unreachable('an unterminated quote must throw');
    } catch (error) {
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).line).toBe(2);
      expect((error as Error).message).toMatch(/^line 2: unterminated quote/);
    }
  });

  it('keeps a last record that has no line break, including a trailing empty field', () => {
    expect(parseChunks(['a,b\nc,'])).toEqual([[['a', 'b'], 1, null], [['c', ''], 2, null]]);
    expect(parseChunks(['a,"b"'])).toEqual([[['a', 'b'], 1, null]]);
    expect(parseChunks([''])).toEqual([]);
  });
});

describe('parseCsv', () => {
  it('streams records from a Node stream of buffers', async () => {
    const records: CsvRecord[] = [];
    for await (const r of parseCsv(Readable.from([Buffer.from('x,y\n1,'), Buffer.from('2\n3,4')]))) records.push(r);
    expect(records.map((r) => [r.fields, r.line])).toEqual([[['x', 'y'], 1], [['1', '2'], 2], [['3', '4'], 3]]);
  });
});
