// An Annex A workbook is a ZIP archive: a few MB of deflated zeros can unpack to a GiB. The reader
// refuses an archive whose entries unpack to far more than a workbook's XML ever does, before
// inflating it all, and the import that carried it writes nothing.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../../server/db/store.js';
import { ZipArchive, ZipError } from '../../../../server/import/common/zip.js';
import { writeXlsx } from '../../../../server/import/common/xlsx-write.js';
import { Workbook } from '../../../../server/import/common/xlsx.js';
import { storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();

interface RawEntry {
  name: string;
  /** deflated bytes */
  data: Buffer;
  /** the size the central directory declares */
  size: number;
}

/** A ZIP of deflated entries (CRCs left 0: the reader does not check them). `alias` adds directory entries pointing at entry 0's data. */
function zip(entries: readonly RawEntry[], alias: string[] = []): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    locals.push(local, name, e.data);
    offset += 30 + name.length + e.data.length;
  }
  const dir = [...entries.map((e, i) => ({ e, name: e.name, at: offsets[i]! })), ...alias.map((name) => ({ e: entries[0]!, name, at: offsets[0]! }))];
  for (const { e, name: n, at } of dir) {
    const name = Buffer.from(n);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(e.data.length, 20);
    c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(at, 42);
    central.push(c, name);
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(dir.length, 8);
  end.writeUInt16LE(dir.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

/** A real Annex A workbook whose first sheet is replaced by `zeros` bytes of deflated zeros, declared as `declared` bytes. */
function bombWorkbook(zeros: number, declared: number): Buffer {
  const good = writeXlsx([{ name: 'List 1', rows: [['Child Unique ID', 'Date of Contact'], ['C1', 44090]] }]);
  const archive = new ZipArchive(good);
  const sheet = Workbook.fromBytes(good).sheets[0]!.path;
  const entries = archive.names().map((name) => {
    if (name === sheet) return { name, data: deflateRawSync(Buffer.alloc(zeros)), size: declared };
    const bytes = archive.read(name);
    return { name, data: deflateRawSync(bytes), size: bytes.length };
  });
  return zip(entries);
}

describe('a workbook that unpacks far beyond its size (zip bomb)', () => {
  it('is refused as a 400 naming the file, whatever size it declares, and replaces nothing', async () => {
    const store = useStore();
    const good = writeXlsx([{ name: 'List 1', rows: [['Child Unique ID', 'Date of Contact'], ['C1', 44090]] }]);
    const before = await store.importSources('bombed', [textFile('annex-a', 'Annex A 2023.xlsx', good)], { lenient: true });
    expect(before.imported).toBeGreaterThan(0);
    const rowsBefore = store.loadDataset('bombed')!.table.length;

    // 64 MiB of zeros deflate to about 64 KB: a thousand times the file, and the honest or a lying declared size.
    for (const declared of [64 * 1024 ** 2, 1000]) {
      const bomb = bombWorkbook(64 * 1024 ** 2, declared);
      expect(bomb.length).toBeLessThan(200 * 1024);
      const error = await store.importSources('bombed', [textFile('annex-a', 'Annex A bomb.xlsx', bomb)], { lenient: true }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).statusCode).toBe(400);
      expect((error as ImportError).message).toMatch(/Annex A bomb\.xlsx.*unpacks to more than the 32 MB allowed/);
      expect(store.loadDataset('bombed')!.table.length).toBe(rowsBefore);
    }
    expect(store.listDatasets().map((d) => d.name)).toEqual(['bombed']);
  });

  it('counts every entry read from one archive, so many directory entries sharing one stream are refused too', () => {
    // 4 MiB of zeros, named 20 times: each read alone is within a 32 MiB limit, together 80 MiB are not.
    const data = deflateRawSync(Buffer.alloc(4 * 1024 ** 2));
    const archive = new ZipArchive(zip([{ name: 'a.xml', data, size: 4 * 1024 ** 2 }], Array.from({ length: 19 }, (_, i) => `b${i}.xml`)));
    let read = 0;
    const readAll = (): void => {
      for (const name of archive.names()) read += archive.read(name).length;
    };
    expect(readAll).toThrow(ZipError);
    expect(read).toBeLessThanOrEqual(32 * 1024 ** 2);
    expect(read).toBeGreaterThan(0);
  });

  it('still reads an ordinary workbook', () => {
    const wb = Workbook.fromBytes(writeXlsx([{ name: 'List 1', rows: [['Child', 'Date'], ['C1', 44090]] }]));
    const rows: unknown[] = [];
    wb.readSheet(wb.sheets[0]!, (r) => rows.push(r));
    expect(rows).toHaveLength(2);
  });
});

describe('the server-wide unpack ceiling (JOURNEYS_MAX_UNPACK_MB)', () => {
  /** An honest Annex A workbook with `rows` contacts: its sheet XML unpacks to about 100 bytes a row. */
  const honest = (rows: number): Buffer =>
    writeXlsx([{ name: 'List 1', rows: [['Child Unique ID', 'Date of Contact'], ...Array.from({ length: rows }, (_, i) => [`C${i}`, 44090 + (i % 300)])] }]);

  it('refuses a workbook past a configured ceiling, naming the setting, and reads it under a larger one', async () => {
    const store = useStore();
    const book = honest(40_000);
    let unpacked = 0;
    const zipOfBook = new ZipArchive(book);
    for (const name of zipOfBook.names()) unpacked += zipOfBook.read(name).length;
    expect(unpacked).toBeGreaterThan(2 * 1024 ** 2);
    const refused = await store.importSources('ceiling', [textFile('annex-a', 'Annex A 2024.xlsx', book)], { lenient: true, maxUnpackedBytes: 2 * 1024 ** 2 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as ImportError).message).toMatch(/Annex A 2024\.xlsx.*more than the 2 MB this server allows any workbook \(JOURNEYS_MAX_UNPACK_MB/);
    expect(store.getDataset('ceiling')).toBeNull();
    const report = await store.importSources('ceiling', [textFile('annex-a', 'Annex A 2024.xlsx', book)], { lenient: true, maxUnpackedBytes: 8 * 1024 ** 2 });
    expect(report.imported).toBe(40_000);
  });

  it('never lets the ceiling raise the multiple of the archive size that catches a bomb', () => {
    const bomb = bombWorkbook(64 * 1024 ** 2, 1000);
    const workbook = (): void => {
      const wb = Workbook.fromBytes(bomb, 1024 ** 3);
      wb.readSheet(wb.sheets[0]!, () => undefined);
    };
    expect(workbook).toThrow(/more than the 32 MB allowed for a workbook of this size/);
  });
});
