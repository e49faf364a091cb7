// What the returns record beyond the journey, made up per child from its own seed (the run's seed and
// the child's id), so a child gets the same UPN, postcodes, workers, legal statuses, placements,
// reviews, missing episodes and adoption details in every format and every year written: names from
// @faker-js/faker, codes from the DfE's lists, dates inside the spans the rules put them in.
import { Faker, base, en, en_GB } from '@faker-js/faker';
import { addMonths } from '../../core/dates.js';
import { seededRandom } from '../../core/random.js';
import type { CarePeriod, CaseRecord, CinEpisode } from './case.js';
import { syntheticPostcode } from './identifiers.js';
import { meetingDay } from './working-days.js';

export interface Worker {
  /** a workforce-census style id, made up */
  id: string;
  name: string;
  team: string;
}

export interface CareEpisode {
  start: number;
  end: number | null;
  rne: string;
  ls: string;
  need: string;
  place: string;
  provider: string;
  /** X1 between episodes of a period, the period's reason at its end, blank while open */
  rec: string;
  /** SSDA903 reason the placement of this episode changed, on the episode that ends with the change (the next has RNE P); blank otherwise */
  reasonPlaceChange: string;
  placePostcode: string;
  /** Ofsted URN: a children's home's (made up, `SCZ` and 4 digits: no Ofsted URN has a Z), XXXXXXX for foster and adoptive placements */
  urn: string;
}

export interface Adoption {
  /** decision that the child should be placed for adoption (PlacedAdoption DATE_PLACED, AD1 DATE_INT) */
  decision: number;
  matched: number;
  fosterCare: string;
  adopters: number;
  adopterSex: string;
  adopterStatus: string;
}

export interface CareEnrichment {
  episodes: CareEpisode[];
  reviews: { day: number; code: string }[];
  /** M missing, A away from placement without authorisation */
  missing: { start: number; end: number; kind: 'M' | 'A' }[];
  social: { worker: Worker; start: number; end: number | null; reason: string }[];
  adoption: Adoption | null;
  /** a decision to place for adoption later reversed (PlacedAdoption DATE_PLACED_CEASED, REASON_PLACED_CEASED RD1-RD4) */
  adoptionReversed: { decision: number; ceased: number; reason: string } | null;
  /** previous permanence before this period: Z1 (none or not known) or P1–P3 with a date and LA */
  prevPerm: { code: string; la: string; date: number | null };
}

export interface EpisodeEnrichment {
  need: string;
  team: string;
  worker: Worker;
  /** assessment factors per assessment */
  factors: string[][];
  /** initial and latest category of abuse per CP plan */
  categories: { initial: string; latest: string }[];
  /** review conferences per CP plan */
  cpReviews: number[][];
  /** who completed each early help assessment is on the case, not the episode */
}

export interface Enrichment {
  /** 13-character UPN, given to children of school age (see upnAt) */
  upn: string;
  homePostcode: string;
  /** SSDA903 has no code for unknown sex: 1 or 2 */
  sex903: string;
  disabilities: string[];
  uasc: boolean;
  episodes: EpisodeEnrichment[];
  care: CareEnrichment[];
  contactWorker: Worker;
  earlyHelpOrganisation: string;
  /** SDQ and health answers for OC2, drawn once */
  oc2: { sdq: number; sdqReason: string; immunised: boolean; teeth: boolean; health: boolean; substance: boolean; interventionReceived: boolean; interventionOffered: boolean; healthCheck: boolean; convicted: boolean };
  /** date of birth of a looked-after young woman's child (SSDA903 MOTHER 1, MC_DOB), null for none */
  motherChildDob: number | null;
  /** seed of the care leaver answers (OC3), drawn per year from it (care-leavers.ts) */
  leaverSeed: number;
}

export interface Council {
  /** 3-digit LA code (used in UPNs and as the CIN census LEA) */
  la: string;
  teams: Record<'front' | 'assessment' | 'cin' | 'cp' | 'care' | 'leaving' | 'earlyHelp', string[]>;
  workers: Map<string, Worker[]>;
}

const TEAMS: Council['teams'] = {
  front: ['MASH'],
  assessment: ['Assessment Team North', 'Assessment Team South'],
  cin: ['Children in Need Team 1', 'Children in Need Team 2'],
  cp: ['Child Protection Team East', 'Child Protection Team West'],
  care: ['Children in Care Team'],
  leaving: ['Leaving Care Team'],
  earlyHelp: ['Early Help Hub', 'Family Support Service'],
};

function newFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(seed);
  return faker;
}

/**
 * A social worker id (SSDA903 SW_ID) no real worker has: a real SW_ID is the worker's Social Work England
 * registration number, `SW` and digits only; these are `SWSYN` and six digits, which none is, and begin `SW`
 * as the validator asks (SW02STG1: `SW` or `XX`; privacy.ts checks the form).
 */
export function madeUpWorkerId(n: number): string {
  return `SWSYN${String(100000 + n).slice(-6)}`;
}

/** The council's teams and their workers (faker names, made-up ids), from the run's seed. */
export function makeCouncil(seed: number, la = '201'): Council {
  const faker = newFaker(seed ^ 0x5eed);
  const workers = new Map<string, Worker[]>();
  let n = 0;
  for (const team of Object.values(TEAMS).flat()) {
    const list: Worker[] = [];
    for (let i = 0; i < 8; i++) list.push({ id: madeUpWorkerId(++n * 7919 + (seed % 1000)), name: faker.person.fullName(), team });
    workers.set(team, list);
  }
  return { la, teams: TEAMS, workers };
}

/** A 32-bit hash of the run's seed and a child's id: each child's own seed. */
export function childSeed(seed: number, id: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

const NEED_CODES = ['N1', 'N1', 'N1', 'N1', 'N2', 'N3', 'N4', 'N4', 'N5', 'N6', 'N7', 'N8'];
const FACTORS = ['1B', '1C', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '5A', '5B', '5C', '6A', '6B', '7A', '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A', '14A', '15A', '16A', '17A', '18B', '18C', '19B', '19C', '20', '21', '22A', '23A', '24A'];
/** factors an assessment can find (all but 21, "no factors identified") */
const FACTORS_FOUND = FACTORS.filter((f) => f !== '21');
const CATEGORIES = ['NEG', 'NEG', 'NEG', 'EMO', 'EMO', 'PHY', 'SAB', 'MUL'];
const DISABILITIES = ['AUT', 'BEH', 'COMM', 'CON', 'DDA', 'HAND', 'HEAR', 'INC', 'LD', 'MOB', 'PC', 'VIS'];
const PLACE_CHANGE = ['CARPL', 'CLOSE', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'OTHER'];

/** `upn(year)`: a UPN first allocated in `year` (or later), distinct from every other of the run (identifiers.ts upnAllocator). */
export function enrichCase(record: CaseRecord, council: Council, seed: number, upn: (year: number) => string): Enrichment {
  const child = record.child;
  const random = seededRandom(childSeed(seed, child.id));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number): boolean => random() < p;
  const between = (lo: number, hi: number): number => (hi <= lo ? lo : lo + Math.floor(random() * (hi - lo + 1)));
  const worker = (team: string): Worker => pick(council.workers.get(team)!);
  // Draws added later come from a stream of their own, so the draws above keep their values.
  const more = seededRandom(childSeed(seed, child.id) ^ 0xa5a5a5a5);

  const schoolYear = civilYear(addMonths(child.dob, 12 * 4 + 7));
  const sex903 = child.sex === 'F' ? '2' : child.sex === 'M' ? '1' : chance(0.5) ? '1' : '2';
  const disabled = child.disability === 'Y';
  // a disabled child often has more than one disability, each recorded (CIN 2888Q)
  const disabilities = disabled ? [...new Set([pick(DISABILITIES), ...(chance(0.3) ? [pick(DISABILITIES)] : [])])] : ['NONE'];
  const ageAt = (day: number): number => yearsBetween(child.dob, day);
  const firstCare = record.care[0];
  // (a child adopted is no UASC: an adoption needs a placement order, a UASC is accommodated under section 20)
  const adopted = record.care.some((p) => p.reason === 'E11' || p.reason === 'E12');
  const uasc = firstCare !== undefined && !adopted && chance(uascChance(ageAt(firstCare.start), sex903));

  const episodes: EpisodeEnrichment[] = record.episodes.map((ep) => enrichEpisode(ep, council, pick, chance, between, worker, record));
  // An assessment of a disabled child records the disability as a factor (CIN 8899Q): 5A for a learning
  // disability, 6A for any other (the factors of the CIN census guide).
  if (disabled) for (const ep of episodes) ep.factors = ep.factors.map((f) => withDisabilityFactor(f, disabilities.includes('LD') ? '5A' : '6A'));
  // each period of care's social workers from a stream of their own (enrichCare)
  const swStream = (index: number): (() => number) => seededRandom((childSeed(seed, child.id) ^ 0x3c3c3c3c) + index * 0x9e3779b1);
  const care = record.care.map((period, i) => enrichCare(period, i, record, council, { pick, chance, between, worker }, uasc, more, swStream));
  joinSocialWorkers(care, record.care);
  return {
    upn: upn(schoolYear),
    homePostcode: syntheticPostcode(random),
    sex903,
    disabilities,
    uasc,
    episodes,
    care,
    contactWorker: worker(pick(council.teams.front)),
    earlyHelpOrganisation: pick(council.teams.earlyHelp),
    oc2: oc2Answers({ sdq: between(2, 30), immunised: chance(0.88), teeth: chance(0.8), health: chance(0.9), substance: chance(0.04), convicted: chance(0.03) }, more),
    motherChildDob: sex903 === '2' ? motherChildDob(child.dob, record.care, more) : null,
    // drawn last, so no earlier draw moves
    leaverSeed: Math.floor(random() * 2 ** 32),
  };
}

