// Looks codes up straight from a field's place in the line (text, start, end), so the importer does
// not cut a string out of the line for each code of each row. Spellings written in the canonical or
// lower case (nearly all of them) are found by comparing in place; anything else is cut out,
// lower-cased and looked up, which gives the same answer more slowly.

interface Spelling {
  text: string;
  code: number;
}

/** Buckets are keyed by length and the first character's low 7 bits. */
const FIRST_BITS = 7;

export class CodeTable {
  private readonly buckets: (Spelling[] | null)[];
  private readonly byLowerCase = new Map<string, number>();
  private readonly maxLength: number;

  /** Each code list's entry `i` stands for code `i + offset`. */
  static indexed(codes: readonly string[], offset: number): CodeTable {
    return new CodeTable(codes.map((text, i) => [text, i + offset]));
  }

  /** (canonical spelling, code) pairs */
  constructor(entries: readonly (readonly [string, number])[]) {
    const spellings: Spelling[] = [];
    for (const [canonical, code] of entries) {
      const lower = canonical.toLowerCase();
      this.byLowerCase.set(lower, code);
      for (const text of new Set([canonical, lower])) spellings.push({ text, code });
    }
    this.maxLength = Math.max(0, ...spellings.map((s) => s.text.length));
    // Filled with null up front: an array given elements far apart would become a slow hash table.
    this.buckets = new Array<Spelling[] | null>(bucketKey(this.maxLength + 1, 0)).fill(null);
    for (const spelling of spellings) (this.buckets[bucketKey(spelling.text.length, spelling.text.charCodeAt(0))] ??= []).push(spelling);
  }

  /** The code of the text s[start, end), in any case; -1 when it is none of the codes. */
  find(s: string, start: number, end: number): number {
    const length = end - start;
    if (length > 0 && length <= this.maxLength) {
      const bucket = this.buckets[bucketKey(length, s.charCodeAt(start))];
      if (bucket !== null && bucket !== undefined) {
        for (const spelling of bucket) if (s.startsWith(spelling.text, start)) return spelling.code;
      }
    }
    return this.byLowerCase.get(s.slice(start, end).toLowerCase()) ?? -1;
  }
}

function bucketKey(length: number, first: number): number {
  return (length << FIRST_BITS) | (first & ((1 << FIRST_BITS) - 1));
}
