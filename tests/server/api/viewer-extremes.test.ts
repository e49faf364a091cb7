// A viewer sees no value that is one child's in a dataset or station of 1-4 children (review v12c 7d):
// the first and last event dates of a tiny dataset are given as the calendar years they fall in, and a
// station's waits are [c] when its children are 1-4, however many open steps they have.
import { describe, expect, it } from 'vitest';
import { publishStation } from '../../../core/disclosure/aggregates.js';
import { SUPPRESSED } from '../../../core/disclosure/policy.js';
import { startTestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('values that are one child\'s, for viewers', () => {
  it('gives a viewer the years of a 3-child dataset\'s first and last events, and an analyst the dates', async () => {
    const server = await startTestServer();
    try {
      await server.app.accounts.add('ada', 'admin', PASSWORD);
      await server.app.accounts.add('vic', 'viewer', PASSWORD);
      await server.app.accounts.add('ana', 'analyst', PASSWORD);
      const as = (name: string) => ({ authorization: `Bearer ${server.app.accounts.issueToken(name)}` });
      const csv = 'child_id,event,date\nK1,contact,2023-03-14\nK2,contact,2023-05-02\nK3,contact,2024-02-09\n';
      expect((await server.app.inject({ method: 'POST', url: '/api/datasets/tiny', headers: { ...as('ada'), 'content-type': 'text/csv' }, payload: csv })).statusCode).toBe(201);
      const list = async (name: string) => (await server.app.inject({ method: 'GET', url: '/api/datasets', headers: as(name) })).json()[0];
      expect(await list('vic')).toMatchObject({ from: '2023-01-01', to: '2024-12-31' });
      expect(await list('ana')).toMatchObject({ from: '2023-03-14', to: '2024-02-09' });
    } finally {
      await server.close();
    }
  }, 60_000);

  it('suppresses a station\'s waits when its children are 1-4, even with 5 or more open steps', () => {
    const station = { id: 'lac', waiting: 6, children: 2, medianWaitDays: 30, longestWaitDays: 41, fifthLongestWaitDays: 22, overTarget: 0, pastHorizon: 0 };
    expect(publishStation(station, false)).toMatchObject({ medianWaitDays: SUPPRESSED, longestWaitDays: SUPPRESSED });
    expect(publishStation(station, true)).toMatchObject({ longestWaitDays: 41 });
  });

  it('gives a viewer the longest wait at least 5 children share, never the one child\'s longest', () => {
    const station = { id: 'lac', waiting: 6, children: 6, medianWaitDays: 30, longestWaitDays: 41, fifthLongestWaitDays: 22, overTarget: 0, pastHorizon: 0 };
    expect(publishStation(station, false)).toMatchObject({ medianWaitDays: 30, longestWaitDays: 22 });
    expect(publishStation(station, false)).not.toHaveProperty('fifthLongestWaitDays');
    expect(publishStation(station, true)).toMatchObject({ longestWaitDays: 41 });
    expect(publishStation(station, true)).not.toHaveProperty('fifthLongestWaitDays');
  });
});
