// Issue 10, "with and without episode ids" (audit a10c: on a log where about 55% of the referred children
// have episode ids, every referred child of the copy had them). The copy writes no ids for as many
// children as the log, only for children whose episodes link the same by date, so a copy read back has
// the same episodes and passes the same fidelity checks; a log with ids on every row gives a copy with
// ids on every row.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { EVENT_TYPES } from '../../core/events.js';
import { EPISODE_STEP } from '../../synth/episode-ids.js';
import { fidelityReport } from '../../synth/fidelity.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import type { Model } from '../../synth/model.js';
import { generateCsvChunks, generateDataset } from '../../synth/output.js';
import { countyLog } from './generators/county.js';
import { referredWithoutIds as idShares, withoutIdsFor } from './generators/ids.js';
import type { TestLog } from './generators/log.js';
import { reentryLog } from './generators/reentry.js';

const OPTIONS = { children: 8_000, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 5 };

function copyOf(model: Model, seed = 7) {
  return generateDataset(model, { children: OPTIONS.children, ...fittedPeriod(model), seed });
}

/** The model as fitted before it learned episode ids: every child's ids written. */
function withEveryId(model: Model): Model {
  const { episodeIds: _, ...rest } = model;
  return rest;
}

describe.each([
  ['county', countyLog],
  ['reentry (new referrals while a plan is open)', reentryLog],
] as const)('a %s log with episode ids for 55% of its children', (_, generator) => {
  let log: TestLog;
  let model: Model;
  beforeAll(() => {
    log = withoutIdsFor(generator(OPTIONS), 0.45, 11);
    model = fitModel(log.table, log.children);
  }, 60_000);

  it('gives a copy whose share of referred children without ids is within 3 standard errors of the log\'s', () => {
    const real = idShares(log.table);
    const copy = idShares(copyOf(model).table);
    const p = real.none / real.referred;
    const q = copy.none / copy.referred;
    const se = Math.sqrt(p * (1 - p) / real.referred + q * (1 - q) / copy.referred);
    expect(p).toBeGreaterThan(0.4);
    expect(Math.abs(q - p), `log ${real.none}/${real.referred}, copy ${copy.none}/${copy.referred}`).toBeLessThan(3 * se);
    expect(copy.some).toBe(0);
  });

  it('links the copy into the same episodes, with the same fidelity report and no grammar break, as when every id is written', () => {
    const blanked = copyOf(model);
    const named = copyOf(withEveryId(model));
    expect(idShares(named.table).none).toBe(0);
    expect(Array.from(blanked.table.episode)).toEqual(Array.from(named.table.episode));
    const report = fidelityReport(log, blanked);
    expect(report.grammar.syntheticBreaks).toBe(0);
    expect(report).toEqual(fidelityReport(log, named));
  });

  it('writes the same children without ids in the events CSV as in memory, the same for a seed', () => {
    const options = { children: 2_000, ...fittedPeriod(model), seed: 3 };
    const blankChildren = (): string[] => {
      let text = '';
      generateCsvChunks(model, options, (chunk) => (text += chunk));
      const named = new Set<string>();
      const referred = new Set<string>();
      for (const line of text.split('\n').slice(1)) {
        const [child, event, , episode] = line.split(',');
        if (!child || !EPISODE_STEP[EVENT_TYPES.indexOf(event as never)]) continue;
        if (event === 'referral') referred.add(child);
        if (episode) named.add(child);
      }
      return [...referred].filter((c) => !named.has(c));
    };
    const inMemory = generateDataset(model, options).table;
    const shares = idShares(inMemory);
    const csv = blankChildren();
    expect(csv.length).toBe(shares.none);
    expect(csv.length).toBeGreaterThan(0.3 * shares.referred);
    expect(blankChildren()).toEqual(csv);
  });
});

describe('a log with episode ids on every episode step', () => {
  it('gives a model without episodeIds and a copy with ids on every referred child\'s episode steps', () => {
    const log = countyLog(OPTIONS);
    expect(idShares(log.table).none).toBe(0);
    const model = fitModel(log.table, log.children);
    expect(model.episodeIds).toBeUndefined();
    const copy = idShares(copyOf(model).table);
    expect(copy.referred).toBeGreaterThan(1000);
    expect(copy.none + copy.some).toBe(0);
  });
});
