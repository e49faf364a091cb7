// Events cross the JavaScript/SQLite boundary packed into two exact integers (below 2^53) per row,
// because the cost of a row there grows with the number of values bound or returned:
//   child_code = child_idx * 2^24 + (type | outcome << 8 | source << 16)
//   time_key   = (day + DAY_OFFSET) * 86401 + seconds + 1   (orders like (day, seconds))

/** Keeps time keys positive for any 4-digit year (day numbers go down to -719528). */
export const DAY_OFFSET = 800_000;
/** seconds -1 (no time given) … 86399 */
export const SECONDS_SPAN = 86_401;
export const CHILD_SHIFT = 2 ** 24;

export function childCode(childIdx: number, type: number, outcome: number, source: number): number {
  return childIdx * CHILD_SHIFT + (type | (outcome << 8) | (source << 16));
}

export function timeKey(day: number, seconds: number): number {
  return (day + DAY_OFFSET) * SECONDS_SPAN + seconds + 1;
}

/** SQL expressions packing the columns of `events`, and unpacking the staged ones. */
export const SQL = {
  childCode: 'child_idx * 16777216 + (type | (outcome << 8) | (source << 16))',
  timeKey: `(day + ${DAY_OFFSET}) * ${SECONDS_SPAN} + seconds + 1`,
  childIdx: 'child_code >> 24',
  type: 'child_code & 255',
  outcome: '(child_code >> 8) & 255',
  source: '(child_code >> 16) & 255',
  day: `time_key / ${SECONDS_SPAN} - ${DAY_OFFSET}`,
  seconds: `time_key % ${SECONDS_SPAN} - 1`,
} as const;
