// Which of a map's stations hold periods (a paired start to its end), decided once for the map's stations
// endpoint, the flow view's "may have ended" words and the forecast's stocks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EV } from '../../core/events.js';
import { parseMapDefinition } from '../../core/map-schema.js';
import { periodStations } from '../../core/period-stations.js';

const readMap = (name: string) => parseMapDefinition(JSON.parse(readFileSync(new URL(`../../maps/${name}.json`, import.meta.url), 'utf8')));

describe('periodStations', () => {
  it('the front door map: the stations only a paired start reaches, with the start and the map\'s horizon', () => {
    const map = readMap('front-door');
    const got = periodStations(map);
    expect(got.map((s) => [s.id, s.startType])).toEqual([
      ['assessment', EV.assessment_start],
      ['cp_plan', EV.cp_plan_start],
      ['cin_plan', EV.cin_plan_start],
      ['looked_after', EV.cla_start],
    ]);
    // an S47 is not a paired period of the metrics (it concludes at its end or at the conference)
    expect(got.map((s) => s.id)).not.toContain('s47');
    for (const s of got) expect(s.horizon, s.id).toBe(map.stations.find((m) => m.id === s.id)!.staleAfterDays ?? null);
  });

  it('a station also reached by a one-off event (early help after a contact) is not a period station', () => {
    const map = readMap('front-door');
    expect(map.rules.some((r) => r.event === 'contact' && r.stations.at(-1) === 'early_help')).toBe(true);
    expect(periodStations(map).map((s) => s.id)).not.toContain('early_help');
    // without that rule (and the assessment's step down to it) early help is one
    const only = { ...map, rules: map.rules.filter((r) => !(r.stations.at(-1) === 'early_help' && r.event !== 'early_help_start')) };
    expect(periodStations(only).map((s) => [s.id, s.startType])).toContainEqual(['early_help', EV.early_help_start]);
  });

  it('exits never hold periods', () => {
    for (const name of ['front-door', 'small-council']) {
      const map = readMap(name);
      const exits = new Set(map.stations.filter((s) => s.kind === 'exit').map((s) => s.id));
      expect(periodStations(map).filter((s) => exits.has(s.id))).toEqual([]);
    }
  });
});
