// Issue 10 "done when" on a log from test generator "census": referral-led, no episode ids, strategy discussions days before the S47, no S47 ends, blank ICPC outcomes, plans days after the conference, transfer-ins, back-to-back care.
// Every metrics.md rate within 2 points (or 3 standard errors), every median within 10%, volumes within
// 5% each year, no grammar break, privacy checks pass (tests/synth/unseen.ts).
import { censusLog } from './generators/census.js';
import { describeUnseen } from './unseen.js';

describeUnseen('census', censusLog);
