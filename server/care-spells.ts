// A dataset's spells in care for the care-only forecast (core/forecast/care-only-fit.ts): each period
// of care (its cla_start and cla_end events, as the map sees it) as the SSDA903 or Annex A episodes the
// files gave for it, each with its placement code, or as one spell with no placement when none were given
// (a dataset of events alone, as the demo). An episode with no end ends with its period.
import { parseDay } from '../core/dates.js';
import type { CareSpell } from '../core/forecast/care-only-fit.js';
import type { Store } from './db/store.js';
import { periodsWithEpisodes } from './routes/care-periods.js';

export function careSpellsOf(store: Store, name: string): { spells: CareSpell[]; dob: Int32Array } | null {
  const loaded = store.loadDataset(name);
  const episodes = store.careEpisodes(name);
  if (!loaded || episodes === null) return null;
  const spells: CareSpell[] = [];
  for (const period of periodsWithEpisodes(loaded.table, episodes)) {
    const periodEnd = period.end === null ? null : parseDay(period.end)!;
    if (period.episodes.length === 0) {
      spells.push({ child: period.child, start: parseDay(period.start)!, end: periodEnd, placement: null });
      continue;
    }
    for (const e of period.episodes) {
      const end = e.end === null ? periodEnd : periodEnd === null ? parseDay(e.end)! : Math.min(parseDay(e.end)!, periodEnd);
      spells.push({ child: period.child, start: parseDay(e.start)!, end, placement: e.placement });
    }
  }
  return { spells, dob: loaded.children.dob };
}
