// One child written with compatibility characters (a fullwidth `Ｋ１`, as an East Asian keyboard or a
// copy from a PDF gives) is the same child as `K1`, in every importer, and the timeline finds it
// either way (review v12b, 10e: `Ｋ1` and `K1` were two children).
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../../server/db/store.js';
import { tempStore, textFile } from './helpers.js';

let store: Store;
let close: () => void;
beforeAll(() => ({ store, close } = tempStore()));
afterAll(() => close());

const FULL = '\uff2b\uff11'; // Ｋ１

describe('identifiers folded to NFKC', () => {
  it('events CSV: Ｋ１ and K1 are one child', async () => {
    const r = await store.importEventsCsv('ev', Readable.from([`child_id,event,date\nK1,contact,2023-01-01\n${FULL},referral,2023-01-02\nK2,contact,2023-01-03\n`]));
    expect(r.imported).toBe(3);
    expect(store.getDataset('ev')!.children).toBe(2);
    expect(store.childIndex('ev', FULL)).toBe(store.childIndex('ev', 'K1'));
    expect(store.pseudonymOf(FULL)).toBe(store.pseudonymOf('K1'));
  });

  it('SSDA903: a header row with Ｋ１ and episodes with K1 are one child', async () => {
    const header = `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n${FULL},1,01/01/2010,WBRI,,,\nK2,2,01/01/2011,WBRI,,,`;
    const episodes = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nK1,01/05/2021,S,V2,N1,U4,PR1,,,,,,\nK2,01/06/2021,S,V2,N1,U4,PR1,,,,,,';
    const r = await store.importSources('s903', [textFile('ssda903', '2022-header.csv', header), textFile('ssda903', '2022-episodes.csv', episodes)]);
    expect(r.children).toBe(2);
  });

  it('CIN census and Annex A: Ｋ１ in one and K1 in the other are one child', async () => {
    const xml = `<Message><Header><CollectionDetails><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails></Header><Children>\n<Child><ChildIdentifiers><LAchildID>${FULL}</LAchildID></ChildIdentifiers>\n<CINdetails><CINreferralDate>2022-05-01</CINreferralDate><ReferralNFA>false</ReferralNFA></CINdetails></Child></Children></Message>`;
    const list = "Child ID,Child's date of birth,Contact date\nK1,01/02/2013,02/03/2022";
    const r = await store.importSources('cin-annex', [textFile('cin', 'cin.xml', xml), textFile('annex-a', 'List 1.csv', list)], { lenient: true });
    expect(r.children).toBe(1);
  });
});
