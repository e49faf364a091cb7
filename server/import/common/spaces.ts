// The characters a field is trimmed of: every Unicode space (White_Space), and the zero-width no-break
// space. Shared by the CSV parser (which refuses a vertical tab or form feed only where trimming keeps it)
// and the events importer (which trims).

/** Whether a field is trimmed of this character. */
export function isTrimmed(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The bounds of text[from, to) once trimmed, as [start, end). */
export function trimmedRange(text: string, from: number, to: number): [number, number] {
  let a = from;
  let b = to;
  while (a < b && isTrimmed(text.charCodeAt(a))) a++;
  while (b > a && isTrimmed(text.charCodeAt(b - 1))) b--;
  return [a, b];
}

/** `text` trimmed of every Unicode space (String#trim misses U+0085). */
export function trimSpaces(text: string): string {
  const [a, b] = trimmedRange(text, 0, text.length);
  return a === 0 && b === text.length ? text : text.slice(a, b);
}

/** The first vertical tab or form feed inside text[from, to) once trimmed (trimming takes those at the ends), or -1. */
export function spaceControlInside(text: string, from: number, to: number): number {
  const [a, b] = trimmedRange(text, from, to);
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    if (c === 11 || c === 12) return c;
  }
  return -1;
}
