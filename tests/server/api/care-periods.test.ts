// Legal status and placement type reach the API (finding 14): GET /api/datasets/:name/care-periods,
// and GET /api/datasets counts rows and events apart (finding 15).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, startTestServer, type TestServer } from './harness.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/formats');
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';

describe('GET /api/datasets/:name/care-periods', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('lists each period of care with its episodes\' legal statuses and placement types', async () => {
    const episodes = [
      EPISODES,
      'A,01/05/2021,S,V2,N1,U4,PR1,01/08/2021,X1,,,,', // A: one period, two episodes, ended E4A
      'A,01/08/2021,P,C2,N1,U6,PR4,01/12/2021,E4A,,,,',
      'B,10/10/2021,S,C2,N4,K2,PR4,,,,,,', // B: open
    ].join('\n');
    const header = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2010,WBRI,,,\nB,2,01/01/2012,WBRI,,,';
    const { body, contentType } = multipart([['ssda903', '2022-episodes.csv', Buffer.from(episodes)], ['ssda903', '2022-header.csv', Buffer.from(header)]]);
    expect((await server.app.inject({ method: 'POST', url: '/api/datasets/care', headers: { 'content-type': contentType }, payload: body })).statusCode).toBe(201);
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets/care/care-periods' });
    expect(res.statusCode).toBe(200);
    const { periods } = res.json();
    expect(periods).toEqual([
      {
        child: 0, period: 1, start: '2021-05-01', end: '2021-12-01', reasonEnded: 'E4A', legalStatus: 'C2', placement: 'U6',
        episodes: [
          { start: '2021-05-01', end: '2021-08-01', rne: 'S', legalStatus: 'V2', needCode: 'N1', placement: 'U4', provider: 'PR1', reasonEnded: 'X1' },
          { start: '2021-08-01', end: '2021-12-01', rne: 'P', legalStatus: 'C2', needCode: 'N1', placement: 'U6', provider: 'PR4', reasonEnded: 'E4A' },
        ],
      },
      {
        child: 1, period: 1, start: '2021-10-10', end: null, reasonEnded: null, legalStatus: 'C2', placement: 'K2',
        episodes: [{ start: '2021-10-10', end: null, rne: 'S', legalStatus: 'C2', needCode: 'N4', placement: 'K2', provider: 'PR4', reasonEnded: null }],
      },
    ]);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/none/care-periods' })).statusCode).toBe(404);
  });

  it('gives Annex A List 8 periods their legal status and placement, once when SSDA903 has the same period', async () => {
    const list8 = readFileSync(join(FIXTURES, 'review/dup/List 8.csv'));
    const { body, contentType } = multipart([
      ['annex-a', 'List 8.csv', list8],
      ['ssda903', '2023-episodes.csv', readFileSync(join(FIXTURES, 'review/dup/2023-episodes.csv'))],
      ['ssda903', '2023-header.csv', readFileSync(join(FIXTURES, 'review/dup/2023-header.csv'))],
    ]);
    await server.app.inject({ method: 'POST', url: '/api/datasets/list8', headers: { 'content-type': contentType }, payload: body });
    const { periods } = (await server.app.inject({ method: 'GET', url: '/api/datasets/list8/care-periods' })).json();
    expect(periods).toHaveLength(1);
    // the SSDA903 episode is the one kept (the List 8 row is the same period)
    expect(periods[0]).toMatchObject({ start: '2023-01-01', end: null, legalStatus: 'C2', placement: 'U6' });
    expect(periods[0].episodes).toHaveLength(1);
    const annexOnly = multipart([['annex-a', 'List 8.csv', list8]]);
    await server.app.inject({ method: 'POST', url: '/api/datasets/annex8', headers: { 'content-type': annexOnly.contentType }, payload: annexOnly.body });
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/annex8/care-periods' })).json().periods).toEqual([
      { child: 0, period: 1, start: '2023-01-01', end: null, reasonEnded: null, legalStatus: 'C2', placement: 'U6', episodes: [{ start: '2023-01-01', end: null, rne: null, legalStatus: 'C2', needCode: null, placement: 'U6', provider: null, reasonEnded: null }] },
    ]);
  });

  it('GET /api/datasets gives source rows, rows imported, rows not imported and events apart', async () => {
    const { body, contentType } = multipart([['annex-a', 'annex.xlsx', readFileSync(join(FIXTURES, 'review/annex/annex.xlsx'))]]);
    const strict = await server.app.inject({ method: 'POST', url: '/api/datasets/review', headers: { 'content-type': contentType }, payload: body });
    expect(strict.statusCode).toBe(400);
    expect(strict.json().report).toMatchObject({ rows: 24, imported: 0, rejectedRows: 24, unreadable: 3, notRead: 2, eventCount: 0 });
    const lenient = await server.app.inject({ method: 'POST', url: '/api/datasets/review?lenient=1', headers: { 'content-type': contentType }, payload: body });
    expect(lenient.json()).toMatchObject({ rows: 24, imported: 19, rejectedRows: 5, unreadable: 3, notRead: 2, eventCount: 28 });
    const listed = (await server.app.inject({ method: 'GET', url: '/api/datasets' })).json().find((d: { name: string }) => d.name === 'review');
    expect(listed).toMatchObject({ rows: 24, imported: 19, rejected: 5, events: 28, children: 9 });
  });
});
