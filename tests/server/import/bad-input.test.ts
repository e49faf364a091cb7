// Bad input a careless export or an attacker sends: each is refused with its line and column and a
// reason that quotes no value of the file, and nothing is half-imported or silently changed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/random.js';
import { ImportError, openStore, type ImportOptions, type ImportReport, type Store } from '../../../server/db/store.js';
import { MAX_LISTED_WARNINGS } from '../../../server/import/import-report.js';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
  store = openStore(join(dir, 'test.db'));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'child_id,event,date,outcome,dob';
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

async function outcome(name: string, input: string | Buffer | (string | Buffer)[], options: ImportOptions = {}): Promise<ImportReport & { failed: boolean; message?: string }> {
  try {
    return { ...(await store.importEventsCsv(name, Readable.from(Array.isArray(input) ? input : [input]), options)), failed: false };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { ...error.report, failed: true, message: error.message };
  }
}

describe('dates', () => {
  it('refuses a contact dated 2203, and years 0001 and 9999, strictly, with the reason', async () => {
    for (const date of ['2203-05-01', '0001-01-01', '9999-12-31', '1899-12-31']) {
      const r = await outcome('dates', csv('A1,contact,2023-01-01,,', `A2,contact,${date},,`));
      expect(r.failed, date).toBe(true);
      expect(r.rejected, date).toEqual([{ line: 3, column: 'date', reason: expect.stringMatching(/before 1900|more than a year after today/) }]);
      expect(r.message).not.toContain(date);
    }
    expect(store.getDataset('dates')).toBeNull();
  });

  it('accepts 1900-01-01 and a date within a year from today', async () => {
    const soon = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);
    const r = await outcome('edges', csv('A1,contact,1900-01-01,,', `A2,contact,${soon},,`));
    expect(r).toMatchObject({ failed: false, imported: 2 });
  });
});

describe('characters that turn one child into two', () => {
  it.each([
    ['a stray quote inside a field', 'C"1,contact,2023-01-02,,', 'child_id', /quote inside an unquoted field/],
    ['text after a closing quote', '"C1"x,contact,2023-01-02,,', 'child_id', /text after its closing quote/],
    ['a NUL', 'C1\u0000,contact,2023-01-02,,', 'child_id', /control character \(U\+0000\)/],
    ['a NUL in a quoted field', '"C\u00001",contact,2023-01-02,,', 'child_id', /control character/],
    ['a vertical tab in the event', 'C1,con\u000btact,2023-01-02,,', 'event', /control character/],
    ['a byte-order mark mid-file', '\uFEFFC1,contact,2023-01-02,,', 'child_id', /byte-order mark/],
    ['a byte-order mark inside a field', 'C\uFEFF1,contact,2023-01-02,,', 'child_id', /byte-order mark/],
    ['a DEL', 'C1\u007f,contact,2023-01-02,,', 'child_id', /control character \(U\+007F\)/],
  ])('rejects %s with its line and column', async (_what, row, column, reason) => {
    const r = await outcome('chars', csv('C1,contact,2023-01-01,,', row, 'C1,referral,2023-01-03,,'));
    expect(r.failed).toBe(true);
    expect(r.rejected).toEqual([{ line: 3, column, reason: expect.stringMatching(reason) }]);
    // leniently, the good rows are one child, not two
    const lenient = await outcome('chars', csv('C1,contact,2023-01-01,,', row, 'C1,referral,2023-01-03,,'), { lenient: true });
    expect(lenient).toMatchObject({ imported: 2, rows: 3 });
    expect(store.getDataset('chars')!.children).toBe(1);
  });

  it('finds the same faults however the file is cut into chunks', async () => {
    const text = csv('C1,contact,2023-01-01,,', 'C"1,contact,2023-01-02,,', 'C\u00001,contact,2023-01-02,,', 'C\uFEFF1,contact,2023-01-02,,');
    const whole = (await outcome('cut', text)).rejected;
    expect(whole.map((r) => r.line)).toEqual([3, 4, 5]);
    for (let cut = 1; cut < text.length; cut += 3) {
      expect((await outcome('cut', [text.slice(0, cut), text.slice(cut)])).rejected, `cut at ${cut}`).toEqual(whole);
    }
  });
});

describe('spaces', () => {
  it('trims every Unicode space from values, so padded values are read, not rejected', async () => {
    // vertical tab and form feed too (audit a12: refused as control characters, though Unicode spaces)
    const spaces = ['\u00a0', '\u0085', '\u2007', '\u202f', '\u3000', '\u2028', ' \t', '\u000b', '\u000c', ' \u000b\u000c'];
    const rows = spaces.map((s, i) => `${s}K1${s},${s}contact${s},${s}2023-01-${String(i + 1).padStart(2, "0")}${s},${s}nfa${s},${s}2015-06-01${s}`);
    const r = await outcome('spaces', csv(...rows));
    expect(r).toMatchObject({ failed: false, imported: spaces.length, rejected: [] });
    expect(store.loadDataset('spaces')!.table.childIds).toEqual(['K1']);
  });
});

