// The returns' part of the privacy report: every identifier the writers made up is of a kind that
// cannot be a real child's: ids `SYN-…` (written `SYN…` in the returns), UPNs with establishment numbers no school has (0000–0009),
// postcodes in areas that do not exist, and no child names at all (only workers', from faker).
import { isSyntheticPostcode, isValidUpn, returnChildId } from './identifiers.js';
import type { ReturnCase } from './return-case.js';

export interface ReturnsPrivacy {
  pass: boolean;
  children: number;
  /** ids not of the generator's `SYN-` form */
  realLookingIds: number;
  /** UPNs with a wrong check letter, or an establishment number a school could have */
  upnsNotSynthetic: number;
  duplicateUpns: number;
  /** postcodes in a real postcode area */
  postcodesNotSynthetic: number;
}

export function returnsPrivacy(cases: readonly ReturnCase[]): ReturnsPrivacy {
  let realLookingIds = 0;
  let upnsNotSynthetic = 0;
  let postcodesNotSynthetic = 0;
  const upns = new Set<string>();
  for (const { record, extra } of cases) {
    if (!record.child.id.startsWith('SYN-') || !returnChildId(record.child.id).startsWith('SYN')) realLookingIds++;
    if (!isValidUpn(extra.upn) || extra.upn.slice(4, 7) !== '000') upnsNotSynthetic++;
    upns.add(extra.upn);
    const postcodes = [extra.homePostcode, ...extra.care.flatMap((c) => c.episodes.map((e) => e.placePostcode))];
    postcodesNotSynthetic += postcodes.filter((p) => !isSyntheticPostcode(p)).length;
  }
  const duplicateUpns = cases.length - upns.size;
  return { pass: realLookingIds + upnsNotSynthetic + duplicateUpns + postcodesNotSynthetic === 0, children: cases.length, realLookingIds, upnsNotSynthetic, duplicateUpns, postcodesNotSynthetic };
}