/**
 * OC2 answers beyond the first draws: a reason for no SDQ score (SDQ1-SDQ5) for about one child in six
 * (the DfE's SDQ completion is about 80%), and for a substance misuse problem whether an intervention
 * was received and, if not, offered (SSDA903 158, 159, 192).
 */
function oc2Answers(first: { sdq: number; immunised: boolean; teeth: boolean; health: boolean; substance: boolean; convicted: boolean }, more: () => number): Enrichment['oc2'] {
  const noScore = more() < 0.17;
  // SDQ2 carer refused, SDQ3 disability too severe, SDQ4 young person refused, SDQ5 other (SDQ1, not aged
  // 4 to 16, is the writer's, by age)
  const sdqReason = noScore ? ['SDQ2', 'SDQ3', 'SDQ4', 'SDQ5'][Math.floor(more() * 4)]! : '';
  const interventionReceived = first.substance && more() < 0.6;
  const interventionOffered = first.substance && !interventionReceived && more() < 0.5;
  // under 5s: development assessments up to date for most (HEALTH_CHECK, about 88% nationally)
  const healthCheck = more() < 0.88;
  return { ...first, sdqReason, interventionReceived, interventionOffered, healthCheck };
}

/**
 * A young woman looked after from 15 who had a child while in care (SSDA903
 * MOTHER, MC_DOB; drawn for about 1 in 7, before the writer leaves out those no file can record): the birth falls inside a period of care, after her 15th birthday and before her 18th.
 */
function motherChildDob(dob: number, periods: readonly CarePeriod[], more: () => number): number | null {
  const from = addMonths(dob, 12 * 15);
  const to = addMonths(dob, 12 * 18) - 1;
  const spans = periods.map((p) => [Math.max(p.start + 30, from), Math.min(p.end ?? to, to)] as const).filter(([a, b]) => b - a >= 60);
  if (spans.length === 0 || more() >= 0.15) return null;
  const [a, b] = spans[Math.floor(more() * spans.length)]!;
  return a + Math.floor(more() * (b - a));
}

/**
 * The chance that a child first looked after at `age` is an unaccompanied asylum-seeking child: most
 * UASC are boys of 14 to 17 (DfE: 22% of children starting care in 2023 to 2025, 9% of those looked
 * after on 31 March 2024; calibration-england.md). The generator brings no UASC of its own into care, so
 * they are drawn from its teenage starters, nearly every boy of 14 to 17 among them: the share of
 * starters then follows how many teenagers the generator brings into care (README, synthetic returns).
 */
export function uascChance(age: number, sex903: string): number {
  const boy = sex903 === '1';
  if (age >= 14 && age <= 17) return boy ? 0.95 : 0.3;
  if (age === 13) return boy ? 0.4 : 0.1;
  return 0;
}

/** An assessment's factors with `factor` among them ("21, no factors identified" gives way to it: CIN 8869). */
function withDisabilityFactor(factors: string[], factor: string): string[] {
  if (factors.includes('5A') || factors.includes('6A')) return factors;
  return [...factors.filter((f) => f !== '21'), factor];
}

interface Draw {
  pick: <T>(xs: readonly T[]) => T;
  chance: (p: number) => boolean;
  between: (lo: number, hi: number) => number;
  worker: (team: string) => Worker;
}

