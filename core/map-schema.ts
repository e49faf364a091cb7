// A tube map as data: stations with design coordinates, coloured lines drawn through them, the rules
// that turn each event into the stations a child visits, and the transitions the map expects. Validated
// once, on load: a map that could drop an event, draw a line that is not octilinear, leave a move its
// rules can produce without a direct segment, or run a track past a third station is refused with the
// file, path and why.
import { z } from './zod.js';
import { EVENT_TYPES, OUTCOMES_BY_EVENT, type EventType } from './events.js';
import { STATION_CLEARANCE, computeTracks, segmentKey, tracksTooClose } from './tracks.js';

export interface MapStation {
  id: string;
  name: string;
  /**
   * a shorter name ("S47", "In care") the map uses when it is drawn too small for the full names to
   * sit side by side without touching (a phone); at most SHORT_NAME_MAX characters
   */
  short?: string;
  x: number;
  y: number;
  kind: 'station' | 'interchange' | 'exit';
  label?: { dx: number; dy: number; anchor: 'start' | 'middle' | 'end' };
  /** children waiting here longer than this many working days are "over target" (assessment: 45) */
  targetWorkingDays?: number;
  /**
   * a wait here longer than this many calendar days is past belief: most likely a step the records
   * never closed. The numbers still count it (they are specified); the table and tooltip say how many.
   */
  staleAfterDays?: number;
}

export interface MapLine {
  id: string;
  name: string;
  /** #rrggbb */
  colour: string;
  /**
   * what a move on a line of this colour means, in a reader's words ("into care (looked after)"): the map's
   * key says it beside the colour. One line of each colour carries it (the first is used).
   */
  meaning?: string;
  /**
   * station ids and bend waypoints [x, y], in drawing order. Each two stations next to each other on a
   * path (bends between them allowed) are joined by a direct segment: the only tracks dots travel.
   */
  path: (string | [number, number])[];
  /**
   * the lane its segments take where they share a corridor (0 the centre, ±k side by side), when no
   * earlier segment there holds it; absent, the free lane nearest the centre. Lets a bundle nest so
   * lines leave it without crossing each other.
   */
  lane?: number;
}

export interface MapRule {
  event: EventType;
  /** absent: any outcome; null: blank only; a code: that outcome only */
  outcome?: string | null;
  /** stations visited in order on the event's date; [] = the event moves nobody */
  stations: string[];
}

export interface MapDefinition {
  id: string;
  name: string;
  description?: string;
  width: number;
  height: number;
  stations: MapStation[];
  lines: MapLine[];
  rules: MapRule[];
  /**
   * moves between stations the map expects [from, to] (besides those inside a rule, such as contact →
   * NFA), named for the reader; each must have a direct segment. Every move the rules can produce
   * (producibleTransitions) needs one too, listed here or not: a dot only travels a drawn segment.
   */
  transitions?: [string, string][];
}

/** Station indices are bytes on the wire and 255 marks an entry, so a map holds at most 254 stations. */
export const MAX_STATIONS = 254;

const ID = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a slug: a lowercase letter, then a-z, 0-9, _ or -');
const coordinate = z.number().finite();

/** A short name fits beside a dot queue on a 390 px phone at 12 px: "Early help" at most. */
export const SHORT_NAME_MAX = 10;

const StationSchema = z.strictObject({
  id: ID,
  name: z.string().min(1),
  short: z.string().trim().min(1, 'a short name needs at least one character').max(SHORT_NAME_MAX, `a short name has at most ${SHORT_NAME_MAX} characters`).optional(),
  x: coordinate,
  y: coordinate,
  kind: z.enum(['station', 'interchange', 'exit']),
  label: z
    .strictObject({ dx: coordinate, dy: coordinate, anchor: z.enum(['start', 'middle', 'end']) })
    .optional(),
  targetWorkingDays: z.number().int().positive().optional(),
  staleAfterDays: z.number().int().positive().optional(),
});

const LineSchema = z.strictObject({
  id: ID,
  name: z.string().min(1),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour #rrggbb'),
  meaning: z.string().trim().min(1).max(120).optional(),
  path: z.array(z.union([z.string(), z.tuple([coordinate, coordinate])])).min(2, 'a line needs at least two points'),
  lane: z.number().int().min(-8).max(8).optional(),
});

const RuleSchema = z.strictObject({
  event: z.enum(EVENT_TYPES),
  outcome: z.string().nullable().optional(),
  stations: z.array(z.string()),
});

/** Slope check with a tolerance for coordinates typed by hand as decimals. */
function isOctilinear(dx: number, dy: number): boolean {
  const eps = 1e-6 * Math.max(1, Math.abs(dx), Math.abs(dy));
  return Math.abs(dx) <= eps || Math.abs(dy) <= eps || Math.abs(Math.abs(dx) - Math.abs(dy)) <= eps;
}

