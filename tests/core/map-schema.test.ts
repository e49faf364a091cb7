import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MapDefinitionSchema, findRule, parseMapDefinition, type MapDefinition } from '../../core/map-schema.js';

const mapsDir = new URL('../../maps/', import.meta.url);
const readMap = (name: string): unknown => JSON.parse(readFileSync(new URL(name, mapsDir), 'utf8'));
const frontDoor = () => structuredClone(readMap('front-door.json')) as MapDefinition;

/** The error message parseMapDefinition throws for a broken copy of the front-door map. */
function rejection(breakIt: (map: MapDefinition) => void, fileName = 'maps/broken.json'): string {
  const map = frontDoor();
  breakIt(map);
  try {
    parseMapDefinition(map, fileName);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the broken map was accepted');
}

describe('parseMapDefinition', () => {
  it('accepts every map shipped in maps/', () => {
    const files = readdirSync(mapsDir).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(expect.arrayContaining(['front-door.json', 'small-council.json']));
    for (const file of files) {
      const map = parseMapDefinition(readMap(file), file);
      expect(map.id).toBe(file.replace(/\.json$/, ''));
    }
  });

  it('keeps "outcome" absent (any outcome) apart from null (blank only)', () => {
    const map = frontDoor();
    map.rules.unshift({ event: 'icpc', outcome: null, stations: ['icpc'] });
    const parsed = parseMapDefinition(map);
    expect('outcome' in parsed.rules[0]!).toBe(true);
    expect(parsed.rules[0]!.outcome).toBeNull();
    expect(parsed.rules.find((r) => r.event === 'strategy_discussion')).not.toHaveProperty('outcome');
  });

  it('names the file, the path and the reason', () => {
    const message = rejection((m) => (m.stations[0]!.x = 'left' as unknown as number), 'maps/mine.json');
    expect(message).toContain('maps/mine.json');
    expect(message).toMatch(/stations\[0\]\.x: .*number/i);
  });

  it('rejects duplicate station ids', () => {
    expect(rejection((m) => (m.stations[1]!.id = 'contact'))).toMatch(/stations\[1\]\.id: duplicate station id "contact"/);
  });

  it('rejects duplicate line ids', () => {
    expect(rejection((m) => (m.lines[1]!.id = m.lines[0]!.id))).toMatch(/lines\[1\]\.id: duplicate line id "front_door"/);
  });

  it('rejects ids that are not slugs', () => {
    expect(rejection((m) => (m.lines[0]!.id = 'Front Door'))).toMatch(/lines\[0\]\.id: must be a slug/);
    expect(rejection((m) => (m.id = '1st-map'))).toMatch(/id: must be a slug/);
  });

  it('rejects a colour that is not #rrggbb', () => {
    expect(rejection((m) => (m.lines[2]!.colour = 'red'))).toMatch(/lines\[2\]\.colour: must be a colour #rrggbb/);
  });

  it('rejects a line through an unknown station', () => {
    expect(rejection((m) => m.lines[0]!.path.push('hospital'))).toMatch(
      /lines\[0\]\.path\[5\]: line "front_door" goes through unknown station "hospital"/,
    );
  });

  it('rejects a rule visiting an unknown station', () => {
    expect(rejection((m) => (m.rules[0]!.stations = ['contact', 'nowhere']))).toMatch(
      /rules\[0\]\.stations\[1\]: unknown station "nowhere"/,
    );
  });

  it('rejects more than 254 stations', () => {
    const message = rejection((m) => {
      for (let i = 0; i < 250; i++) {
        m.stations.push({ id: `extra${i}`, name: `Extra ${i}`, x: i * 10, y: 0, kind: 'station' });
        m.lines.push({ id: `extra${i}`, name: 'Extra', colour: '#123456', path: [`extra${i}`, [i * 10, 10]] });
      }
    });
    expect(message).toMatch(/stations: has 262 stations; at most 254 are allowed/);
  });

  it('rejects an outcome the event does not have', () => {
    expect(rejection((m) => m.rules.unshift({ event: 'referral', outcome: 'cin', stations: [] }))).toMatch(
      /rules\[0\]\.outcome: "cin" is no outcome of referral \(allowed: nfa\)/,
    );
  });

  it('rejects a map that would silently ignore an event, naming the event and outcomes', () => {
    const message = rejection((m) => (m.rules = m.rules.filter((r) => !(r.event === 'assessment_end' && r.outcome === undefined))));
    expect(message).toMatch(/no rule for event assessment_end with outcome blank, "cin"/);
    expect(message).not.toMatch(/"nfa"|"early_help"/);
  });

  it('rejects a map with no rule at all for an event type', () => {
    expect(rejection((m) => (m.rules = m.rules.filter((r) => r.event !== 'cla_start')))).toMatch(
      /no rule for event cla_start with outcome blank/,
    );
  });

  it('rejects a segment that is not horizontal, vertical or 45°, naming the line and the segment', () => {
    const message = rejection((m) => (m.lines.find((l) => l.id === 'protection')!.path[1] = [430, 130]));
    expect(message).toMatch(/lines\[1\]\.path\[1\]: line "protection": segment "referral" → \[430, 130\] is not horizontal, vertical or 45°/);
  });

  it('rejects a zero-length segment', () => {
    expect(rejection((m) => m.lines[0]!.path.splice(1, 0, [100, 290]))).toMatch(/segment "contact" → \[100, 290\] has zero length/);
  });

  it('rejects a station on no line', () => {
    const message = rejection((m) => m.stations.push({ id: 'island', name: 'Island', x: 5, y: 5, kind: 'station' }));
    expect(message).toMatch(/stations\[12\]: station "island" lies on no line/);
  });

  it('refuses a map whose expected transitions have no direct segment, naming every missing pair', () => {
    const message = rejection((m) => {
      m.lines = m.lines.filter((l) => l.id !== 'nfa_front_door' && l.id !== 'strategy_cin_plan');
      m.transitions!.push(['cin_plan', 'strategy']);
    });
    // contact → NFA and referral → NFA come from the rules; the other was declared.
    expect(message).toMatch(/transitions: no direct segment for contact → nfa, referral → nfa, cin_plan → strategy \(add a line/);
    // All three are moves the rules can produce (strategy → CIN plan too, on the same segment).
    expect(message).toMatch(/lines: the rules can move a child contact → nfa, referral → nfa, strategy → cin_plan, cin_plan → strategy but no segment joins them/);
  });

  it('refuses a transition out of an exit, or to an unknown station', () => {
    expect(rejection((m) => m.transitions!.push(['nfa', 'contact']))).toMatch(/transitions\[\d+\]\[0\]: "nfa" is an exit/);
    expect(rejection((m) => m.transitions!.push(['contact', 'hospital']))).toMatch(/transitions\[\d+\]\[1\]: unknown station "hospital"/);
  });

  it('refuses a line whose track runs past a third station, naming the line, the pair and the station', () => {
    // Straight from Contact to Looked after along the front door runs past Referral and Assessment. (Contact →
    // Assessment alone no longer does: its own lane at Contact's mouth takes it 18 units clear of Referral.)
    const message = rejection((m) => m.lines.push({ id: 'skip', name: 'Skip', colour: '#123456', path: ['contact', 'looked_after'] }));
    expect(message).toMatch(/lines\[\d+\]: line "skip": the track contact → looked_after passes 9\.0 from station "referral"/);
  });

  it('accepts a target in working days on a station, and nothing but a positive whole number', () => {
    expect(parseMapDefinition(frontDoor()).stations.find((s) => s.id === 'assessment')!.targetWorkingDays).toBe(45);
    expect(rejection((m) => (m.stations[0]!.targetWorkingDays = 0))).toMatch(/stations\[0\]\.targetWorkingDays/);
  });

  it('accepts a short name for small screens, refusing an empty or long one by its path', () => {
    expect(parseMapDefinition(frontDoor()).stations.find((s) => s.id === 's47')!.short).toBe('S47');
    expect(rejection((m) => (m.stations[0]!.short = '  '))).toMatch(/stations\[0\]\.short: a short name needs at least one character/);
    expect(rejection((m) => (m.stations[0]!.short = 'Strategy mtg'))).toMatch(/stations\[0\]\.short: a short name has at most 10 characters/);
  });

  it('rejects unknown keys, so typos do not pass unnoticed', () => {
    expect(rejection((m) => ((m.stations[0] as unknown as Record<string, unknown>).colour = '#ffffff'))).toMatch(
      /stations\[0\]: .*colour/i,
    );
  });

  it('lists every problem at once', () => {
    const message = rejection((m) => {
      m.stations[1]!.id = 'contact';
      m.lines[0]!.colour = 'blue';
    });
    expect(message).toMatch(/duplicate station id/);
    expect(message).toMatch(/must be a colour/);
  });

  it('is also usable as a zod schema', () => {
    expect(MapDefinitionSchema.safeParse(readMap('small-council.json')).success).toBe(true);
    expect(MapDefinitionSchema.safeParse({}).success).toBe(false);
  });
});

describe('findRule', () => {
  const rules: MapDefinition['rules'] = [
    { event: 'contact', outcome: 'nfa', stations: ['nfa'] },
    { event: 'contact', outcome: null, stations: ['contact'] },
    { event: 'contact', stations: [] },
  ];
  it('takes the first rule that matches', () => {
    expect(findRule(rules, 'contact', 'nfa')).toBe(0);
  });
  it('matches null only for a blank outcome, and an absent outcome for any', () => {
    expect(findRule(rules, 'contact', null)).toBe(1);
    expect(findRule(rules, 'contact', 'advice')).toBe(2);
    expect(findRule(rules, 'referral', null)).toBe(-1);
  });
});
