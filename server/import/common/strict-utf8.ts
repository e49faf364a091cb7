// One strict UTF-8 decoder for every reader of uploaded text (events CSV, SSDA903, CIN XML): bytes that
// are not UTF-8 stop the import with the line and column they are on, rather than becoming U+FFFD
// (which silently turns one child's identifier into another's).
import { isUtf8 } from 'node:buffer';

/** Thrown by StrictUtf8Decoder: `before` is the valid text up to the bad bytes (feed it first, so the line count is right). */
export class InvalidUtf8Error extends Error {
  constructor(
    readonly before: string,
    /** 1-based column (in characters) of the first bad byte on its line */
    readonly column: number,
  ) {
    super('the text near here is not valid UTF-8');
    this.name = 'InvalidUtf8Error';
  }
}

/** The reason a reader gives (the line goes with it). */
export const notUtf8Reason = (column: number): string => `the text at character ${column} of this line is not valid UTF-8`;

export class StrictUtf8Decoder {
  /** the start of a character cut by the previous chunk's end */
  private carry: Buffer | null = null;
  /** characters decoded since the last line break */
  private column = 0;

  /** The text of `chunk` (a character cut by its end waits for the next chunk); throws InvalidUtf8Error. */
  write(chunk: Uint8Array): string {
    // Buffer#toString is several times faster than TextDecoder; isUtf8 keeps it strict.
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry !== null) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = null;
    }
    const complete = completeUtf8Length(bytes);
    if (complete < bytes.length) {
      this.carry = Buffer.from(bytes.subarray(complete));
      bytes = bytes.subarray(0, complete);
    }
    if (!isUtf8(bytes)) {
      const before = bytes.subarray(0, firstInvalidUtf8(bytes)).toString('utf8');
      this.advance(before);
      throw new InvalidUtf8Error(before, this.column + 1);
    }
    const text = bytes.toString('utf8');
    this.advance(text);
    return text;
  }

  /** Throws InvalidUtf8Error when the input ended inside a character. */
  end(): void {
    if (this.carry !== null) throw new InvalidUtf8Error('', this.column + 1);
  }

  private advance(text: string): void {
    const lf = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    this.column = lf < 0 ? this.column + text.length : text.length - lf - 1;
  }
}

/** Offset of the first byte of `bytes` that does not start or continue a valid UTF-8 character. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const size = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0 || i + size > n) return i;
    const b1 = bytes[i + 1]!;
    // the second byte's range rules out overlong forms, surrogates and code points past U+10FFFF
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k < size; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += size;
  }
  return n;
}

/** Length of the part of `bytes` that ends on a UTF-8 character boundary. */
function completeUtf8Length(bytes: Uint8Array): number {
  let k = bytes.length - 1;
  while (k >= 0 && bytes.length - k <= 4 && (bytes[k]! & 0xc0) === 0x80) k--;
  if (k < 0 || bytes.length - k > 4) return bytes.length; // not UTF-8 at all: isUtf8 will say so
  const lead = bytes[k]!;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - k >= size ? bytes.length : k;
}