function checkMap(map: z.infer<typeof ShapeSchema>, ctx: z.RefinementCtx): void {
  let problems = 0;
  const issue = (path: (string | number)[], message: string) => {
    problems++;
    ctx.addIssue({ code: 'custom', path, message });
  };

  if (map.stations.length > MAX_STATIONS) {
    issue(['stations'], `has ${map.stations.length} stations; at most ${MAX_STATIONS} are allowed`);
  }
  const stations = new Map<string, MapStation>();
  map.stations.forEach((s, i) => {
    if (stations.has(s.id)) issue(['stations', i, 'id'], `duplicate station id "${s.id}"`);
    else stations.set(s.id, s);
  });
  const lineIds = new Set<string>();
  const onALine = new Set<string>();
  map.lines.forEach((line, li) => {
    if (lineIds.has(line.id)) issue(['lines', li, 'id'], `duplicate line id "${line.id}"`);
    lineIds.add(line.id);
    let previous: { x: number; y: number; name: string } | null = null;
    line.path.forEach((point, pi) => {
      let here: { x: number; y: number; name: string };
      if (typeof point === 'string') {
        const station = stations.get(point);
        if (!station) {
          issue(['lines', li, 'path', pi], `line "${line.id}" goes through unknown station "${point}"`);
          previous = null;
          return;
        }
        onALine.add(point);
        here = { x: station.x, y: station.y, name: `"${point}"` };
      } else {
        here = { x: point[0], y: point[1], name: `[${point[0]}, ${point[1]}]` };
      }
      if (previous) {
        const dx = here.x - previous.x;
        const dy = here.y - previous.y;
        if (dx === 0 && dy === 0) {
          issue(['lines', li, 'path', pi], `line "${line.id}": segment ${previous.name} → ${here.name} has zero length`);
        } else if (!isOctilinear(dx, dy)) {
          issue(
            ['lines', li, 'path', pi],
            `line "${line.id}": segment ${previous.name} → ${here.name} is not horizontal, vertical or 45° (dx ${dx}, dy ${dy})`,
          );
        }
      }
      previous = here;
    });
  });
  map.stations.forEach((s, i) => {
    if (!onALine.has(s.id)) issue(['stations', i], `station "${s.id}" lies on no line`);
  });

  map.rules.forEach((rule, ri) => {
    const allowed = OUTCOMES_BY_EVENT[rule.event];
    if (typeof rule.outcome === 'string' && !allowed.includes(rule.outcome)) {
      issue(
        ['rules', ri, 'outcome'],
        `"${rule.outcome}" is no outcome of ${rule.event} (allowed: ${allowed.join(', ') || 'blank only'})`,
      );
    }
    rule.stations.forEach((id, si) => {
      if (!stations.has(id)) issue(['rules', ri, 'stations', si], `unknown station "${id}"`);
    });
  });
  // Every (event, outcome) an import can hold must reach a rule, so no event is silently ignored.
  for (const event of EVENT_TYPES) {
    const missing = [null, ...OUTCOMES_BY_EVENT[event]].filter((o) => findRule(map.rules, event, o) < 0);
    if (missing.length > 0) {
      const what = missing.map((o) => (o === null ? 'blank' : `"${o}"`)).join(', ');
      issue(['rules'], `no rule for event ${event} with outcome ${what} (add one; "stations": [] says it moves nobody)`);
    }
  }
  (map.transitions ?? []).forEach(([from, to], ti) => {
    for (const [k, id] of [[0, from], [1, to]] as const) {
      if (!stations.has(id)) issue(['transitions', ti, k], `unknown station "${id}"`);
    }
    if (from === to) issue(['transitions', ti], `a transition joins two different stations, not "${from}" with itself`);
    if (stations.get(from)?.kind === 'exit') issue(['transitions', ti, 0], `"${from}" is an exit: a trip ends there, so nothing moves on from it`);
  });
  if (problems > 0) return;

  // Every expected transition has a direct segment; then no track runs past a third station.
  const parsed = map as MapDefinition;
  const tracks = computeTracks(parsed);
  // Every pair the rules can produce has a segment: a dot never vanishes at one station and reappears at
  // another. (No exception list: a move the rules allow is one some child will make.)
  const joined = (from: string, to: string) => tracks.segments.has(segmentKey(index(parsed, from), index(parsed, to)));
  const uncovered = producibleTransitions(parsed).filter(([from, to]) => !joined(from, to));
  if (uncovered.length > 0) {
    issue(
      ['lines'],
      `the rules can move a child ${uncovered.map(([from, to]) => `${from} → ${to}`).join(', ')} but no segment joins them (add a line whose path has each pair next to each other; npx tsx tests/maps/route-missing.ts MAP.json proposes routes)`,
    );
  }
  const missing = expectedTransitions(parsed).filter(([from, to]) => !tracks.segments.has(segmentKey(index(parsed, from), index(parsed, to))));
  if (missing.length > 0) {
    issue(
      ['transitions'],
      `no direct segment for ${missing.map(([from, to]) => `${from} → ${to}`).join(', ')} (add a line whose path has each pair next to each other)`,
    );
  }
  for (const close of tracksTooClose(parsed, tracks)) {
    issue(
      ['lines', close.line],
      `line "${map.lines[close.line]!.id}": the track ${close.from} → ${close.to} passes ${close.distance.toFixed(1)} from station "${close.station}" (keep at least ${STATION_CLEARANCE} away: a dot would seem to visit it)`,
    );
  }
}

