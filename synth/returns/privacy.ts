// The returns' part of the privacy report: every identifier the writers made up is of a kind that
// cannot be a real child's: ids `SYN-…` (written `SYN…` in the returns), UPNs with establishment numbers no school has (0000–0009),
// postcodes in areas that do not exist, and no child names at all. The only names are the allocated
// workers' (Annex A), each a first name and a surname of faker's own lists (with faker's titles and
// suffixes), never taken from the input; their ids (SSDA903 SW_ID) are `SWSYN` and digits, which no Social Work
// England registration number does. A made-up name can still be someone's name (faker's lists are of
// common names): what the check rules out is a name that did not come from faker.
import { en, en_GB } from '@faker-js/faker';
import { isSyntheticPostcode, isValidUpn, returnChildId } from './identifiers.js';
import type { Worker } from './enrich.js';
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
  /** distinct allocated workers */
  workers: number;
  /** workers whose name is not faker's (a first name and a surname of its lists) or whose id is not of the made-up `SWSYN` form */
  workersNotMadeUp: number;
}

type NameParts = 'first_name' | 'last_name' | 'prefix' | 'suffix';
let fakerNames: Record<NameParts, Set<string>> | undefined;
/** faker's first names, surnames, titles and suffixes (en_GB and en, the locales enrich.ts uses). */
function namesOfFaker(): Record<NameParts, Set<string>> {
  if (fakerNames) return fakerNames;
  const parts = { first_name: new Set<string>(), last_name: new Set<string>(), prefix: new Set<string>(), suffix: new Set<string>() };
  for (const locale of [en_GB, en]) {
    const person = (locale.person ?? {}) as Partial<Record<NameParts, Record<string, string[]> | undefined>>;
    for (const key of Object.keys(parts) as NameParts[]) for (const list of Object.values(person[key] ?? {})) for (const v of list) parts[key].add(v);
  }
  return (fakerNames = parts);
}

/** True for a name faker makes: [title] first name surname[-surname] [suffix], every part of its lists. */
export function isFakerName(name: string): boolean {
  const { first_name, last_name, prefix, suffix } = namesOfFaker();
  const words = name.split(' ');
  if (words.length > 2 && prefix.has(words[0]!)) words.shift();
  if (words.length > 2 && suffix.has(words[words.length - 1]!)) words.pop();
  return words.length === 2 && first_name.has(words[0]!) && words[1]!.split('-').every((w) => last_name.has(w));
}

/** True for a worker id of the made-up form (enrich.ts madeUpWorkerId). */
export function isMadeUpWorkerId(id: string): boolean {
  return /^SWSYN\d{6}$/.test(id);
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
  const workers = new Map<string, Worker>();
  for (const { extra } of cases) {
    for (const w of [extra.contactWorker, ...extra.episodes.map((e) => e.worker), ...extra.care.flatMap((c) => c.social.map((s) => s.worker))]) workers.set(`${w.id}\u0000${w.name}`, w);
  }
  let workersNotMadeUp = 0;
  for (const w of workers.values()) if (!isMadeUpWorkerId(w.id) || !isFakerName(w.name)) workersNotMadeUp++;
  return {
    pass: realLookingIds + upnsNotSynthetic + duplicateUpns + postcodesNotSynthetic + workersNotMadeUp === 0,
    children: cases.length, realLookingIds, upnsNotSynthetic, duplicateUpns, postcodesNotSynthetic, workers: workers.size, workersNotMadeUp,
  };
}