describe('vertical tab and form feed', () => {
  it('are trimmed at a value\'s ends and refused inside it, quoted or not, however the file is cut', async () => {
    const text = csv('\u000bK1\u000c,contact,2023-01-01,,', '"\u000cK1 ",referral,2023-01-02,,', 'K\u000b1,contact,2023-01-03,,', '"K\u000c1",contact,2023-01-04,,');
    const expected = [
      { line: 4, column: 'child_id', reason: expect.stringMatching(/control character \(U\+000B\)/) },
      { line: 5, column: 'child_id', reason: expect.stringMatching(/control character \(U\+000C\)/) },
    ];
    for (let cut = 0; cut < text.length; cut += 3) {
      const r = await outcome('vtff', cut === 0 ? text : [text.slice(0, cut), text.slice(cut)], { lenient: true });
      expect(r.rejected, `cut at ${cut}`).toEqual(expected);
      expect(r.imported, `cut at ${cut}`).toBe(2);
    }
    expect(store.loadDataset('vtff')!.table.childIds).toEqual(['K1']);
  });
});

describe('header-only and empty files', () => {
  it('never replaces a dataset with an empty one unless asked', async () => {
    expect((await outcome('keep', csv('K1,contact,2023-01-01,,'))).imported).toBe(1);
    const headerOnly = await outcome('keep', `${HEADER}\n`);
    expect(headerOnly.failed).toBe(true);
    expect(headerOnly.message).toMatch(/no data rows.*replace the dataset "keep" with an empty one/);
    const allBad = await outcome('keep', csv('K1,nonsense,2023-01-01,,'), { lenient: true });
    expect(allBad.failed).toBe(true);
    expect(store.getDataset('keep')).toMatchObject({ imported: 1 });
    expect((await outcome('keep', `${HEADER}\n`, { allowEmpty: true })).failed).toBe(false);
    expect(store.getDataset('keep')).toMatchObject({ imported: 0 });
  });
});

describe('bytes that are not UTF-8', () => {
  it('are reported on the line they are on, whatever the chunking', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 200; i++) lines.push(`C${i},contact,2023-01-01,,`);
    const good = Buffer.from(`${lines.slice(0, 13).join('\n')}\n`);
    const bad = Buffer.concat([Buffer.from('C12'), Buffer.from([0xff, 0xfe]), Buffer.from(',contact,2023-01-01,,\n')]);
    const rest = Buffer.from(`${lines.slice(14).join('\n')}\n`);
    const file = Buffer.concat([good, bad, rest]);
    for (const chunk of [file.length, 1000, 64, 7]) {
      const parts: Buffer[] = [];
      for (let at = 0; at < file.length; at += chunk) parts.push(file.subarray(at, at + chunk));
      const r = await outcome('utf8', parts);
      expect(r.failed).toBe(true);
      expect(r.rejected, `chunks of ${chunk}`).toEqual([{ line: 14, column: null, reason: expect.stringMatching(/not valid UTF-8/) }]);
    }
  });
});

describe('a CIN census with bytes that are not UTF-8', () => {
  // 60 children of 5 lines each after a 1-line head: child k's LAchildID is on line 3 + 5k.
  const cinLines = (): string[] => {
    const lines = ['<Message><Header><CollectionDetails><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails></Header><Children>'];
    for (let k = 0; k < 60; k++) {
      lines.push('<Child>', `<ChildIdentifiers><LAchildID>U8K${k}</LAchildID></ChildIdentifiers>`, '<CINdetails><CINreferralDate>2022-05-01</CINreferralDate>', '<ReferralNFA>false</ReferralNFA></CINdetails>', '</Child>');
    }
    lines.push('</Children></Message>');
    return lines;
  };
  const withBadBytes = (line: number, after: string): Buffer => {
    const lines = cinLines();
    const text = `${lines.join('\n')}\n`;
    const at = text.split('\n').slice(0, line - 1).join('\n').length + 1 + lines[line - 1]!.indexOf(after) + after.length;
    return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(at))]);
  };
  const importCin = async (bytes: Buffer, chunk: number) => {
    const parts: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += chunk) parts.push(bytes.subarray(at, at + chunk));
    try {
      await store.importSources('cin-utf8', [{ name: 'census.xml', format: 'cin', input: Readable.from(parts) }]);
      return null;
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      return error.report.rejected;
    }
  };

  it('is refused with the file, the line and the reason when the bad bytes are on line 300, however it is chunked', async () => {
    const bytes = withBadBytes(300, '<ReferralNFA>');
    for (const chunk of [bytes.length, 4096, 100, 7]) {
      expect(await importCin(bytes, chunk), `chunks of ${chunk}`).toEqual([
        { line: 300, column: null, reason: expect.stringMatching(/^census\.xml: the text at character 14 of this line is not valid UTF-8/) },
      ]);
    }
    expect(store.getDataset('cin-utf8')).toBeNull();
  });

  it('is refused when the bad byte ends a child identifier, rather than storing a second child', async () => {
    const bytes = withBadBytes(3 + 5 * 31, '<LAchildID>U8K31');
    for (const chunk of [bytes.length, 64]) {
      expect(await importCin(bytes, chunk), `chunks of ${chunk}`).toEqual([
        { line: 158, column: null, reason: expect.stringMatching(/^census\.xml: the text at character 35 of this line is not valid UTF-8/) },
      ]);
    }
    expect(store.getDataset('cin-utf8')).toBeNull();
  });
});