function index(map: MapDefinition, id: string): number {
  return map.stations.findIndex((s) => s.id === id);
}

/**
 * The moves a map must draw a direct segment for: consecutive stations inside one rule (contact → NFA),
 * then the declared `transitions`; each pair once, in that order.
 */
export function expectedTransitions(map: MapDefinition): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  const add = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    out.push([from, to]);
  };
  for (const rule of map.rules) for (let i = 1; i < rule.stations.length; i++) add(rule.stations[i - 1]!, rule.stations[i]!);
  for (const [from, to] of map.transitions ?? []) add(from, to);
  return out;
}

/**
 * Every move between two stations that walking children's events through the map's rules can produce
 * (journey-walk.ts), each pair once: consecutive stations inside a rule (contact → NFA), and, across
 * events, from any station where an event leaves a dot (a rule's last station, unless an exit) to any
 * station where an event brings one (a rule's first station), or back to a period's station when a
 * step ends (a rule's last station again). Across events the journey grammar (grammar.ts) orders
 * steps only within a referral episode, while a child's episodes, care and early help interleave
 * (a new contact while in care, care starting during an S47): so any such event can follow any other.
 */
export function producibleTransitions(map: MapDefinition): [string, string][] {
  const exit = new Set(map.stations.filter((s) => s.kind === 'exit').map((s) => s.id));
  const rests = new Set<string>();
  const arrivals = new Set<string>();
  for (const rule of map.rules) {
    if (rule.stations.length === 0) continue;
    arrivals.add(rule.stations[0]!);
    const last = rule.stations.at(-1)!;
    if (!exit.has(last)) rests.add(last);
  }
  for (const s of rests) arrivals.add(s);
  const seen = new Set<string>();
  const out: [string, string][] = [];
  const add = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    if (from === to || exit.has(from) || seen.has(key)) return;
    seen.add(key);
    out.push([from, to]);
  };
  for (const rule of map.rules) for (let i = 1; i < rule.stations.length; i++) add(rule.stations[i - 1]!, rule.stations[i]!);
  const order = map.stations.map((s) => s.id);
  for (const from of order) if (rests.has(from)) for (const to of order) if (arrivals.has(to)) add(from, to);
  return out;
}

const ShapeSchema = z.strictObject({
  id: ID,
  name: z.string().min(1),
  description: z.string().optional(),
  width: z.number().positive().finite(),
  height: z.number().positive().finite(),
  stations: z.array(StationSchema).min(1),
  lines: z.array(LineSchema).min(1),
  rules: z.array(RuleSchema),
  transitions: z.array(z.tuple([z.string(), z.string()])).optional(),
});

export const MapDefinitionSchema: z.ZodType<MapDefinition> = ShapeSchema.superRefine(checkMap);

/** Index of the first rule matching an event and outcome (null = blank), or -1. First match wins. */
export function findRule(rules: readonly MapRule[], event: EventType, outcome: string | null): number {
  return rules.findIndex(
    (r) => r.event === event && (r.outcome === undefined || (r.outcome ?? null) === outcome),
  );
}

/** Validates a parsed map file; throws one Error listing every problem as `file: path: reason`. */
export function parseMapDefinition(json: unknown, fileName?: string): MapDefinition {
  const result = MapDefinitionSchema.safeParse(json);
  if (result.success) return result.data;
  const where = fileName ?? 'map';
  const lines = result.error.issues.map((i) => {
    const path = i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(root)';
    return `${where}: ${path}: ${i.message}`;
  });
  throw new Error(`invalid map ${where}:\n${lines.join('\n')}`);
}

/**
 * The stations a contact leaves a child waiting at for a referral (the last station of a contact rule
 * for outcome referral, blank or any, when not an exit): there a contact's wait past staleAfterDays is
 * not counted, and the station's pastHorizon is not part of its number (core/journey-walk.ts contactExpiry).
 */
export function contactStations(map: MapDefinition): Set<string> {
  const exits = new Set(map.stations.filter((s) => s.kind === 'exit').map((s) => s.id));
  const forReferral = (r: MapRule) => r.outcome === undefined || r.outcome === null || r.outcome === 'referral';
  return new Set(map.rules.filter((r) => r.event === 'contact' && forReferral(r) && r.stations.length > 0 && !exits.has(r.stations.at(-1)!)).map((r) => r.stations.at(-1)!));
}
