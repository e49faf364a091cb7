// Rendering benchmark (`npm run bench:render [-- 1000,10000,100000]`): starts the service over a
// temporary database with a small generated dataset, then in headless Chromium on the software
// renderer (SwiftShader) runs the map's benchmark mode (`/?bench=N`: N dots drawn, a fifth of them travelling at any moment, WebGL) and the
// SVG baseline (`/svg-baseline.html?n=N`: N <circle>s moved by d3) for each N, 5 s each, and prints
// frame times and JS time per frame. Figures go to bench/output/render.json too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { launchChromium, smallDatasetCsv, startTestServer } from '../tests/browser/harness.js';
import type { BenchFigures } from '../client/src/bench/frame-timer.js';


const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bench:render: sizes must be positive integers, got ${process.argv[2]}`);

const server = await startTestServer({ bench: smallDatasetCsv({ children: 1000 }) });
const browser = await launchChromium();
const results: BenchFigures[] = [];
try {
  for (const n of sizes) {
    for (const [kind, path] of [
      ['webgl', `/?dataset=bench&bench=${n}`],
      ['svg', `/svg-baseline.html?n=${n}`],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(server.url + path);
      await page.waitForFunction(() => 'journeyMapBench' in window || 'journeyMapError' in window, null, { timeout: 600_000, polling: 500 });
      const outcome = await page.evaluate(() => {
        const w = window as unknown as { journeyMapBench?: unknown; journeyMapError?: string };
        return { figures: w.journeyMapBench as BenchFigures | undefined, error: w.journeyMapError };
      });
      await page.close();
      if (!outcome.figures) throw new Error(`${kind} with ${n} dots failed: ${outcome.error}`);
      results.push(outcome.figures);
      process.stderr.write(`${kind} ${n}: ${outcome.figures.medianFrameMs} ms/frame\n`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
console.log('Rendering benchmark: headless Chromium, SwiftShader (software WebGL), 1280×720, 5 s per run');
console.log(`${'renderer'.padEnd(12)}${pad('dots', 9)}${pad('frames', 8)}${pad('median ms', 11)}${pad('p95 ms', 9)}${pad('JS ms/frame', 13)}${pad('GPU-synced ms', 15)}`);
for (const r of results) {
  console.log(`${r.renderer.padEnd(12)}${pad(r.dots, 9)}${pad(r.frames, 8)}${pad(r.medianFrameMs.toFixed(1), 11)}${pad(r.p95FrameMs.toFixed(1), 9)}${pad(r.jsMsPerFrame.toFixed(2), 13)}${pad(r.syncedMsPerFrame.toFixed(1), 15)}`);
}

for (const r of results) {
  if (r.stationDotsMs) console.log(`stations' dots shown here, ${r.dots} dots: ${r.stationDotsMs.placeMs.toFixed(2)} ms to place them all (every refresh before), ${r.stationDotsMs.cachedMs.toFixed(3)} ms kept for the day and filter`);
}
const webgl = results.filter((r) => r.renderer !== 'svg');
const svg = results.filter((r) => r.renderer === 'svg');
console.log('');
for (const s of svg) {
  const tenfold = webgl.find((w) => w.dots === s.dots * 10);
  if (!tenfold) continue;
  const verdict = tenfold.medianFrameMs <= s.medianFrameMs ? 'yes' : 'no';
  console.log(`WebGL with ${tenfold.dots} dots: ${tenfold.medianFrameMs.toFixed(1)} ms/frame vs SVG with ${s.dots}: ${s.medianFrameMs.toFixed(1)} ms/frame → 10× the dots in no more time: ${verdict}`);
}
if (webgl.length >= 2) {
  const first = webgl[0]!;
  const last = webgl.at(-1)!;
  console.log(`WebGL JS per frame: ${first.jsMsPerFrame.toFixed(2)} ms at ${first.dots} dots, ${last.jsMsPerFrame.toFixed(2)} ms at ${last.dots} dots (×${(last.jsMsPerFrame / first.jsMsPerFrame).toFixed(2)} for ×${last.dots / first.dots} dots)`);
}
mkdirSync(new URL('./output/', import.meta.url), { recursive: true });
writeFileSync(new URL('./output/render.json', import.meta.url), JSON.stringify(results, null, 2));
