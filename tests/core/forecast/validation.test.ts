// Scenario bodies that must be refused before anything runs (review v13 findings 1 and 15), and the
// simulation's guard: a rate or expected count that is not a finite number is an error, never a loop.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../../core/forecast/levers.js';
import { ScenarioBodySchema } from '../../../core/forecast/scenario.js';

const issues = (body: unknown) => {
  const parsed = ScenarioBodySchema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('scenario validation', () => {
  it('an empty population table, or an age band with no years, is refused naming the field', () => {
    expect(issues({ levers: [{ lever: 'demand_growth', population: {}, from: '2025-04-01' }] }).join('\n')).toMatch(/^levers\.0\.population: /m);
    expect(issues({ levers: [{ lever: 'demand_growth', population: { '0_4': {} }, from: '2025-04-01' }] }).join('\n')).toMatch(/^levers\.0\.population\.0_4: /m);
  });
  it('unknown fields are refused by name, with the fields allowed', () => {
    const extra = issues({ levers: [], extra: 1 }).join('\n');
    expect(extra).toMatch(/extra/);
    const misspelt = issues({ levers: [{ lever: 'time_in_care', multipler: 0.8, capDays: 365, from: '2025-04-01' }] }).join('\n');
    expect(misspelt).toMatch(/^levers\.0: .*"multipler"/m);
    expect(misspelt).toMatch(/multiplier/); // the allowed ones are listed
    expect(issues({ levers: [], costs: { weekly: {}, inflation: 3 } }).join('\n')).toMatch(/^costs: .*"inflation"/m);
  });
  it('a misspelt lever name is refused with the names allowed', () => {
    const text = issues({ levers: [{ lever: 'contact_referral', multiplier: 0.8, from: '2025-04-01' }] }).join('\n');
    expect(text).toMatch(/^levers\.0\.lever: .*"contact_referral"/m);
    for (const name of ['contact_to_referral', 'time_in_care', 'demand_growth', 'step_down_from_care']) expect(text).toContain(name);
  });
  it('a duration lever takes a multiplier or a cap, not both, and a cap of at least a day (audit a13c M1: both, and a cap of 0, were run)', () => {
    expect(issues({ levers: [{ lever: 'time_in_care', multiplier: 0.8, capDays: 365, from: '2025-04-01' }] }).join('\n')).toMatch(/^levers\.0: give a multiplier or capDays, not both/m);
    // neither: asked for one, not told "not both" (audit a13d M3)
    const neither = issues({ levers: [{ lever: 'time_in_care', from: '2025-04-01' }] });
    expect(neither).toEqual(['levers.0: give a multiplier or capDays: the lever needs one of them']);
    expect(issues({ levers: [{ lever: 'time_on_cp_plan', capDays: 0, from: '2025-04-01' }] }).join('\n')).toMatch(/^levers\.0\.capDays: /m);
    expect(issues({ levers: [{ lever: 'time_on_cp_plan', capDays: 1, from: '2025-04-01' }, { lever: 'time_in_care', multiplier: 0.8, from: '2025-04-01' }] })).toEqual([]);
  });
  it('valid levers still parse', () => {
    expect(ScenarioSchema.safeParse({ levers: [{ lever: 'demand_growth', population: { '0_4': { '2025': 100 } }, from: '2025-04-01' }] }).success).toBe(true);
  });
});

describe('simulation guard', () => {
  it('a demand multiplier that is NaN or Infinity throws instead of looping (checked in a child process with a time limit)', () => {
    const script = fileURLToPath(new URL('./nan-demand.fixture.ts', import.meta.url));
    for (const value of ['NaN', 'Infinity']) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', script, value], { encoding: 'utf8', timeout: 30_000 });
      expect(child.signal, `${value}: killed after 30 s (it looped)`).toBeNull();
      expect(child.stdout.trim(), child.stderr.slice(0, 500)).toMatch(/^threw: .*not a finite number/);
    }
  }, 150_000);
});
