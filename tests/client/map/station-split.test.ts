// The map's Section 47 tooltip and table say its two parts (enquiries open, awaiting ICPC), from the
// stations answer's `parts`; other stations, and a map without them, say nothing of it.
import { describe, expect, it } from 'vitest';
import type { PublishedStation } from '../../../core/disclosure/aggregates.js';
import type { MapStation } from '../../../core/map-schema.js';
import { splitText, stationSummary } from '../../../client/src/stations/station-panel.js';

const figures = (id: string, waiting: number | '[c]', extra: Partial<PublishedStation> = {}): PublishedStation => ({ id, waiting, children: waiting, medianWaitDays: 4, longestWaitDays: 30, overTarget: 0, pastHorizon: 0, ...extra });
const s47Station = { id: 's47', name: 'Section 47', x: 0, y: 0, kind: 'interchange', targetWorkingDays: 15 } as MapStation;

describe('Section 47 split on the map', () => {
  it('says "48 enquiries open, 12 awaiting ICPC" and the wait since the enquiry ended', () => {
    const s47 = figures('s47', 60, { parts: [figures('s47_open', 48), figures('awaiting_icpc', 12, { medianWaitDays: 6, longestWaitDays: 21 })] });
    expect(splitText(s47)).toBe('48 enquiries open, 12 awaiting ICPC');
    const lines = stationSummary(s47Station, s47, '31 March 2025');
    expect(lines[0]).toBe('60 waiting at the end of 31 March 2025');
    expect(lines[1]).toBe('48 enquiries open, 12 awaiting ICPC');
    expect(lines).toContain('awaiting ICPC: median 6 days since the enquiry ended, longest 21 days');
  });
  it('says [c] for a part of 1 to 4 and one enquiry in the singular', () => {
    expect(splitText(figures('s47', 5, { parts: [figures('s47_open', 1), figures('awaiting_icpc', '[c]')] }))).toBe('1 enquiry open, [c] awaiting ICPC');
  });
  it('says nothing of a station without parts', () => {
    expect(splitText(figures('assessment', 60))).toBe('');
    expect(stationSummary({ ...s47Station, id: 'protection', name: 'Child protection' }, figures('protection', 9), 'today').join(' ')).not.toMatch(/awaiting ICPC/);
  });
});
