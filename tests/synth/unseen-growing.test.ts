// Issue 10 "done when" on a log from test generator "growing": volumes growing year on year, an extract cut at its start (children with unseen history), ids on some steps only, some S47 ends.
// Every metrics.md rate within 2 points (or 3 standard errors), every median within 10%, volumes within
// 5% each year, no grammar break, privacy checks pass (tests/synth/unseen.ts).
import { growingLog } from './generators/growing.js';
import { describeUnseen } from './unseen.js';

describeUnseen('growing', growingLog);
