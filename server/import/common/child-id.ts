// A child identifier must be text a person can see and read back. Characters that show nothing (a
// zero-width space, a word joiner, a soft hyphen, a byte-order mark, bidi controls, variation
// selectors, tag characters, Hangul fillers) or that look like a plain space (a no-break space) would
// let two different identifiers look the same, or an identifier look empty, and so two children be one
// on screen or one child two: such an identifier is refused with the character's code point (never
// the identifier itself). Shared by every importer, as is the folding of compatibility forms (NFKC:
// a fullwidth `Ｋ1` is `K1`), so one child written two ways is one child in every format.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\u{e0000}-\u{e0fff}]/u;

/** Whether `code` needs no check: printable ASCII (a space only between other characters). */
const plain = (code: number): boolean => code >= 0x20 && code < 0x7f;

/** Why `id` cannot identify a child, or null when it can. */
export function invisibleInChildId(id: string): string | null {
  let simple = true;
  for (let i = 0; i < id.length && simple; i++) simple = plain(id.charCodeAt(i));
  if (simple) return null;
  for (let i = 0; i < id.length; ) {
    const code = id.codePointAt(i)!;
    const char = String.fromCodePoint(code);
    if (code !== 0x20 && INVISIBLE.test(char)) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      return `the child identifier holds an invisible or space-like character (U+${hex}) at character ${i + 1}: identifiers must be visible text`;
    }
    i += char.length;
  }
  return null;
}

/** Longest child identifier, in characters once folded. */
export const MAX_CHILD_ID = 64;

/**
 * The identifier every importer keeps for `raw` (already trimmed): folded to NFKC (fullwidth and other
 * compatibility forms become the plain characters they stand for), or why it cannot be one (too long,
 * or an invisible character; never quoting it). Printable ASCII, nearly every identifier, is returned as it is.
 */
export function childIdOf(raw: string): { id: string } | { reason: string } {
  let simple = true;
  for (let i = 0; i < raw.length && simple; i++) simple = plain(raw.charCodeAt(i));
  if (simple) return raw.length > MAX_CHILD_ID ? { reason: tooLong(raw.length) } : { id: raw };
  // As written first (a no-break space folds to a plain one, but is still refused), then as folded.
  const id = raw.normalize('NFKC');
  if (id.length > MAX_CHILD_ID) return { reason: tooLong(id.length) };
  const invisible = invisibleInChildId(raw) ?? invisibleInChildId(id);
  return invisible === null ? { id } : { reason: invisible };
}

const tooLong = (length: number): string => `the child identifier is ${length} characters long; at most ${MAX_CHILD_ID} are allowed`;
