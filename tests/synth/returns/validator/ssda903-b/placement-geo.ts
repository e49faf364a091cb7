// Rules on the postcode-derived fields PL_LA, PL_LOCATION and PL_DISTANCE (see geo.ts). They take
// the postcode book as an option so a test can give them postcodes they know; the default book knows
// none, as the national list knows none of our made-up postcodes.
import type { Row } from '../rule.js';
import { eq, from, rule, upTo, v, type Return903 } from './frame.js';
import { carriedOver } from './last-year.js';
import { NO_POSTCODES, placementGeo, type GeoOptions, type PlacementGeo } from './geo.js';

export function placementGeoRules(options: GeoOptions = {}) {
  const book = options.postcodes ?? NO_POSTCODES;
  const la = (d: Return903): string => options.localAuthority ?? d.la;
  const geo = (d: Return903, e: Row | undefined): PlacementGeo => placementGeo(e ?? {}, book, la(d));
  const str = (x: string | number | null): string => (x === null ? 'nan' : String(x));
  const distanceMoved = (a: number | null, b: number | null): boolean => a !== null && b !== null && Math.abs(a - b) >= 0.2;

  return [
    rule('406', 'Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be blank. [NOTE: This check will result in false negatives for children formerly UASC not identified as such in loaded data]', (d, fail) => {
      // the ingress marks a header child UASC when it is in the UASC table; last year's header likewise
      const uasc = new Set(d.tables.uasc.map((u) => v(u, 'CHILD')));
      d.tables.episodes.forEach((e, i) => uasc.has(v(e, 'CHILD')) && geo(d, e).PL_DISTANCE !== null && fail('episodes', i));
    }),
    rule('420', 'LA of placement completed but child is looked after under legal status V3 or V4.', (d, fail) => {
      d.tables.episodes.forEach((e, i) => ['V3', 'V4'].includes(v(e, 'LS') ?? '') && geo(d, e).PL_LA !== null && fail('episodes', i));
    }),
    rule('452', 'Contradiction between local authority of placement code in the last episode of the previous year and in the first episode of the current year.', (d, fail) => {
      for (const [now, before, i] of carriedOver(d)) {
        if (eq(v(now, 'RNE'), v(before, 'RNE')) && str(geo(d, now).PL_LA) !== str(geo(d, before).PL_LA)) fail('episodes', i);
      }
    }),
    rule('453', 'Contradiction between placement distance in the last episode of the previous year and in the first episode of the current year.', (d, fail) => {
      for (const [now, before, i] of carriedOver(d)) {
        if (eq(v(now, 'RNE'), v(before, 'RNE')) && distanceMoved(geo(d, now).PL_DISTANCE, geo(d, before).PL_DISTANCE)) fail('episodes', i);
      }
    }),
    rule('454', 'Placement distance from home is over 350 miles. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]', (d, fail) => {
      d.tables.episodes.forEach((e, i) => {
        const miles = geo(d, e).PL_DISTANCE;
        if (miles !== null && miles > 350 && miles !== 999.9) fail('episodes', i);
      });
    }, from(2026)),
    rule('503G', 'The distance in first episode does not match open episode at end of last year.', (d, fail) => {
      for (const [now, before, i] of carriedOver(d)) if (distanceMoved(geo(d, now).PL_DISTANCE, geo(d, before).PL_DISTANCE)) fail('episodes', i);
    }, upTo(2023)),
    rule('503G', 'The distance in first episode does not match open episode at end of last year.', (d, fail) => {
      for (const [now, before, i] of carriedOver(d)) {
        const [a, b] = [geo(d, now).PL_DISTANCE, geo(d, before).PL_DISTANCE];
        if (distanceMoved(a, b) || (b === null && a !== null)) fail('episodes', i);
      }
    }, from(2024)),
    rule('503H', 'The placement LA in first episode does not match open episode at end of last year.', (d, fail) => {
      for (const [now, before, i] of carriedOver(d)) if (str(geo(d, now).PL_LA) !== str(geo(d, before).PL_LA)) fail('episodes', i);
    }),
    rule('503J', 'The placement location in first episode does not match open episode at end of last year.', (d, fail) => {
      for (const [now, before, i] of carriedOver(d)) if (str(geo(d, now).PL_LOCATION) !== str(geo(d, before).PL_LOCATION)) fail('episodes', i);
    }),
    ownProvision(['A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6'], upTo(2025)),
    ownProvision(['A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'K3'], from(2026)),
  ];

  function ownProvision(exempt: string[], years: [number, number]) {
    return rule('1015', 'Placement provider is own provision but child not placed in own LA.', (d, fail) => {
      d.tables.episodes.forEach((e, i) => {
        const place = v(e, 'PLACE');
        const ls = v(e, 'LS');
        if (place === null || ls === null || exempt.includes(place) || ['V3', 'V4'].includes(ls) || v(e, 'PLACE_PROVIDER') !== 'PR1') return;
        // an unknown placement LA is not the LA's own: the validator flags it
        if (geo(d, e).PL_LA !== la(d)) fail('episodes', i);
      });
    }, years);
  }
}