describe('sizes', () => {
  it('reports an over-long field with its line, as a 400 not a crash', async () => {
    const huge = 'x'.repeat(2_000_000);
    for (const row of [`${huge},contact,2023-01-01,,`, `"${huge}",contact,2023-01-01,,`, `C1,contact,2023-01-01,,"${huge}`]) {
      const parts: string[] = [];
      const text = csv('C0,contact,2023-01-01,,', row);
      for (let at = 0; at < text.length; at += 65_536) parts.push(text.slice(at, at + 65_536));
      const r = await outcome('long', parts);
      expect(r.failed).toBe(true);
      expect(r.rejected).toEqual([{ line: 3, column: null, reason: expect.stringMatching(/longer than 65,536 characters/) }]);
    }
  });

  it('caps the warnings of a 100,000-column header with a count of the rest', async () => {
    const columns = Array.from({ length: 100_000 }, (_, i) => `extra${i}`);
    const header = ['child_id', 'event', 'date', ...columns].join(',');
    const row = ['C1', 'contact', '2023-01-01', ...columns.map(() => '')].join(',');
    const r = await outcome('wide', `${header}\n${row}\n`);
    expect(r.failed).toBe(false);
    expect(r.warnings).toHaveLength(MAX_LISTED_WARNINGS + 1);
    expect(r.warnings.at(-1)).toBe(`… and ${100_000 - MAX_LISTED_WARNINGS} more warnings like these`);
    expect(JSON.stringify(r).length).toBeLessThan(5000);
  });
});

