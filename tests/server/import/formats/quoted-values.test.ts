// Data-quality messages name the file, row, field and reason, never a value of the child's record: a
// code field may hold anything a person typed (a name, a phone number), and a date of birth
// identifies. The messages are stored in the database and shown beside the data.
import { describe, expect, it } from 'vitest';
import { storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();
const TYPED = 'Jane Smith 07700 900123';

describe('quality messages quote no value', () => {
  it('in SSDA903 and CIN census files: a typed code and a date of birth after an event', async () => {
    const header = `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nX,1,17/06/2022,${TYPED},,,\n`;
    const episodes = `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nX,01/05/2022,S,${TYPED},N1,U4,PR1,,,,,,\n`;
    const cin = `<Message><Header><CollectionDetails><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails></Header><Children>\n<Child><ChildIdentifiers><LAchildID>Y</LAchildID></ChildIdentifiers><ChildCharacteristics><Ethnicity>${TYPED}</Ethnicity></ChildCharacteristics>\n<CINdetails><CINreferralDate>2022-05-01</CINreferralDate><ReferralNFA>${TYPED}</ReferralNFA></CINdetails></Child></Children></Message>`;
    const r = await useStore().importSources('quoted', [textFile('ssda903', '2023-header.csv', header), textFile('ssda903', '2023-episodes.csv', episodes), textFile('cin', 'cin.xml', cin)], { lenient: true });
    const messages = r.quality.problems.map((p) => p.message);
    expect(messages.length).toBeGreaterThan(2);
    expect(r.quality.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['code_not_in_list', 'dob_after_event']));
    const all = JSON.stringify(r);
    expect(all).not.toContain('Jane');
    expect(all).not.toContain('2022-06-17');
    expect(all).not.toContain('17/06/2022');
  });
});
