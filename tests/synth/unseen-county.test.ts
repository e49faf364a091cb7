// Issue 10 "done when" on a log from test generator "county": contact-led, episode ids, strategy discussion and S47 on the same day, S47 ends recorded, CP plans starting at the conference.
// Every metrics.md rate within 2 points (or 3 standard errors), every median within 10%, volumes within
// 5% each year, no grammar break, privacy checks pass (tests/synth/unseen.ts).
import { countyLog } from './generators/county.js';
import { describeUnseen } from './unseen.js';

describeUnseen('county', countyLog);
