// Audit a12g F7 (issue 12, "limits that hold"): a 754 MB events file naming 26 million distinct children,
// under the upload limit, took the service out of memory after 33 minutes (5.4 GB), and nothing capped
// it. An import now stops at JOURNEYS_MAX_CHILDREN distinct children (default 5,000,000) with the line it
// reached, keeps nothing, and leaves the dataset it would have replaced as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openStore, type Store } from '../../../server/db/store.js';
import { ImportError } from '../../../server/import/import-report.js';
import { maxChildrenPerImport } from '../../../server/import/child-registry.js';

const csv = (children: number) => `child_id,event,date\n${Array.from({ length: children }, (_, i) => `C${i},contact,2023-01-0${1 + (i % 9)}\nC${i},referral,2023-01-0${1 + (i % 9)}`).join('\n')}\n`;

describe('distinct children per import', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journeys-max-children-'));
    store = openStore(join(dir, 'a.db'));
  });
  afterEach(() => {
    delete process.env.JOURNEYS_MAX_CHILDREN;
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is 5,000,000 unless JOURNEYS_MAX_CHILDREN says otherwise, and a bad setting is refused by name', () => {
    expect(maxChildrenPerImport()).toBe(5_000_000);
    process.env.JOURNEYS_MAX_CHILDREN = '250000';
    expect(maxChildrenPerImport()).toBe(250_000);
    process.env.JOURNEYS_MAX_CHILDREN = 'lots';
    expect(() => maxChildrenPerImport()).toThrow(/JOURNEYS_MAX_CHILDREN must be a positive number of children/);
  });

  it('stops an events CSV at the first row of one child too many, naming its line, and keeps the dataset it would replace', async () => {
    await store.importEventsCsv('kent', Readable.from([csv(2)]));
    process.env.JOURNEYS_MAX_CHILDREN = '3';
    await expect(store.importEventsCsv('fits', Readable.from([csv(3)]))).resolves.toMatchObject({ imported: 6 });
    const error = await store.importEventsCsv('kent', Readable.from([csv(4)])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    // rows 2-7 are children C0-C2; line 8 is C3's contact
    expect((error as ImportError).message).toMatch(/line 8: the files name more than 3 distinct children.*JOURNEYS_MAX_CHILDREN.*nothing was imported/);
    expect((error as ImportError).report.rejected).toEqual([{ line: 8, column: null, reason: expect.stringMatching(/more than 3 distinct children/) }]);
    expect(store.loadDataset('kent')!.table.childIds).toEqual(['C0', 'C1']);
  });

  it('stops SSDA903 files the same way', async () => {
    process.env.JOURNEYS_MAX_CHILDREN = '2';
    const rows = ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN', ...[1, 2, 3].map((i) => `K${i},01/04/2023,S,C2,N1,U1,PR1,,,,,,`)];
    const error = await store.importSources('la', [{ name: 'episodes.csv', format: 'ssda903', input: Readable.from([`${rows.join('\n')}\n`]) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(/more than 2 distinct children/);
    expect(store.getDataset('la')).toBeNull();
  });
});
