// Markers near a log's first and last days, each tested at the widest windows that fit it (at most --weeks,
// at least --min): the false changes a page would show if it tested such markers at clipped windows.
// Usage: npx tsx bench/impact-edge-sweep.ts FILE.csv ... [--weeks 26] [--min 8] [--every 7] [--margin 0]
// --margin M: the windows leave M whole weeks between the marker's after (or before) window and the data's edge.
import { impactOfChange } from '../core/analysis/impact.js';
import { withCsvContext } from './csv-context.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const W = opt('weeks', 26);
const MIN = opt('min', 8);
const EVERY = opt('every', 7);
const MARGIN = opt('margin', 0);
const files = args.filter((a) => a.endsWith('.csv'));
let markers = 0;
let changed = 0;
for (const file of files) {
  await withCsvContext(file, (ctx, span) => {
    let m = 0;
    let c = 0;
    const days: number[] = [];
    for (let d = span.first + 7 * MIN; d < span.first + 7 * W; d += EVERY) days.push(d);
    for (let d = span.last - 7 * W + 1; d <= span.last - 7 * MIN; d += EVERY) days.push(d);
    for (const d of days) {
      const before = Math.floor((d - span.first) / 7);
      const from = Math.floor((span.last - d + 1) / 7);
      const L = Math.min(W, before, from) - MARGIN;
      if (L < MIN) continue;
      const r = impactOfChange(ctx.prepared, ctx.indicators, d, { weeksEitherSide: L, span, model: 'max-t' });
      if (r.findings.every((f) => f.untested !== null)) continue;
      m++;
      if (r.findings.some((f) => f.changed)) c++;
    }
    markers += m;
    changed += c;
    console.log(`${file}: ${c} of ${m} edge markers changed`);
  });
}
console.log(`edge markers changed: ${changed} of ${markers} (${((100 * changed) / Math.max(1, markers)).toFixed(1)}%)`);
