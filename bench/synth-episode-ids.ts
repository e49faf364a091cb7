// `npx tsx bench/synth-episode-ids.ts [children]`: episode ids in a copy against its log (issue 10, "with and
// without episode ids"). Logs of test generators with the ids of 45% of their children blanked (and the census
// log, which has none, and county with every id), fitted, copied (seed 7) by the model as fitted and by the same
// model without `episodeIds` (the copy as written before it); the referred children without ids in each, and
// whether the two copies' fidelity reports agree.
import { dayFromCivil } from '../core/dates.js';
import { isDeepStrictEqual } from 'node:util';
import type { EventTable } from '../core/event-table.js';
import { tallyEpisodeIds } from '../synth/episode-ids.js';
import { fidelityReport } from '../synth/fidelity.js';
import { fitModel } from '../synth/fit.js';
import { fittedPeriod } from '../synth/generate.js';
import { generateDataset } from '../synth/output.js';
import { censusLog } from '../tests/synth/generators/census.js';
import { countyLog } from '../tests/synth/generators/county.js';
import { withoutIdsFor } from '../tests/synth/generators/ids.js';
import type { TestLog, TestLogOptions } from '../tests/synth/generators/log.js';
import { reentryLog } from '../tests/synth/generators/reentry.js';

const children = Number(process.argv[2] ?? 50_000);
const options: TestLogOptions = { children, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 5 };

function withoutIds(table: EventTable): string {
  const t = tallyEpisodeIds(table)!;
  const referred = t.none + t.named + t.unlinkable;
  return `${t.none} of ${referred} (${((100 * t.none) / referred).toFixed(1)}%; ids on some steps only ${t.some}, linked otherwise by date ${t.unlinkable})`;
}

const logs: Array<[string, (o: TestLogOptions) => TestLog, number]> = [['county', countyLog, 0.45], ['reentry', reentryLog, 0.45], ['census', censusLog, 0], ['county, every id', countyLog, 0]];
for (const [name, generator, blank] of logs) {
  const log = withoutIdsFor(generator(options), blank, 11);
  const model = fitModel(log.table, log.children);
  const { episodeIds, ...before } = model;
  const copy = (m: typeof model) => generateDataset(m, { children, ...fittedPeriod(model), seed: 7 });
  const [now, then] = [copy(model), copy(before)];
  const [reportNow, reportThen] = [fidelityReport(log, now), fidelityReport(log, then)];
  console.log(`${name}: model episodeIds ${JSON.stringify(episodeIds)}`);
  console.log(`  referred children without ids: log ${withoutIds(log.table)}; copy before ${withoutIds(then.table)}; copy now ${withoutIds(now.table)}`);
  console.log(`  grammar breaks: log's copy ${reportNow.grammar.syntheticBreaks}; fidelity reports equal: ${isDeepStrictEqual(reportNow, reportThen)}`);
}
