// Shared by the unseen-generator tests: fit a model to a test generator's log (a process the model was
// not written with), generate as many children from it, and report fidelity and privacy exactly as
// `synth fit`, `synth generate` and `synth report` do.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { checkJourneys } from '../../core/grammar.js';
import { fidelityReport, type FidelityReport } from '../../synth/fidelity.js';
import { fittedPeriod } from '../../synth/generate.js';
import { fitModel } from '../../synth/fit.js';
import type { Model } from '../../synth/model.js';
import { generateDataset, type SyntheticDataset } from '../../synth/output.js';
import { privacyReport, type PrivacyReport } from '../../synth/privacy.js';
import type { TestLog, TestLogOptions } from './generators/log.js';

export const UNSEEN_CHILDREN = 50_000;

export interface UnseenCheck {
  model: Model;
  synthetic: SyntheticDataset;
  fidelity: FidelityReport;
  privacy: PrivacyReport;
}

/** As the CLI does it: fit on the whole log, generate the same number of children over the fitted period, report on the log's span. */
export function checkUnseen(real: TestLog, seed: number): UnseenCheck {
  const model = fitModel(real.table, real.children);
  const synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed });
  return { model, synthetic, fidelity: fidelityReport(real, synthetic), privacy: privacyReport(real, synthetic, model) };
}

/** The checks of issue 10's "done when", each named, for readable failures. */
export function doneWhen(check: UnseenCheck): Record<string, boolean> {
  const { fidelity, privacy } = check;
  return {
    ...Object.fromEntries(fidelity.rates.map((r) => [`rate ${r.key}: ${r.real} vs ${r.synthetic}`, r.pass])),
    ...Object.fromEntries(fidelity.medians.map((m) => [`median ${m.key}: ${m.real} vs ${m.synthetic}`, m.pass])),
    ...Object.fromEntries(fidelity.volumes.map((v) => [`${v.measure} ${v.from}: ${v.real} vs ${v.synthetic}`, v.pass])),
    [`grammar breaks: ${fidelity.grammar.syntheticBreaks}`]: fidelity.grammar.syntheticBreaks === 0,
    [`copied journeys: ${privacy.journeys.informativeMatches}`]: privacy.journeys.pass,
    [`distance to closest record: ${JSON.stringify(privacy.dcr.syntheticToReal)}`]: privacy.dcr.pass,
    [`small cells: ${privacy.smallCells?.violations.length}`]: privacy.smallCells?.pass === true,
  };
}

/**
 * Issue 10 "done when" on a log of 50,000 children from `generator` (2018-04 to 2025-03): the model has
 * never seen that process, only its log. Fit, generate 50,000, report.
 */
export function describeUnseen(name: string, generator: (options: TestLogOptions) => TestLog): void {
  describe(`fit, generate and report on the "${name}" log`, () => {
    let real: TestLog;
    let check: UnseenCheck;

    beforeAll(() => {
      real = generator({ children: UNSEEN_CHILDREN, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 5 });
      check = checkUnseen(real, 1);
    }, 180_000);

    it('the log itself obeys the journey grammar, so the fit learns from all of it', () => {
      expect(checkJourneys(real.table, real.children.dob).breaks).toEqual([]);
      expect(check.model.skipped).toEqual({});
    });

    it('meets every criterion of the issue: rates, medians, yearly volumes, no grammar break, privacy', () => {
      const failed = Object.entries(doneWhen(check)).filter(([, pass]) => !pass).map(([criterion]) => criterion);
      expect(failed).toEqual([]);
      expect(check.fidelity.pass).toBe(true);
      expect(check.privacy.pass).toBe(true);
    });

    it('generates as many children, from a model without small cells', () => {
      expect(check.synthetic.table.childIds.length).toBe(real.table.childIds.length);
      expect(check.privacy.smallCells?.violations).toEqual([]);
    });
  });
}
