// The CIN census reader keeps what the children's events need, not the file (finding 13): reading
// four times the children grows the memory it holds by about what their events take, far less than
// the file's bytes.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CinReader } from '../../../../server/import/cin/read.js';
import { createPseudonymiser } from '../../../../server/privacy/pseudonyms.js';
import { SourceLog } from '../../../../server/import/source-log.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/** A census of `children` children, each with what a real return carries besides the dates read (UPNs, needs, categories, reviews). */
async function* census(children: number): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>X</SoftwareCode></Source></Header>\n<Children>\n';
  let batch = '';
  for (let c = 0; c < children; c++) {
    const day = (k: number): string => new Date(Date.UTC(2023, 0, 1) + ((c * 13 + k) % 400) * 864e5).toISOString().slice(0, 10);
    batch += `<Child>\n  <ChildIdentifiers>\n    <LAchildID>MEM${c}</LAchildID>\n    <UPN>A${String(100000000000 + c)}</UPN>\n    <FormerUPN>B${String(200000000000 + c)}</FormerUPN>\n    <PersonBirthDate>2012-05-0${c % 9 + 1}</PersonBirthDate>\n    <Sex>${c % 2 ? 'M' : 'F'}</Sex>\n  </ChildIdentifiers>\n` +
      `  <ChildCharacteristics>\n    <Ethnicity>WBRI</Ethnicity>\n    <Disabilities><Disability>NONE</Disability></Disabilities>\n  </ChildCharacteristics>\n` +
      `  <CINdetails>\n    <CINreferralDate>${day(0)}</CINreferralDate>\n    <ReferralSource>2A</ReferralSource>\n    <PrimaryNeedCode>N1</PrimaryNeedCode>\n    <ReferralNFA>false</ReferralNFA>\n` +
      `    <Assessments>\n      <AssessmentActualStartDate>${day(2)}</AssessmentActualStartDate>\n      <AssessmentInternalReviewDate>${day(20)}</AssessmentInternalReviewDate>\n      <AssessmentAuthorisationDate>${day(30)}</AssessmentAuthorisationDate>\n      <AssessmentFactorsList><AssessmentFactors>2A</AssessmentFactors><AssessmentFactors>3A</AssessmentFactors><AssessmentFactors>21</AssessmentFactors></AssessmentFactorsList>\n    </Assessments>\n` +
      `    <ChildProtectionPlans>\n      <CPPstartDate>${day(40)}</CPPstartDate>\n      <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>\n      <LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>\n      <NumberOfPreviousCPP>0</NumberOfPreviousCPP>\n      <Reviews><CPPreviewDate>${day(60)}</CPPreviewDate><CPPreviewDate>${day(90)}</CPPreviewDate></Reviews>\n    </ChildProtectionPlans>\n  </CINdetails>\n</Child>\n`;
    if (c % 500 === 499) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}</Children>\n</Message>\n`;
}

/** Bytes of the census and heap the reader's log holds after reading it (after a full collection). */
async function held(children: number): Promise<{ bytes: number; heap: number; events: number }> {
  let bytes = 0;
  const counted = async function* (): AsyncGenerator<string> {
    for await (const chunk of census(children)) {
      bytes += Buffer.byteLength(chunk);
      yield chunk;
    }
  };
  gc();
  const before = process.memoryUsage().heapUsed;
  const log = new SourceLog(createPseudonymiser(Buffer.alloc(32, 1)));
  const reader = new CinReader(log);
  await reader.read(counted(), 'census.xml');
  reader.finish();
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  expect(log.eventCount).toBe(children * 4);
  return { bytes, heap, events: log.eventCount };
}

describe('the CIN census reader\'s memory', () => {
  it('grows with the events read, not with the file: under 200 bytes per event, under half a byte per byte of file', async () => {
    const small = await held(4000);
    const large = await held(16000);
    const perEvent = (large.heap - small.heap) / (large.events - small.events);
    const perByte = (large.heap - small.heap) / (large.bytes - small.bytes);
    // (The reader that kept every record held over 3 bytes per byte of file read.)
    expect(perEvent).toBeLessThan(200);
    expect(perByte).toBeLessThan(0.5);
  }, 60_000);
});
