import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Workbook, columnIndex, columnName, type SheetRow } from '../../../../server/import/common/xlsx.js';
import { writeXlsx } from '../../../../server/import/common/xlsx-write.js';
import { MAX_TEXT, XmlSyntaxError, XmlTokenizer } from '../../../../server/import/common/xml-tokenizer.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/formats');

function tokens(chunks: readonly string[]): string[] {
  const out: string[] = [];
  const t = new XmlTokenizer({
    open: (name, attrs, line, self) => out.push(`<${name}${attrs.trim() ? ` ${attrs.trim()}` : ''}${self ? '/' : ''}@${line}`),
    close: (name) => out.push(`</${name}`),
    text: (text, line) => out.push(`"${text}"@${line}`),
  });
  for (const c of chunks) t.write(c);
  t.end();
  return out;
}

const DOC = '\ufeff<?xml version="1.0"?>\n<!-- a comment with <tags> -->\n<a:Message x="1>2">\n  <Child>\n    <LAchildID>A&amp;B &#65;&#x42;</LAchildID>\n    <Empty/>\n    <Note><![CDATA[<not a tag> & co]]></Note>\n  </Child>\n</a:Message>\n';

describe('XmlTokenizer', () => {
  it('reads tags, attributes with ">" inside quotes, entities, CDATA and comments, with line numbers', () => {
    expect(tokens([DOC])).toEqual([
      '<Message x="1>2"@3',
      '<Child@4',
      '<LAchildID@5',
      '"A&B AB"@5',
      '</LAchildID',
      '<Empty/@6',
      '</Empty',
      '<Note@7',
      '"<not a tag> & co"@7',
      '</Note',
      '</Child',
      '</Message',
    ]);
  });

  it('gives the same tokens however the text is cut into chunks', () => {
    const whole = tokens([DOC]);
    for (let cut = 0; cut <= DOC.length; cut++) expect(tokens([DOC.slice(0, cut), DOC.slice(cut)]), `cut at ${cut}`).toEqual(whole);
  });

  it('refuses a value longer than MAX_TEXT at the line it begins, arriving in 64 KiB pieces, and reads one just under it (audit a12f m1: a 50,000,000-character LAchildID held the service 178 ms)', () => {
    const piece = 'x'.repeat(65_536);
    const pieces = (chars: number): string[] => {
      const out = ['<Message>\n<Child>\n<LAchildID>'];
      for (let left = chars; left > 0; left -= piece.length) out.push(left >= piece.length ? piece : piece.slice(0, left));
      out.push('</LAchildID>\n</Child>\n</Message>');
      return out;
    };
    let error: unknown = null;
    try {
      tokens(pieces(MAX_TEXT + 1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XmlSyntaxError);
    expect((error as XmlSyntaxError).line).toBe(3);
    expect((error as Error).message).toMatch(/a value of more than 1,048,576 characters begins here/);
    const read = tokens(pieces(MAX_TEXT));
    expect(read.find((t) => t.startsWith('"x'))!.length).toBe(MAX_TEXT + 4);
    expect(() => tokens(['<a><![CDATA[', 'y'.repeat(MAX_TEXT + 1), ']]></a>'])).toThrow(/a value of more than/);
  });

  it('says where a file ends inside a tag', () => {
    expect(() => tokens(['<a>\n<b attr="x'])).toThrow(XmlSyntaxError);
    expect(() => tokens(['<a>\n<b attr="x'])).toThrow(/line 2/);
  });
});

describe('reading .xlsx workbooks', () => {
  it('reads the sample Annex A workbook: sheet names in order, shared strings, numbers, formulas and error cells', () => {
    const wb = Workbook.fromBytes(readFileSync(join(FIXTURES, 'annex-a/Annex_A_sample.xlsx')));
    expect(wb.sheets.map((s) => s.name)).toEqual(['List 1', 'List 2', 'List 3', 'List 4', 'List 5', 'List 6', 'List 7', 'List 8', 'List 9', 'List 10', 'List 11']);
    const rows: SheetRow[] = [];
    wb.readSheet(wb.sheets[9]!, (r) => rows.push(r));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]!.cells[5]!.value).toBe('Age of Child (Years)');
    // I2 is =H2+5 with the cached result 40036
    expect(rows[1]!.cells[8]).toEqual({ value: '40036', number: 40036, formula: true, error: null });
    const list6: SheetRow[] = [];
    wb.readSheet(wb.sheets[5]!, (r) => list6.push(r));
    // M2 is an #N/A error cell; J2 (CIN Closure Date) is empty
    expect(list6[1]!.cells[12]).toEqual({ value: null, number: null, formula: false, error: '#N/A' });
    expect(list6[1]!.cells[9]).toBeUndefined();
  });

  it('reads back what the writer wrote, including a formula with no cached result', () => {
    const bytes = writeXlsx([{ name: 'List 1', rows: [['Child', 'Date'], ['C1', 44090], ['C2', { formula: 'B2+1' }], ['C3', { formula: 'B2', cached: 44090 }], ['C4', { error: '#REF!' }]] }]);
    const wb = Workbook.fromBytes(bytes);
    const rows: SheetRow[] = [];
    wb.readSheet(wb.sheets[0]!, (r) => rows.push(r));
    expect(rows.map((r) => r.cells.map((c) => c && [c.value, c.formula, c.error]))).toEqual([
      [['Child', false, null], ['Date', false, null]],
      [['C1', false, null], ['44090', false, null]],
      [['C2', false, null], [null, true, null]],
      [['C3', false, null], ['44090', true, null]],
      [['C4', false, null], [null, false, '#REF!']],
    ]);
  });

  it('names columns both ways', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(['A1', 'Z9', 'AA10', 'AB2', 'ZZ1', 'AAA1'].map(columnIndex)).toEqual([0, 25, 26, 27, 701, 702]);
  });
});

