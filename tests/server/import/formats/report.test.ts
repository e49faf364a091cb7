// One meaning for rows, imported and rejected in every report (finding 15): rows are source rows read,
// imported rows are in the dataset, the others are not (imported + not imported = rows, per file and in
// all, also when a strict import fails and imports nothing), and events are counted apart.
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../../server/db/store.js';
import type { SourceImportReport } from '../../../../server/import/source-importer.js';
import { fixture, storeForTests } from './helpers.js';

const useStore = storeForTests();

const sum = (r: SourceImportReport, key: 'rows' | 'imported' | 'rejected' | 'unreadable' | 'skipped'): number => r.files.reduce((n, f) => n + f[key], 0);

describe('the reviewer\'s workbook (24 rows: 3 cannot be read, 2 on a cover sheet)', () => {
  it('strict: nothing is imported, and every figure says so', async () => {
    const error = await useStore().importSources('strict', [fixture('annex-a', 'review/annex/annex.xlsx')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    const r = (error as ImportError).report as SourceImportReport;
    expect([r.rows, r.imported, r.rejectedRows, r.unreadable, r.notRead]).toEqual([24, 0, 24, 3, 2]);
    expect([sum(r, 'rows'), sum(r, 'imported'), sum(r, 'rejected'), sum(r, 'unreadable'), sum(r, 'skipped')]).toEqual([24, 0, 24, 3, 2]);
    expect(r.eventCount).toBe(0);
    expect(Object.values(r.events).every((n) => n === 0)).toBe(true);
    expect(r.children).toBe(0);
    // the rows that stopped it (and the cover sheet's, not read) are listed; the data-quality report is there to fix them
    expect(r.rejected.map((x) => [x.sheet, x.line])).toEqual([['Cover', 1], ['Cover', 2], ['List 1 - Contacts', 7], ['List 1 - Contacts', 8], ['List 1 - Contacts', 11]]);
    expect(r.quality.total).toBeGreaterThan(0);
    expect(useStore().getDataset('strict')).toBeNull();
  });

  it('lenient: imported + not imported = rows per file and in all, events apart, and GET /api/datasets says the same', async () => {
    const r = await useStore().importSources('lenient', [fixture('annex-a', 'review/annex/annex.xlsx')], { lenient: true });
    expect([r.rows, r.imported, r.rejectedRows, r.unreadable, r.notRead]).toEqual([24, 19, 5, 3, 2]);
    expect([sum(r, 'rows'), sum(r, 'imported'), sum(r, 'rejected')]).toEqual([24, 19, 5]);
    for (const f of r.files) expect(f.imported + f.rejected).toBe(f.rows);
    expect(r.eventCount).toBe(28);
    expect(Object.values(r.events).reduce((a, b) => a + b, 0)).toBe(28);
    expect(useStore().getDataset('lenient')).toMatchObject({ rows: 24, imported: 19, rejected: 5, events: 28, children: 9 });
    expect(useStore().loadDataset('lenient')!.table.length).toBe(28);
  });
});