function enrichEpisode(ep: CinEpisode, council: Council, pick: Draw['pick'], chance: Draw['chance'], between: Draw['between'], worker: Draw['worker'], record: CaseRecord): EpisodeEnrichment {
  const team = ep.cpPlans.length > 0 ? pick(council.teams.cp) : ep.cinPlans.length > 0 ? pick(council.teams.cin) : pick(council.teams.assessment);
  const inCare = record.care.some((p) => p.start >= ep.referral && (ep.closure === null || p.start <= ep.closure));
  return {
    need: inCare ? pick(['N1', 'N1', 'N2', 'N4', 'N5', 'N8']) : pick(NEED_CODES),
    team,
    worker: worker(team),
    factors: ep.assessments.map((a) => {
      const n = 1 + (chance(0.6) ? 1 : 0) + (chance(0.3) ? 1 : 0);
      const set = new Set<string>();
      while (set.size < n) set.add(pick(FACTORS));
      // 21 is "no factors identified": never beside another factor (CIN 8869), and only where the
      // assessment found nothing to act on and the case closed after it (RC8/RC9, CIN 8873Q)
      const nothingFound = a.outcome === 'nfa' && ep.assessments.length === 1 && (ep.closureReason === 'RC8' || ep.closureReason === 'RC9');
      if (!nothingFound && set.has('21')) {
        set.delete('21');
        if (set.size === 0) set.add(pick(FACTORS_FOUND));
      }
      return set.has('21') ? ['21'] : [...set];
    }),
    categories: ep.cpPlans.map(() => {
      const initial = pick(CATEGORIES);
      return { initial, latest: chance(0.85) ? initial : pick(CATEGORIES) };
    }),
    cpReviews: ep.cpPlans.map((plan) => {
      // First review conference within 3 months of the plan, then every 6 months while it lasts.
      const reviews: number[] = [];
      const last = plan.end ?? plan.start + 3650; // an open plan: reviews far enough ahead for any year written
      // held on working days (CIN 8875 asks it of conferences; a review conference is one too)
      for (let d = plan.start + between(60, 89); d < last; d += between(150, 182)) {
        const held = meetingDay(d, (reviews.at(-1) ?? plan.start) + 1, last - 1);
        if (held !== null) reviews.push(held);
      }
      return reviews;
    }),
  };
}

/** Another local authority's 3-digit code, for a previous permanence order made elsewhere. */
const OTHER_LAS = ['202', '203', '204', '206', '301', '302', '304', '330', '350', '800', '822', '845', '867', '919', '926', '938'];
/** REC codes that end care with a permanence order, and the previous permanence code they give a later period. */
const PERMANENCE_REC: Record<string, string> = { E11: 'P1', E12: 'P1', E43: 'P2', E44: 'P2', E45: 'P2', E46: 'P2', E47: 'P2', E48: 'P2', E41: 'P3' };

/**
 * Mean days between changes of social worker (exponential gaps). Judged on the children looked after on 31
 * March 2024 and 2025 of a 20,000-child population (seeds 1-8, the built-in model with care end reasons by
 * age band, 2026-12-05): 370 days gave 35-52% keeping one worker (mean 46%) and 15-20% with 3 or more
 * (mean 17%), against England's 38% and 24-27%; 290 gives 30-42% (mean 38%) and 21-30% (mean 25%). More
 * of those children now began care during the year, with less time for a change, than under the model before.
 */
const SW_MEAN_GAP_DAYS = 290;
const SW_REASONS = ['MANAGE', 'LEFTRL', 'ORGRST', 'CHCHAN', 'OTHERS'];