describe('the direct sheet scan', () => {
  it('gives the same rows as the tokenizer for every sheet of the sample workbook', async () => {
    const { ZipArchive } = await import('../../../../server/import/common/zip.js');
    const { scanSheet } = await import('../../../../server/import/common/xlsx.js');
    const bytes = readFileSync(join(FIXTURES, 'annex-a/Annex_A_sample.xlsx'));
    const wb = Workbook.fromBytes(bytes);
    const zip = new ZipArchive(bytes);
    // Shared strings via the workbook; the tokenizer path by prefixing every element (x:row, x:c …).
    const strings: string[] = [];
    (wb as unknown as { strings(): string[] }).strings().forEach((s) => strings.push(s));
    for (const sheet of wb.sheets) {
      const viaWorkbook: SheetRow[] = [];
      wb.readSheet(sheet, (r) => viaWorkbook.push(r));
      const scanned: SheetRow[] = [];
      scanSheet(zip.read(sheet.path).toString('utf8'), strings, (r) => scanned.push(r));
      expect(scanned).toEqual(viaWorkbook);
      const prefixed = zip.read(sheet.path).toString('utf8').replace(/<(\/?)(worksheet|sheetData|row|c|v|f|is|t)([ >/])/g, '<$1x:$2$3').replace('<x:worksheet ', '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ');
      const tokenized: SheetRow[] = [];
      (wb as unknown as { tokenizeSheet(b: Buffer, f: (r: SheetRow) => void): void }).tokenizeSheet(Buffer.from(prefixed), (r) => tokenized.push(r));
      expect(tokenized).toEqual(viaWorkbook);
    }
  });

  it('refuses a sheet cut short anywhere inside its data with the line and a reason, never reading part of it (audit a12e B1: cut inside a cell tag it looped for ever)', async () => {
    const { ZipArchive } = await import('../../../../server/import/common/zip.js');
    const { scanSheet } = await import('../../../../server/import/common/xlsx.js');
    const bytes = readFileSync(join(FIXTURES, 'annex-a/Annex_A_sample.xlsx'));
    const wb = Workbook.fromBytes(bytes);
    const strings = (wb as unknown as { strings(): string[] }).strings();
    const text = new ZipArchive(bytes).read(wb.sheets[0]!.path).toString('utf8');
    const from = text.indexOf('<sheetData');
    const to = text.indexOf('</sheetData>');
    // the audit's cut (just after '<c r="B3"'), then cuts every 37 characters through the data
    const cuts = [text.indexOf('<c r="B3"') + '<c r="B3"'.length];
    for (let at = from + 1; at < to; at += 37) cuts.push(at);
    for (const cut of cuts) {
      let rows = 0;
      expect(() => scanSheet(text.slice(0, cut), strings, () => rows++), `cut at ${cut}`).toThrow(/line \d+: the sheet ends inside a tag or before its data does/);
      expect(rows, `cut at ${cut}`).toBe(0);
    }
  });

  it('says at which spreadsheet row a sheet is cut short, not the XML\'s line 2 (audit a12f m2)', async () => {
    const { ZipArchive } = await import('../../../../server/import/common/zip.js');
    const { scanSheet } = await import('../../../../server/import/common/xlsx.js');
    const { XmlSyntaxError } = await import('../../../../server/import/common/xml-tokenizer.js');
    const bytes = readFileSync(join(FIXTURES, 'annex-a/Annex_A_sample.xlsx'));
    const wb = Workbook.fromBytes(bytes);
    const strings = (wb as unknown as { strings(): string[] }).strings();
    const text = new ZipArchive(bytes).read(wb.sheets[0]!.path).toString('utf8');
    // the row whose tag begins last before the cut, read with a pattern (whole numbers only)
    const lastRow = (cut: number): number => Math.max(...[...text.slice(0, cut).matchAll(/<row [^>]*?r="(\d+)"/g)].map((m) => Number(m[1])));
    const from = text.indexOf('<row ');
    const to = text.indexOf('</sheetData>');
    const seen = new Set<number>();
    for (let cut = from + 12; cut < to; cut += 97) {
      let error: unknown = null;
      try {
        scanSheet(text.slice(0, cut), strings, () => {});
      } catch (e) {
        error = e;
      }
      expect(error, `cut at ${cut}`).toBeInstanceOf(XmlSyntaxError);
      expect((error as InstanceType<typeof XmlSyntaxError>).line, `cut at ${cut}`).toBe(lastRow(cut));
      expect((error as Error).message).toMatch(new RegExp(`in or after its row ${lastRow(cut)}:`));
      seen.add(lastRow(cut));
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('reads a large sheet from zlib\'s pieces and text parts cut at rows, never joined, with the rows and errors of the whole text (audit a12f M1: joining a 52 MB sheet took 40-50 ms per join)', async () => {
    const { ZipArchive } = await import('../../../../server/import/common/zip.js');
    const { zip } = await import('../../../../server/import/common/xlsx-write.js');
    const { scanSheet } = await import('../../../../server/import/common/xlsx.js');
    const head = ['Child Unique ID', 'Gender', 'Date of Birth', 'Date of Referral', 'Note'];
    const rows = Array.from({ length: 120_000 }, (_, c) => [`U${c}`, c % 2 ? 'F' : 'M', '01/01/2012', '03/03/2023', `note ${c} & more`]);
    const bytes = writeXlsx([{ name: 'List 3', rows: [head, ...rows] }]);
    const path = Workbook.fromBytes(bytes).sheets[0]!.path;
    const text = new ZipArchive(bytes).read(path).toString('utf8');
    expect(text.length).toBeGreaterThan(10 * 1024 ** 2); // over two parts of 4 MB
    const withSheet = (xml: string): Buffer => {
      const archive = new ZipArchive(bytes);
      return zip(archive.names().map((name): [string, Buffer] => [name, name === path ? Buffer.from(xml, 'utf8') : archive.read(name)]));
    };
    const viaParts = async (workbook: Buffer): Promise<SheetRow[]> => {
      const wb = Workbook.fromBytes(workbook);
      await wb.loadSheet(wb.sheets[0]!);
      return [...wb.sheetRows(wb.sheets[0]!)];
    };
    const scanned = (xml: string): SheetRow[] => {
      const out: SheetRow[] = [];
      scanSheet(xml, [], (r) => out.push(r));
      return out;
    };
    // the longest buffer or string joined while the sheet is unpacked, decoded and read
    let longest = 0;
    const concat = Buffer.concat.bind(Buffer);
    const join = Array.prototype.join;
    const concatSpy = vi.spyOn(Buffer, 'concat').mockImplementation((list, length) => {
      const out = concat(list, length);
      longest = Math.max(longest, out.length);
      return out;
    });
    const joinSpy = vi.spyOn(Array.prototype, 'join').mockImplementation(function (this: unknown[], separator?: string) {
      const out = join.call(this, separator);
      longest = Math.max(longest, out.length);
      return out;
    });
    let read: SheetRow[];
    try {
      read = await viaParts(bytes);
    } finally {
      concatSpy.mockRestore();
      joinSpy.mockRestore();
    }
    expect(longest).toBeLessThan(text.length / 2);
    expect(read).toEqual(scanned(text));
    expect(read.length).toBe(120_001);
    // errors past the first part name the line and row the whole text gives
    const errorOf = async (f: () => Promise<unknown>): Promise<string> => f().then(() => 'no error', (e: Error) => e.message);
    const late = text.lastIndexOf('<c r="B');
    const damaged = `${text.slice(0, late)}<c r="XFE${text.slice(late + 7)}`;
    const cut = text.slice(0, text.lastIndexOf('<c r="C') + 5);
    for (const xml of [damaged, cut]) {
      const message = await errorOf(async () => scanned(xml));
      expect(message).toMatch(/line \d+: (cell XFE|the sheet ends inside a tag)/);
      expect(await errorOf(() => viaParts(withSheet(xml)))).toBe(message);
    }
  });

  it('refuses a cell past the last column a worksheet has (XFD), at once, with its line and reason (audit a12f B1: one cell at JAAAAA1 held the service 13-65 s)', async () => {
    const { ZipArchive } = await import('../../../../server/import/common/zip.js');
    const { scanSheet, MAX_COLUMNS } = await import('../../../../server/import/common/xlsx.js');
    const bytes = readFileSync(join(FIXTURES, 'annex-a/Annex_A_sample.xlsx'));
    const wb = Workbook.fromBytes(bytes);
    const strings = (wb as unknown as { strings(): string[] }).strings();
    const text = new ZipArchive(bytes).read(wb.sheets[0]!.path).toString('utf8');
    expect(columnIndex('XFD')).toBe(MAX_COLUMNS - 1);
    for (const ref of ['JAAAAA1', 'XFE1', 'ZZZZZZZZZZZZZZZZZZZZZZZZ1']) {
      const started = performance.now();
      const damaged = text.replace('<c r="B3"', `<c r="${ref}"`);
      expect(() => scanSheet(damaged, strings, () => undefined), ref).toThrow(/line \d+: cell .* is past the last column a worksheet has \(XFD\)/);
      // the tokenizer's path too (a sheet written with prefixes)
      const prefixed = damaged.replace(/<(\/?)(worksheet|sheetData|row|c|v|f|is|t)([ >/])/g, '<$1x:$2$3').replace('<x:worksheet ', '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ');
      expect(() => (wb as unknown as { tokenizeSheet(b: Buffer, f: () => void): void }).tokenizeSheet(Buffer.from(prefixed), () => undefined), ref).toThrow(/past the last column/);
      expect(performance.now() - started, ref).toBeLessThan(1000);
    }
    // the last column itself is read
    const rows: SheetRow[] = [];
    scanSheet(text.replace('<c r="B3"', '<c r="XFD3"'), strings, (r) => rows.push(r));
    expect(rows.some((r) => r.cells[MAX_COLUMNS - 1] !== undefined)).toBe(true);
  });
});

describe('a start tag of many attributes, in pieces', () => {
  it('is read in time linear in its length, however many pieces it comes in (audit a12f B2: rescanned from its start at every 64 KiB piece, 12.9 MB held the service 88 s)', () => {
    const attributes = Array.from({ length: 300_000 }, (_, i) => ` a${i}="v${i}"`).join('');
    const doc = `<Message><Child${attributes}>x</Child></Message>`;
    let seen = '';
    const t = new XmlTokenizer({ open: (name, attrs) => name === 'Child' && (seen = attrs), close: () => undefined, text: () => undefined });
    const started = performance.now();
    for (let i = 0; i < doc.length; i += 65_536) t.write(doc.slice(i, i + 65_536));
    t.end();
    expect(seen.length).toBe(attributes.length);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('with a quoted value cut between pieces and a ">" inside quotes, still gives the same tag', () => {
    const doc = '<a x="1>2" y=\'3>4\' z="' + 'q'.repeat(70_000) + '">t</a>';
    for (const size of [1, 7, 4096, 65_536]) {
      const chunks: string[] = [];
      for (let i = 0; i < doc.length; i += size) chunks.push(doc.slice(i, i + size));
      expect(tokens(chunks), `pieces of ${size}`).toEqual(tokens([doc]));
    }
  });
});