describe('rejection reasons', () => {
  it('never echo a value of the file (fuzzed values in every column)', async () => {
    const random = seededRandom(12);
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789/-:. ';
    const word = () => Array.from({ length: 6 + Math.floor(random() * 10) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const rows: string[] = [];
    const values: string[] = [];
    for (let i = 0; i < 300; i++) {
      const cells = ['ID' + word(), 'contact', '2023-01-01', '', '2015-01-01'];
      const column = i % 5;
      cells[column] = `Z${word()}Q`; // a value that fits no column's rule
      if (column === 0) cells[0] = `${cells[0]}${'x'.repeat(70)}`;
      values.push(cells[column]!.trim());
      rows.push(cells.join(','));
    }
    const r = await outcome('fuzz', csv(...rows), { lenient: true });
    const reasons = JSON.stringify(r.rejected) + JSON.stringify(r.warnings) + (r.message ?? '');
    const stored = JSON.stringify(store.db.prepare('SELECT reason FROM rejections').pluck().all());
    for (const value of values) {
      expect(reasons.includes(value), value).toBe(false);
      expect(stored.includes(value), value).toBe(false);
    }
  });
});

describe('child identifiers that show nothing', () => {
  // (a byte-order mark is refused wherever it is, above)
  const INVISIBLES = ['\u200b', '\u2060', '\u00ad', '\u200c\u200d', '\u202e', '\u180e', '\u3164', '\u{e0041}'];

  it('refuses an identifier made only of invisible characters, or holding one, with line, column and the code point', async () => {
    for (const [k, invisible] of INVISIBLES.entries()) {
      for (const id of [invisible, `C1${invisible}`, `C${invisible}1`, `C1\u00a0X`]) {
        const r = await outcome(`inv${k}`, csv('C1,contact,2023-01-01,,', `${id},contact,2023-01-02,,`));
        expect(r.failed, JSON.stringify(id)).toBe(true);
        expect(r.rejected, JSON.stringify(id)).toEqual([{ line: 3, column: 'child_id', reason: expect.stringMatching(/invisible or space-like character \(U\+[0-9A-F]{4,5}\)/) }]);
      }
    }
    expect(store.getDataset('inv0')).toBeNull();
  });

  it('keeps ordinary identifiers, a space between characters and letters of other scripts included', async () => {
    const r = await outcome('visible', csv('C1,contact,2023-01-01,,', 'AB 12,contact,2023-01-02,,', 'Zoë-7,contact,2023-01-03,,', 'Ł1,contact,2023-01-03,,'));
    expect(r.failed).toBe(false);
    expect(r.imported).toBe(4);
  });
});

describe('child identifiers that show nothing, in the councils\' formats', () => {
  it('refuses them in an SSDA903 file and a CIN census with the row, the field and the code point', async () => {
    const header = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nX1,1,01/06/2010,WBRI,,,\n\u200b,1,01/06/2011,WBRI,,,\n';
    const cin = '<Message><Header><CollectionDetails><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails></Header><Children>\n<Child><ChildIdentifiers><LAchildID>\u2060\u00ad</LAchildID></ChildIdentifiers>\n<CINdetails><CINreferralDate>2022-05-01</CINreferralDate><ReferralNFA>false</ReferralNFA></CINdetails></Child></Children></Message>';
    const file = (format: 'ssda903' | 'cin', name: string, text: string) => ({ name, format, input: Readable.from([Buffer.from(text)]) });
    const r = await store.importSources('inv-formats', [file('ssda903', '2023-header.csv', header), file('cin', 'cin.xml', cin)], { lenient: true });
    const reasons = r.rejected.map((x) => [x.column, x.reason.replace(/ at character \d+.*/, '')]);
    expect(reasons).toContainEqual(['CHILD', 'the child identifier holds an invisible or space-like character (U+200B)']);
    expect(reasons).toContainEqual(['LAchildID', 'the child identifier holds an invisible or space-like character (U+2060)']);
  });
});

describe('a carriage return on its own inside a line (audit a12 finding 6)', () => {
  // In a file whose lines end in LF, `C8\rX,contact,…` was read as two records: "C8" (rejected, too few
  // fields) and a child "X", imported leniently; and every later line was numbered one too high.
  const text = `${HEADER}\nC1,contact,2023-01-01,,\nC8\rX,contact,2023-01-02,,\nC1,referral,2023-01-03,,\nC1,contact,2023-01-04,\r,\nC2,contact,2023-01-05\r,,\n`;

  it('is a stray character of its row, rejected with the row\'s line and column, never a new child', async () => {
    const lenient = await outcome('cr', text, { lenient: true });
    expect(lenient.rejected).toEqual([
      { line: 3, column: 'child_id', reason: expect.stringMatching(/carriage return/) },
      { line: 5, column: 'outcome', reason: expect.stringMatching(/carriage return/) },
      { line: 6, column: 'date', reason: expect.stringMatching(/carriage return/) },
    ]);
    expect(lenient).toMatchObject({ imported: 2, rows: 5 });
    expect(store.loadDataset('cr')!.table.childIds).toEqual(['C1']);
    expect((await outcome('cr-strict', text)).failed).toBe(true);
  });

  it('finds the same faults however the file is cut into chunks', async () => {
    const whole = (await outcome('cr-cut', text, { lenient: true })).rejected;
    for (let cut = 1; cut < text.length; cut++) {
      expect((await outcome('cr-cut', [text.slice(0, cut), text.slice(cut)], { lenient: true })).rejected, `cut at ${cut}`).toEqual(whole);
    }
  });

  it('inside quotes is text, not a line: later rows keep their line numbers, however the file is cut', async () => {
    // Before: a quoted "a\rb" counted as a line break, so the bad date on line 4 was reported on line 5.
    for (const eol of ['\n', '\r\n']) {
      const file = `${HEADER}${eol}C1,contact,2023-01-01,"a\rb",${eol}C2,contact,2023-01-02,,${eol}C3,contact,20230103,,${eol}`;
      for (let cut = 0; cut < file.length; cut++) {
        const r = await outcome('cr-quoted', cut === 0 ? file : [file.slice(0, cut), file.slice(cut)], { lenient: true });
        expect(r.rejected.map((x) => `${x.line} ${x.column}`), `${JSON.stringify(eol)} cut at ${cut}`).toEqual(['2 outcome', '4 date']);
      }
    }
  });

  it('still reads files whose lines end in CRLF, or in a lone CR (old Mac files), whatever the chunking', async () => {
    for (const eol of ['\r\n', '\r']) {
      const file = `${HEADER}${eol}C1,contact,2023-01-01,,${eol}C1,referral,2023-01-03,,${eol}C2,contact,2023-01-04,,${eol}`;
      for (let cut = 0; cut < file.length; cut += 2) {
        const r = await outcome('eol', cut === 0 ? file : [file.slice(0, cut), file.slice(cut)]);
        expect(r, `${JSON.stringify(eol)} cut at ${cut}`).toMatchObject({ failed: false, imported: 3, rejected: [] });
      }
    }
  });
});
