// Made-up identifiers of the right shape: UPNs with a valid check letter and postcodes, never real ones.
//
// A UPN is a check letter, the LA's 3-digit code, the school's 4-digit DfE establishment number, the
// 2-digit year of allocation and a 3-digit serial. Ours use establishment numbers 0000–0009, which no
// school has (DfE numbers start at 1000), so a synthetic UPN can never be a real pupil's. The check
// letter is the DfE's: the sum of each of characters 2–13 times its position, modulo 23, indexes the
// letters A–Z less I, O and S.
// Postcodes take the UK shape (outward code, space, digit and two letters) in areas that do not exist
// (single letters J, K, P, Q, T, U, V, X, Y, Z: the Royal Mail uses none of them alone), so none is real.

/**
 * A child's id as the returns write it: the generator's `SYN-` id without its hyphen. The CIN census
 * takes letters and digits only (CIN 1580, from the 2025 census); every return uses the same id, so a
 * child is one id across formats and years.
 */
export function returnChildId(id: string): string {
  return id.replace(/[^\p{L}\p{N}]/gu, '');
}

const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The check letter of the 12 characters after it (digits, or a final letter A–Z counted as 0–25?). */
export function upnCheckLetter(rest: string): string {
  if (!/^\d{11}[0-9A-Z]$/.test(rest)) throw new RangeError(`a UPN body is 11 digits and a digit or letter, got "${rest}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = rest.charCodeAt(i);
    const value = ch <= 57 ? ch - 48 : CHECK_LETTERS.indexOf(rest[i]!);
    sum += value * (i + 2);
  }
  return CHECK_LETTERS[sum % 23]!;
}

/** True when `upn` is 13 characters with the right check letter. */
export function isValidUpn(upn: string): boolean {
  return upn.length === 13 && upnCheckLetter(upn.slice(1)) === upn[0];
}

/** A UPN of LA `la`, allocated in `year`, serial `n` (0–9999): unique for distinct (year mod 100, n). */
export function syntheticUpn(la: string, year: number, n: number): string {
  if (!/^\d{3}$/.test(la)) throw new RangeError(`LA code must be 3 digits, got "${la}"`);
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`UPN serial out of range: ${n}`);
  const body = `${la}000${Math.floor(n / 1000)}${String(((year % 100) + 100) % 100).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return upnCheckLetter(body) + body;
}

/**
 * The UPNs of one run, distinct by construction (DfE rule 1520, "no duplicate UPN"): `next(year)` hands
 * out each (two-digit year, serial) slot once. A UPN carries the year it was allocated, the child's first
 * school year; each year has 10,000 serials (the establishment digit 0–9 and a 3-digit serial). When a
 * year's are used up (a cohort of more than 10,000 children, from about 140,000 children in a run) the
 * child gets the nearest year with room, the earlier first at equal distance (a UPN allocated at
 * nursery, or on joining a school later). Uniqueness is kept at any size; the year is exact only while
 * cohorts stay under 10,000 (a run of 200,000 children over two collection years has cohorts of up to
 * about 14,000: about a fifth of its UPNs then carry another year, tests/synth/returns/upn-privacy).
 * The 100 two-digit years hold 1,000,000 UPNs; more throws.
 */
export function upnAllocator(la: string): (year: number) => string {
  const used = new Array<number>(100).fill(0);
  let total = 0;
  const slot = (y: number): number => ((y % 100) + 100) % 100;
  return (year) => {
    if (total >= 1_000_000) throw new RangeError('no UPN left: one run has at most 1,000,000 (10,000 a year of allocation)');
    let y = year;
    for (let d = 1; used[slot(y)]! >= 10_000; d++) y = year + (d % 2 === 1 ? -Math.ceil(d / 2) : d / 2);
    total++;
    return syntheticUpn(la, y, used[slot(y)]!++);
  };
}

const AREAS = ['J', 'K', 'P', 'Q', 'T', 'U', 'V', 'X', 'Y', 'Z'];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'; // the Royal Mail's: never C, I, K, M, O, V

/** A postcode of the UK's shape in an area that does not exist. */
export function syntheticPostcode(random: () => number): string {
  const pick = (s: string | string[]): string => s[Math.floor(random() * s.length)]!;
  return `${pick(AREAS)}${1 + Math.floor(random() * 29)} ${Math.floor(random() * 10)}${pick(INWARD_LETTERS)}${pick(INWARD_LETTERS)}`;
}

/** True for a postcode in one of our made-up areas (what the privacy report checks). */
export function isSyntheticPostcode(postcode: string): boolean {
  return /^[JKPQTUVXYZ][1-9]\d? \d[A-Z]{2}$/.test(postcode);
}
