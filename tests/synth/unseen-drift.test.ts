// Issue 10 "done when" on a log from test generator "drift": no episode ids, an agenda-driven process whose
// S47 → ICPC and ICPC → CP plan conversions fall 2.5 points a year, returns come sooner each year and
// arrivals grow 4% a year; care lasts by the age at entry.
// Every metrics.md rate within 2 points (or 3 standard errors), every median within 10%, volumes within
// 5% each year, no grammar break, privacy checks pass (tests/synth/unseen.ts).
import { driftLog } from './generators/drift.js';
import { describeUnseen } from './unseen.js';

describeUnseen('drift', driftLog);
