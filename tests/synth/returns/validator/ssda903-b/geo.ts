// The three episode fields the validator derives from postcodes (lac_validator/datastore.py) before
// any rule runs: PL_LA (the upper-tier LA of the placement postcode, or SCO/NIR/WAL), PL_LOCATION (IN
// when that is the return's LA, OUT otherwise, NaN when the postcode is unknown) and PL_DISTANCE
// (miles between home and placement by the ONS grid references, to one decimal).
//
// The validator looks postcodes up in the national postcode list. We have no copy of it, so the rules
// take a postcode book; the default book knows no postcode, which is exactly what the validator
// derives for our returns: their postcodes are made up (synth/returns/identifiers.ts) and match no
// real area, so all three fields are NaN for every episode.
import type { Row } from '../rule.js';
import { v } from './frame.js';

export interface PostcodeEntry {
  /** upper-tier LA code the validator compares with the return's LA */
  utla: string;
  /** lower-tier LA code; its first letter S, N or W marks Scotland, Northern Ireland or Wales */
  ltla: string;
  /** OS grid references, metres */
  east: number;
  north: number;
}

export interface PostcodeBook {
  /** the postcode upper-cased without spaces */
  find(postcode: string): PostcodeEntry | undefined;
}

export const NO_POSTCODES: PostcodeBook = { find: () => undefined };

export function postcodeBook(entries: Record<string, PostcodeEntry>): PostcodeBook {
  const map = new Map(Object.entries(entries).map(([pc, e]) => [pc.replace(/ /g, '').toUpperCase(), e]));
  return { find: (pc) => map.get(pc) };
}

export interface PlacementGeo {
  PL_LA: string | null;
  PL_LOCATION: 'IN' | 'OUT' | null;
  PL_DISTANCE: number | null;
}

const COUNTRY: Record<string, string> = { S: 'SCO', N: 'NIR', W: 'WAL' };

export function placementGeo(e: Row, book: PostcodeBook, localAuthority: string): PlacementGeo {
  const look = (col: string): PostcodeEntry | undefined => {
    const pc = v(e, col);
    return pc === null ? undefined : book.find(pc.replace(/ /g, ''));
  };
  const home = look('HOME_POST');
  const place = look('PL_POST');
  if (!place) return { PL_LA: null, PL_LOCATION: null, PL_DISTANCE: null };
  const country = COUNTRY[place.ltla[0]!.toUpperCase()];
  const PL_LA = country ?? place.utla;
  const PL_LOCATION = country || PL_LA !== localAuthority ? 'OUT' : 'IN';
  const PL_DISTANCE = home ? Math.round(Math.hypot(home.east - place.east, home.north - place.north) / 1000 / 1.6093 * 10) / 10 : null;
  return { PL_LA, PL_LOCATION, PL_DISTANCE };
}

export interface GeoOptions {
  postcodes?: PostcodeBook;
  /** the LA code PL_LA is compared with (the validator's `localAuthority`); the return's LA by default */
  localAuthority?: string;
}
