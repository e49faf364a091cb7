// Review finding 5 (issue 10): an events CSV got no data-quality report ({"total":0}) though the journey
// grammar flags its breaks. Now its import walks the journeys as the returns' importers do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { cutLog } from '../../synth/generators/cut.js';
import { toEventsCsv } from '../../synth/generators/log.js';
import { startTestServer, type TestServer } from './harness.js';

// The review's bad.csv: an ICPC after the S47 ended needing no conference (K1), a CP plan end with no
// start (K2), a transfer-in conference (K3: accepted), two periods of care overlapping (K4), a referral
// before birth (K5).
const BAD = `child_id,event,date,episode_id,outcome,dob
K1,referral,2022-01-03,,,2015-01-01
K1,assessment_start,2022-01-05,,,2015-01-01
K1,strategy_discussion,2022-01-06,,,2015-01-01
K1,s47_start,2022-01-06,,,2015-01-01
K1,s47_end,2022-01-10,,nfa,2015-01-01
K1,icpc,2022-01-20,,cp_plan,2015-01-01
K2,referral,2022-02-01,,,2015-01-01
K2,cp_plan_end,2022-03-01,,,2015-01-01
K3,referral,2022-02-01,,,2015-01-01
K3,assessment_start,2022-02-02,,,2015-01-01
K3,icpc,2022-02-20,,cp_plan,2015-01-01
K3,cp_plan_start,2022-02-20,,,2015-01-01
K4,cla_start,2022-01-01,,,2015-01-01
K4,cla_start,2022-02-01,,,2015-01-01
K5,referral,2014-12-01,,,2015-01-01
`;

describe('POST /api/datasets/:name?format=events: the data-quality report from the journey grammar', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('lists the four breaks, each at its line, in the import report and in GET …/quality', async () => {
    const res = await server.app.inject({
      method: 'POST', url: '/api/datasets/bad2?format=events',
      headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="bad.csv"' }, payload: BAD,
    });
    expect(res.statusCode).toBe(201);
    const expected = [
      { code: 'icpc_without_s47', row: 7 },
      { code: 'end_without_start', row: 9 },
      { code: 'care_periods_overlap', row: 15 },
      { code: 'dob_after_event', row: 16 },
    ];
    const imported = res.json();
    expect(imported.imported).toBe(15);
    expect(imported.quality.total).toBe(4);
    expect(imported.quality.problems.map((p: { code: string; row: number }) => ({ code: p.code, row: p.row }))).toEqual(expected);
    const quality = (await server.app.inject({ method: 'GET', url: '/api/datasets/bad2/quality' })).json();
    expect(quality.total).toBe(4);
    expect(quality.problems.map((p: { code: string; row: number }) => ({ code: p.code, row: p.row }))).toEqual(expected);
    expect(quality.problems[0].message).toMatch(/^icpc: /);
    // Pseudonyms at rest: the stored report names the file and line, never the child's identifier.
    for (const p of quality.problems as { message: string; key?: string }[]) expect(p.message).not.toMatch(/\bK\d\b/);
    expect(quality.problems[0].file).toBe('bad.csv');
  });

  it('a conference with no enquiry is a transfer-in only after a referral from another council or of unknown source (audit a10b F2)', async () => {
    const bySource = `child_id,event,date,source,outcome
P1,referral,2022-01-03,6,
P1,assessment_start,2022-01-04,,
P1,icpc,2022-01-20,,cp_plan
P1,cp_plan_start,2022-01-20,,
P2,referral,2022-01-03,2A,
P2,cp_plan_start,2022-01-10,,
T1,referral,2022-01-03,5C,
T1,assessment_start,2022-01-04,,
T1,icpc,2022-01-20,,cp_plan
T1,cp_plan_start,2022-01-20,,
T2,referral,2022-01-03,10,
T2,icpc,2022-01-20,,cp_plan
T3,referral,2022-01-03,,
T3,cp_plan_start,2022-01-10,,
`;
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/sources?format=events', headers: { 'content-type': 'text/csv' }, payload: bySource });
    expect(res.statusCode).toBe(201);
    const quality = (await server.app.inject({ method: 'GET', url: '/api/datasets/sources/quality' })).json();
    expect(quality.problems.map((p: { code: string; row: number }) => ({ code: p.code, row: p.row }))).toEqual([
      { code: 'icpc_without_s47', row: 4 },
      { code: 'cp_plan_without_icpc', row: 7 },
    ]);
    expect(quality.problems[0].message).toMatch(/referred by someone other than another council/);
  });

  it('a clean events file has none', async () => {
    const clean = BAD.split('\n').filter((l) => !/^K[1245],/.test(l)).join('\n');
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/clean?format=events', headers: { 'content-type': 'text/csv' }, payload: clean });
    expect(res.statusCode).toBe(201);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/clean/quality' })).json().total).toBe(0);
  });

  it('an extract cut on its first day has none: the ends of spans open then are no break (review v10b finding 2)', async () => {
    const log = cutLog({ children: 1500, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2021, 3, 31), seed: 21 }, { ids: false });
    const csv = toEventsCsv(log);
    // the log does hold such ends: a child whose first event is an end
    expect(csv.split('\n').filter((line) => /^[^,]+,(cla|early_help|assessment|cin_plan|cp_plan)_end,2018-04-/.test(line)).length).toBeGreaterThan(5);
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/cut?format=events', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(201);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/cut/quality' })).json().total).toBe(0);
  });
});
