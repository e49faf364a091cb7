// A child identifier must be text a person can see and read back. Characters that show nothing (a
// zero-width space, a word joiner, a soft hyphen, a byte-order mark, bidi controls, variation
// selectors, tag characters, Hangul fillers) or that look like a plain space (a no-break space) would
// let two different identifiers look the same, or an identifier look empty, and so two children be one
// on screen or one child two: such an identifier is refused with the character's code point (never
// the identifier itself). So is one holding a combining mark (Unicode category M: an accent typed as a
// character of its own, U+0301 after `K`): councils' identifiers are ASCII letters, digits and hyphens, so
// a mark in one is a typing or encoding accident, and NFKC does not fold it away (`K` + U+0301 becomes `Ḱ`,
// not `K`), so `K1` and `K` U+0301 `1` were two children (issue 12's audit, O5). Shared by every
// importer, as is the folding of compatibility forms (NFKC: a fullwidth `Ｋ1` is `K1`), so one child
// written two ways is one child in every format.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\u{e0000}-\u{e0fff}]/u;

/** Whether `code` needs no check: printable ASCII (a space only between other characters). */
const plain = (code: number): boolean => code >= 0x20 && code < 0x7f;

/** A combining mark (an accent, an enclosing circle, a vowel sign: Mn, Mc, Me) not already refused as invisible. */
const MARK = /\p{M}/u;

/** Why `id` cannot identify a child (its first invisible or space-like character, or combining mark), or null when it can. */
function unfitInChildId(id: string): string | null {
  let simple = true;
  for (let i = 0; i < id.length && simple; i++) simple = plain(id.charCodeAt(i));
  if (simple) return null;
  for (let i = 0; i < id.length; ) {
    const code = id.codePointAt(i)!;
    const char = String.fromCodePoint(code);
    const invisible = code !== 0x20 && INVISIBLE.test(char);
    if (invisible || MARK.test(char)) {
      const at = `(U+${code.toString(16).toUpperCase().padStart(4, '0')}) at character ${i + 1}`;
      return invisible
        ? `the child identifier holds an invisible or space-like character ${at}: identifiers must be visible text`
        : `the child identifier holds a combining mark ${at}: an accent or sign typed as a character of its own, a typing or encoding accident that would make one child two; identifiers must not hold one`;
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
 * or an invisible character or a combining mark; never quoting it). Printable ASCII, nearly every identifier, is returned as it is.
 */
export function childIdOf(raw: string): { id: string } | { reason: string } {
  let simple = true;
  for (let i = 0; i < raw.length && simple; i++) simple = plain(raw.charCodeAt(i));
  if (simple) return raw.length > MAX_CHILD_ID ? { reason: tooLong(raw.length) } : { id: raw };
  // As written first (a no-break space folds to a plain one, and `K` U+0301 to `Ḱ`, but both are still
  // refused), then as folded (a spacing diaeresis, U+00A8, folds to a space and a combining mark).
  const id = raw.normalize('NFKC');
  if (id.length > MAX_CHILD_ID) return { reason: tooLong(id.length) };
  const unfit = unfitInChildId(raw) ?? unfitInChildId(id);
  return unfit === null ? { id } : { reason: unfit };
}

const tooLong = (length: number): string => `the child identifier is ${length} characters long; at most ${MAX_CHILD_ID} are allowed`;
