// An events CSV imported into a temporary store, handed over as its analysis context and the days it covers,
// then thrown away: the impact benches run the core functions on logs from other generators this way.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../server/db/store.js';
import { createAnalysisContext, type AnalysisContext } from '../core/analysis/context.js';
import { parseDay } from '../core/dates.js';

export async function withCsvContext<T>(file: string, use: (ctx: AnalysisContext, span: { first: number; last: number }) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-csv-'));
  const store = openStore(join(dir, 'x.db'));
  try {
    await store.importEventsCsv('log', createReadStream(file), { fileName: 'log.csv' });
    let info: { from: string | null; to: string | null } | null = null;
    const ctx = store.derived('log', 'ctx', (loaded) => {
      info = loaded.info;
      return createAnalysisContext(loaded.table, loaded.children);
    })!;
    return await use(ctx, { first: parseDay(info!.from!)!, last: parseDay(info!.to!)! });
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
