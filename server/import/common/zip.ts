// Reads the entries of a ZIP archive held in memory (an .xlsx workbook is one): the central
// directory at the end lists them, each is stored or deflated (node:zlib inflates it). ZIP64,
// encryption and multi-disk archives are refused with a plain reason.
import { promisify } from 'node:util';
import { createInflateRaw, inflateRaw, inflateRawSync } from 'node:zlib';

const inflateRawAsync = promisify(inflateRaw);

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

interface Entry {
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The most one archive may unpack to unless the server is configured otherwise (JOURNEYS_MAX_UNPACK_MB). */
export const DEFAULT_MAX_UNPACKED_BYTES = 512 * 1024 ** 2;

/**
 * What all the entries read from one archive may inflate to, together: 100 times the archive's size
 * (a workbook's XML deflates 4 to 30 times; deflate's own limit is about 1,000), at least 32 MiB so a
 * small workbook is never refused, and never more than `ceiling` (512 MiB unless configured). A zip
 * bomb (a few MB of deflated zeros or repeated text, or many directory entries pointing at one deflated
 * stream) is refused before it is inflated past this, rather than inflated to 1 GiB in one synchronous call.
 */
export function maxInflatedBytes(archiveBytes: number, ceiling: number = DEFAULT_MAX_UNPACKED_BYTES): number {
  return Math.min(ceiling, Math.max(32 * 1024 ** 2, 100 * archiveBytes));
}

export class ZipArchive {
  private readonly entries = new Map<string, Entry>();
  /** bytes still allowed to be inflated from this archive, over every read */
  private budget: number;
  private readonly limitBytes: number;
  /** the limit is the configured ceiling, not the multiple of the archive's size */
  private readonly atCeiling: boolean;

  constructor(
    private readonly bytes: Buffer,
    ceiling: number = DEFAULT_MAX_UNPACKED_BYTES,
  ) {
    const limit = maxInflatedBytes(bytes.length, ceiling);
    this.budget = limit;
    this.limitBytes = limit;
    this.atCeiling = limit === ceiling;
    const eocd = findEndOfCentralDirectory(bytes);
    const count = bytes.readUInt16LE(eocd + 10);
    const dirOffset = bytes.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff) throw new ZipError('the archive is in ZIP64 form, which is not supported');
    let p = dirOffset;
    for (let k = 0; k < count; k++) {
      if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw new ZipError('the archive\'s central directory is damaged');
      const flags = bytes.readUInt16LE(p + 8);
      const method = bytes.readUInt16LE(p + 10);
      const compressedSize = bytes.readUInt32LE(p + 20);
      const size = bytes.readUInt32LE(p + 24);
      const nameLength = bytes.readUInt16LE(p + 28);
      const extraLength = bytes.readUInt16LE(p + 30);
      const commentLength = bytes.readUInt16LE(p + 32);
      const localOffset = bytes.readUInt32LE(p + 42);
      const name = bytes.toString('utf8', p + 46, p + 46 + nameLength);
      this.entries.set(name.replace(/\\/g, '/'), { method, flags, compressedSize, size, localOffset });
      p += 46 + nameLength + extraLength + commentLength;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The entry's bytes, inflated. */
  read(name: string): Buffer {
    const { data, deflated } = this.stored(name);
    if (!deflated) return this.spend(name, data);
    let out: Buffer;
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, this.budget) });
    } catch (error) {
      throw this.inflateError(name, error);
    }
    return this.spend(name, out);
  }

  /**
   * `read`, the inflating done off the event loop (zlib's thread pool): a workbook's sheet of 150 MB
   * inflated in one stretch held the service for about 0.2 s (audit a12f M1).
   */
  async readAsync(name: string): Promise<Buffer> {
    const { data, deflated } = this.stored(name);
    if (!deflated) return this.spend(name, data);
    let out: Buffer;
    try {
      out = await inflateRawAsync(data, { maxOutputLength: Math.max(1, this.budget) });
    } catch (error) {
      throw this.inflateError(name, error);
    }
    return this.spend(name, out);
  }

  /**
   * `readAsync`, the entry left in the pieces zlib inflates it in (256 KiB each): zlib joining a 52 MB sheet
   * into one buffer when it ends was one copy of 40-50 ms on the event loop (audit a12f M1).
   */
  async readPiecesAsync(name: string): Promise<Buffer[]> {
    const { data, deflated } = this.stored(name);
    if (!deflated) return [this.spend(name, data)];
    const pieces: Buffer[] = [];
    let total = 0;
    const budget = this.budget;
    await new Promise<void>((resolve, reject) => {
      const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
      inflate.on('data', (piece: Buffer) => {
        total += piece.length;
        if (total > budget) {
          inflate.destroy();
          reject(this.tooLarge(name));
        } else pieces.push(piece);
      });
      inflate.on('error', (error) => reject(this.inflateError(name, error)));
      inflate.on('end', () => resolve());
      inflate.end(data);
    });
    this.budget -= total;
    return pieces;
  }

  /** An entry's stored bytes, checked; `deflated` when they must be inflated. */
  private stored(name: string): { data: Buffer; deflated: boolean } {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new ZipError(`the archive has no entry ${name}`);
    if ((entry.flags & 1) !== 0) throw new ZipError(`${name} is encrypted (save the workbook without a password)`);
    const p = entry.localOffset;
    if (p + 30 > this.bytes.length || this.bytes.readUInt32LE(p) !== 0x04034b50) throw new ZipError(`${name}: damaged entry header`);
    const start = p + 30 + this.bytes.readUInt16LE(p + 26) + this.bytes.readUInt16LE(p + 28);
    const data = this.bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) return { data, deflated: false };
    if (entry.method !== 8) throw new ZipError(`${name} uses compression method ${entry.method}; only stored and deflated entries are supported`);
    // The declared size is checked first (cheap), but it cannot be trusted: the inflate itself stops at the budget.
    if (entry.size > this.budget) throw this.tooLarge(name);
    return { data, deflated: true };
  }

  private inflateError(name: string, error: unknown): ZipError {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return this.tooLarge(name);
    return new ZipError(`${name}: the deflated data is damaged`);
  }

  private spend(name: string, data: Buffer): Buffer {
    if (data.length > this.budget) throw this.tooLarge(name);
    this.budget -= data.length;
    return data;
  }

  private tooLarge(name: string): ZipError {
    const mb = Math.round(this.limitBytes / 1024 ** 2);
    if (this.atCeiling) return new ZipError(`${name} unpacks to more than the ${mb} MB this server allows any workbook (JOURNEYS_MAX_UNPACK_MB sets it): a zip bomb, or a workbook too large for this server`);
    return new ZipError(`${name} unpacks to more than the ${mb} MB allowed for a workbook of this size (${this.bytes.length} bytes): it looks like a zip bomb, not a spreadsheet`);
  }
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const stop = Math.max(0, bytes.length - 22 - 65535);
  for (let p = bytes.length - 22; p >= stop; p--) {
    if (bytes.readUInt32LE(p) === 0x06054b50) return p;
  }
  throw new ZipError('the file is not a ZIP archive (an .xlsx workbook is one): no central directory found');
}