function enrichCare(period: CarePeriod, index: number, record: CaseRecord, council: Council, draw: Draw, uasc: boolean, more: () => number, swStream: (index: number) => () => number): CareEnrichment {
  const { pick, chance, between } = draw;
  const child = record.child;
  const age = yearsBetween(child.dob, period.start);
  const end = period.end;
  const adopted = period.reason === 'E11' || period.reason === 'E12';
  const need = uasc ? 'N8' : pick(['N1', 'N1', 'N1', 'N2', 'N4', 'N5', 'N6', 'N8']);
  const section20 = uasc || (!adopted && age >= 10 && chance(0.35)) || (!adopted && chance(0.12));

  // Legal status over the period: section 20 throughout, or an interim care order then a full one, or,
  // for a child adopted, an interim care order then a placement order.
  const lsChanges: { day: number; ls: string }[] = [];
  if (section20) lsChanges.push({ day: period.start, ls: 'V2' });
  else if (adopted && end !== null) {
    // An adoption needs a placement order (E1) before it: halfway through a short period at the latest.
    const order = period.start + Math.min(between(120, 300), Math.floor((end - period.start) / 2));
    if (order <= period.start) lsChanges.push({ day: period.start, ls: 'E1' });
    else lsChanges.push({ day: period.start, ls: 'C1' }, { day: order, ls: 'E1' });
  } else {
    lsChanges.push({ day: period.start, ls: 'C1' });
    const fullOrder = period.start + between(120, 300);
    if (fullOrder < (end ?? Infinity) - 1) lsChanges.push({ day: fullOrder, ls: 'C2' });
  }

  // Placements: a foster placement, moves every so often, an adoptive placement before an adoption.
  const lastDay = end ?? period.start + 3650;
  const moves: number[] = [];
  for (let d = period.start + between(90, 540); d < lastDay - 7; d += between(120, 720)) moves.push(d);
  let adoptive: number | null = null;
  if (adopted && end !== null) {
    const e1 = lsChanges.find((c) => c.ls === 'E1');
    const earliest = e1 ? e1.day + 1 : period.start + 1;
    if (end - 2 > earliest) adoptive = Math.max(earliest, end - between(90, 300));
  }
  const younger = age < 12;
  const firstPlace = age >= 13 && chance(0.3) ? 'K2' : pick(younger ? ['U4', 'U4', 'U5', 'U6', 'U1'] : ['U4', 'U5', 'U6', 'U4', 'U2']);
  // Own provision (PR1) for adoption and family and friends placements; foster carers the LA's own or an
  // agency's (PR4 private, PR5 voluntary) or another LA's (PR2); children's homes private or voluntary, or
  // another LA's: never our own, since an own home must be in the LA (1015) and a made-up postcode is in none.
  const provider = (place: string): string => {
    if (place.startsWith('A') || place === 'U1' || place === 'U2' || place === 'U3') return 'PR1';
    const own = chance(0.55);
    const r = more();
    if (place === 'K2') return r < 0.78 ? 'PR4' : r < 0.92 ? 'PR5' : 'PR2';
    return own ? 'PR1' : r < 0.8 ? 'PR4' : r < 0.93 ? 'PR5' : 'PR2';
  };
  // a children's home's URN, one per home (its postcode)
  const urnOf = (place: string, postcode: string): string => (place === 'K2' ? `SCZ${String(hashText(postcode) % 10000).padStart(4, '0')}` : 'XXXXXXX');

  const cuts = new Map<number, 'L' | 'P' | 'A'>();
  for (const c of lsChanges.slice(1)) cuts.set(c.day, 'L');
  for (const m of moves) if (!cuts.has(m) && (adoptive === null || m < adoptive - 1)) cuts.set(m, 'P');
  if (adoptive !== null) cuts.set(adoptive, 'A');
  const days = [...cuts.keys()].filter((d) => d > period.start && (end === null || d < end)).sort((a, b) => a - b);

  const episodes: CareEpisode[] = [];
  let place = firstPlace;
  let placeProvider = provider(place);
  let placePost = syntheticPostcode(() => (draw.between(0, 9999) + 0.5) / 10000);
  let ls = lsChanges[0]!.ls;
  let start = period.start;
  let rne = 'S';
  for (const day of [...days, null]) {
    // REASON_PLACE_CHANGE is recorded on the episode whose placement ends (SSDA903 225), filled in below.
    const ending: CareEpisode = { start, end: day ?? end, rne, ls, need, place, provider: placeProvider, rec: day === null ? (end === null ? '' : period.reason || 'E8') : 'X1', reasonPlaceChange: '', placePostcode: placePost, urn: urnOf(place, placePost) };
    episodes.push(ending);
    if (day === null) break;
    const kind = cuts.get(day)!;
    start = day;
    if (kind === 'L') {
      ls = lsChanges.find((c) => c.day === day)!.ls;
      rne = 'L';
    } else {
      place = kind === 'A' ? 'A6' : nextPlace(place, age + (day - period.start) / 365.25, pick, chance);
      placeProvider = provider(place);
      placePost = syntheticPostcode(() => (draw.between(0, 9999) + 0.5) / 10000);
      rne = 'P';
      ending.reasonPlaceChange = kind === 'A' ? 'CARPL' : pick(PLACE_CHANGE);
    }
  }

  // A special guardianship or child arrangements order to former foster carers (E45, E46) ends a foster
  // placement (SSDA903 516): the last placement before it is with those carers.
  const final = episodes[episodes.length - 1]!;
  if ((period.reason === 'E45' || period.reason === 'E46') && !final.place.startsWith('U')) {
    const prior = episodes[episodes.length - 2];
    final.place = prior?.place === 'U4' ? 'U5' : 'U4';
    if (prior && final.rne === 'L') final.place = prior.place.startsWith('U') ? prior.place : final.place;
    final.urn = urnOf(final.place, final.placePostcode);
  }

  // Statutory reviews: within 20 working days, then 3 months, then every 6 months.
  const reviews: { day: number; code: string }[] = [];
  const reviewEnd = end ?? Infinity;
  for (let d = period.start + between(10, 27), k = 0; d <= reviewEnd && k < 60; k++) {
    // a review is a meeting: held on a working day inside the period, after the one before
    const held = meetingDay(d, (reviews.at(-1)?.day ?? period.start) + 1, reviewEnd);
    const reviewAge = yearsBetween(child.dob, held ?? d);
    const code = reviewAge < 4 ? 'PN0' : pick(['PN1', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7']);
    if (held !== null) reviews.push({ day: held, code });
    d += k === 0 ? between(80, 92) : between(160, 183);
  }

  // Missing from placement: some older children, a few nights each time.
  const missing: CareEnrichment['missing'] = [];
  if (age >= 11 && chance(0.25)) {
    const stop = end ?? period.start + 3650;
    for (let d = period.start + between(20, 200); d + 3 < stop && missing.length < 6; d += between(30, 240)) {
      // about two in five episodes are absences (away without authorisation, A) rather than missing (M)
      missing.push({ start: d, end: Math.min(d + between(0, 3), stop), kind: more() < 0.4 ? 'A' : 'M' });
    }
  }

  // Social workers: one from the start, changing now and then (SW_REASON codes of the SSDA903 guide), at
  // random times, about once a year (exponential gaps of mean SW_MEAN_GAP_DAYS, at least 14 days): of the
  // children in care all year about 37% keep one worker, 37% have two and 26% three or more, as the
  // DfE's social worker stability figures give (38/38/24% for 1-4 year olds looked after 12 months on 31
  // March 2025; 24-27% with 3 or more of all looked after on 31 March 2024 and 2025). Drawn from the
  // period's own stream, so the number of changes moves no other draw.
  const social: CareEnrichment['social'] = [];
  const sw = swStream(index);
  const swWorker = (previous: Worker | null): Worker => {
    const teams = age >= 16 ? council.teams.leaving : council.teams.care;
    const list = council.workers.get(teams[Math.floor(sw() * teams.length)]!)!;
    const others = previous === null ? list : list.filter((w) => w.id !== previous.id);
    return others[Math.floor(sw() * others.length)]!;
  };
  let swStart = period.start;
  let reason = 'CHCHAN';
  let current = swWorker(null);
  for (;;) {
    const change = swStart + Math.max(14, Math.round(-Math.log(1 - sw()) * SW_MEAN_GAP_DAYS));
    if (change >= (end ?? Infinity) - 3 || (end === null && change > period.start + 365 * 20)) {
      social.push({ worker: current, start: swStart, end, reason });
      break;
    }
    social.push({ worker: current, start: swStart, end: change, reason });
    swStart = change;
    reason = SW_REASONS[Math.floor(sw() * SW_REASONS.length)]!;
    current = swWorker(current);
  }

  let adoption: Adoption | null = null;
  if (adoptive !== null) {
    const e1 = lsChanges.find((c) => c.ls === 'E1')!;
    const decision = between(period.start, e1.day);
    const adopters = chance(0.8) ? 2 : 1;
    adoption = {
      decision,
      matched: between(decision, adoptive),
      fosterCare: chance(0.15) ? '1' : '0',
      adopters,
      adopterSex: adopters === 1 ? pick(['M1', 'F1']) : pick(['MF', 'MF', 'MF', 'MM', 'FF']),
      adopterStatus: adopters === 1 ? 'L0' : pick(['L11', 'L12', 'L2']),
    };
    // Married or civil partners: L11 a man and a woman, L12 two men or two women (SSDA903 520, 524).
    if (adoption.adopterStatus === 'L11' && adoption.adopterSex !== 'MF') adoption.adopterStatus = 'L12';
    else if (adoption.adopterStatus === 'L12' && adoption.adopterSex === 'MF') adoption.adopterStatus = 'L11';
    // Adopted by their foster carers (SSDA903 335): placed for adoption with them under the placement order
    // (A5, not A6), a change of placement with the same carers (RNE T, 217) at the same address. Only a
    // child in foster care can be; for any other the adopters are not its carers.
    const k = episodes.findIndex((ep) => ep.place === 'A6');
    const before = episodes[k - 1];
    if (adoption.fosterCare === '1' && k > 0 && before!.place.startsWith('U')) Object.assign(episodes[k]!, { place: 'A5', rne: 'T', placePostcode: before!.placePostcode });
    else adoption.fosterCare = '0';
  }
  // A decision to place a young child for adoption that was later reversed (RD1 needs changed, RD2 no
  // placement order, RD3 no adopters found, RD4 other): about 1 in 4 young children on care orders who stay over 400 days and are not adopted.
  let adoptionReversed: CareEnrichment['adoptionReversed'] = null;
  const stayed = (end ?? period.start + 3650) - period.start;
  if (!adopted && !section20 && age < 8 && stayed > 400 && more() < 0.25) {
    const decision = period.start + 90 + Math.floor(more() * Math.min(300, stayed - 300));
    const ceased = Math.min(decision + 60 + Math.floor(more() * 300), (end ?? Infinity) - 1);
    adoptionReversed = { decision, ceased, reason: ['RD1', 'RD2', 'RD3', 'RD4'][Math.floor(more() * 4)]! };
  }
  return { episodes, reviews, missing, social, adoption, adoptionReversed, prevPerm: previousPermanence(period, index, record, council, more) };
}

/**
 * PrevPerm for a period: a child who left an earlier period of ours with an adoption, special guardianship
 * or child arrangements order had that permanence (P1, P2, P3; our LA, the date that period ended); of
 * the rest, a few had one arranged elsewhere before they came (about 1 in 25), with a date after birth and
 * before care. Z1 otherwise: none, or not known.
 */
function previousPermanence(period: CarePeriod, index: number, record: CaseRecord, council: Council, more: () => number): CareEnrichment['prevPerm'] {
  const before = record.care.slice(0, index).reverse().find((p) => p.end !== null && PERMANENCE_REC[p.reason] !== undefined);
  if (before) return { code: PERMANENCE_REC[before.reason]!, la: council.la, date: before.end };
  const dob = record.child.dob;
  if (period.start - dob > 730 && more() < 0.04) {
    const code = ['P1', 'P2', 'P2', 'P3', 'P3'][Math.floor(more() * 5)]!;
    const la = more() < 0.5 ? council.la : OTHER_LAS[Math.floor(more() * OTHER_LAS.length)]!;
    const date = dob + 180 + Math.floor(more() * (period.start - dob - 365));
    return { code, la, date };
  }
  return { code: 'Z1', la: '', date: null };
}

function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Social worker episodes cover the year before a return even while the child was not looked after
 * (SSDA903 SW10–SW12): when care resumes within a year, the worker who had the child when the last period
 * ended stays on until the new period's worker takes over.
 */
function joinSocialWorkers(care: CareEnrichment[], periods: readonly CarePeriod[]): void {
  for (let i = 1; i < care.length; i++) {
    const last = care[i - 1]!.social.at(-1);
    const ended = periods[i - 1]!.end;
    if (!last || ended === null || periods[i]!.start - ended >= 365 || last.end !== ended) continue;
    last.end = periods[i]!.start;
  }
}

function nextPlace(current: string, age: number, pick: Draw['pick'], chance: Draw['chance']): string {
  if (age >= 13 && chance(0.35)) return 'K2';
  const options = ['U4', 'U5', 'U6', 'U1', 'U2'].filter((p) => p !== current);
  return pick(options);
}

function civilYear(day: number): number {
  return new Date(day * 86400000).getUTCFullYear();
}

/** Whole years from `dob` to `day` (a birthday counts on the day). */
export function yearsBetween(dob: number, day: number): number {
  const a = new Date(dob * 86400000);
  const b = new Date(day * 86400000);
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) years--;
  return years;
}
