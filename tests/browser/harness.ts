// Shared by the browser tests and bench/render.ts: builds the client if needed, starts the real
// service on a free loopback port over a temporary database holding the datasets given, and launches
// headless Chromium (software WebGL through SwiftShader). Also small deterministic events CSVs.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../server/app.js';
import { ensureClientBuilt, CLIENT_DIST } from '../../server/client-build.js';
import { openStore, type Store } from '../../server/db/store.js';
import { formatDay, dayFromCivil } from '../../core/dates.js';
import { seededRandom } from '../../core/random.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const OUTPUT_DIR = resolve(fileURLToPath(new URL('../output', import.meta.url)));

export interface TestServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** A dataset as CSV text, or a CSV file on disk. */
export type DatasetSource = string | { file: string };

export async function startTestServer(datasets: Record<string, DatasetSource>): Promise<TestServer> {
  await ensureClientBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'journeys-browser-'));
  const store = openStore(join(dir, 'test.db'));
  for (const [name, source] of Object.entries(datasets)) {
    const input = typeof source === 'string' ? Readable.from([source]) : createReadStream(source.file);
    const report = await store.importEventsCsv(name, input, { fileName: `${name}.csv` });
    if (report.rejected.length > 0) throw new Error(`test dataset ${name}: ${report.rejected.length} rows rejected, first: ${JSON.stringify(report.rejected[0])}`);
  }
  const app = await buildApp({ store, clientDir: CLIENT_DIST });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    app,
    store,
    async close() {
      await app.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Saves a marker on `dataset` through the API (as the map's marker form does); its id. */
export async function addMarker(server: TestServer, dataset: string, marker: { date: string; label: string; kind: string }): Promise<string> {
  const response = await server.app.inject({ method: 'POST', url: `/api/datasets/${dataset}/markers`, payload: marker });
  if (response.statusCode !== 201) throw new Error(`marker on ${dataset}: ${response.statusCode} ${response.body}`);
  return String((response.json() as { id: number }).id);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Calls one of the map page's test hooks (window.journeyMap) and returns its answer. */
export function callMap(page: Page, method: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(({ method, args }) => (window as unknown as { journeyMap: Record<string, (...a: unknown[]) => unknown> }).journeyMap[method]!(...args), { method, args });
}

/**
 * Opens the map page at `url`/`query` in a new context (a touch phone below 900 px wide, motion reduced),
 * waits until it has drawn and its counts have settled, and collects the page's errors; throws if the
 * page says it failed.
 */
export async function openMapPage(browser: Browser, url: string, query: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const small = viewport.width < 900;
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce', hasTouch: small, isMobile: small });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${url}/${query}`);
  await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
  const failure = await page.evaluate(() => (window as unknown as { journeyMapError?: string }).journeyMapError);
  if (failure) throw new Error(`the page failed: ${failure}`);
  await callMap(page, 'settled');
  return { page, errors };
}

/** A box in CSS pixels of the map's canvas. */
export type ScreenBox = { x0: number; y0: number; x1: number; y1: number };
export type ScreenPoint = { x: number; y: number };

/**
 * The map's step-number labels (`shown`) and slow-step warning signs (`slow`) as placed now (the
 * segmentLabels hook), each with its step, its box and its leader (the line from the box to its track,
 * or null) in CSS pixels of the canvas.
 */
export function stepLabelsOnScreen(page: Page): Promise<Record<'shown' | 'slow', { from: string; to: string; box: ScreenBox; leader: [ScreenPoint, ScreenPoint] | null }[]>> {
  return page.evaluate(() => {
    type B = { x0: number; y0: number; x1: number; y1: number };
    type Placed = { from: string; to: string; box: B; leader?: B | null };
    const map = (window as unknown as { journeyMap: Record<string, (...a: unknown[]) => unknown> }).journeyMap;
    const toScreen = map.toScreen as (x: number, y: number) => { x: number; y: number };
    const onScreen = (l: Placed) => {
      const a = toScreen(l.box.x0, l.box.y0);
      const z = toScreen(l.box.x1, l.box.y1);
      const leader = l.leader ? ([toScreen(l.leader.x0, l.leader.y0), toScreen(l.leader.x1, l.leader.y1)] as const) : null;
      return { from: l.from, to: l.to, box: { x0: a.x, y0: a.y, x1: z.x, y1: z.y }, leader };
    };
    const labels = map.segmentLabels!() as Record<'shown' | 'slow', Placed[]>;
    return { shown: labels.shown.map(onScreen), slow: labels.slow.map(onScreen) };
  }) as Promise<Record<'shown' | 'slow', { from: string; to: string; box: ScreenBox; leader: [ScreenPoint, ScreenPoint] | null }[]>>;
}

/**
 * Waits (up to 60 s) until the first element matching `selector` has text that contains `includes` (any
 * text when it is empty) and returns that text.
 */
export async function waitForText(page: Page, selector: string, includes = ''): Promise<string> {
  const handle = await page.waitForFunction(({ selector, includes }) => {
    const text = document.querySelector(selector)?.textContent ?? '';
    return text !== '' && text.includes(includes) ? text : false;
  }, { selector, includes }, { timeout: 60_000 });
  return (await handle.jsonValue()) as string;
}

/**
 * From now on records every text the page draws on a 2D canvas (an export's frame, as it draws it);
 * `drawnCanvasTexts` reads them back.
 */
export async function recordCanvasTexts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const drawn: string[] = [];
    (window as unknown as { drawnTexts: string[] }).drawnTexts = drawn;
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
      drawn.push(text);
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
  });
}

/** The texts drawn on 2D canvases since recordCanvasTexts. */
export function drawnCanvasTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { drawnTexts: string[] }).drawnTexts);
}

/** Saves a screenshot to tests/output/<name>.png (git-ignored) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export { seededRandom };

const HEADER = 'child_id,event,date,outcome,source,dob,sex,ethnicity,disability';

/**
 * A small plausible front door: `children` children over two years from 2022-01-03, each contacted,
 * most referred and assessed, some through strategy/S47/ICPC to a CP plan, some back for a second
 * episode. Same seed, same CSV.
 */
export function smallDatasetCsv(options: { children?: number; seed?: number } = {}): string {
  const random = seededRandom(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const rows = [HEADER];
  const base = dayFromCivil(2022, 1, 3);
  const n = options.children ?? 300;
  for (let c = 0; c < n; c++) {
    const id = `C${String(c).padStart(5, '0')}`;
    const dob = formatDay(base - 365 - Math.floor(random() * 16 * 365));
    const attrs = `${dob},${pick(['M', 'F', 'U'])},${pick(['WBRI', 'MWBC', 'APKN', 'BAFR', 'CHNE', 'REFU'])},${pick(['Y', 'N', 'U'])}`;
    let day = base + Math.floor(random() * 600);
    const episodes = random() < 0.25 ? 2 : 1;
    for (let e = 0; e < episodes; e++) {
      const add = (event: string, gap: number, outcome = '', source = '') => {
        day += gap;
        rows.push(`${id},${event},${formatDay(day)},${outcome},${source},${rows.length === 1 || e === 0 ? attrs : ',,,'}`);
      };
      if (random() < 0.2) {
        add('contact', 0, 'nfa', pick(['1A', '2A', '3A']));
      } else {
        add('contact', 0, 'referral', pick(['1A', '2A', '3A', '5A']));
        add('referral', 1 + Math.floor(random() * 3));
        add('assessment_start', 1 + Math.floor(random() * 5));
        const r = random();
        if (r < 0.35) {
          add('assessment_end', 10 + Math.floor(random() * 40), 'nfa');
        } else if (r < 0.7) {
          add('assessment_end', 10 + Math.floor(random() * 40), 'cin');
          add('cin_plan_start', 2 + Math.floor(random() * 10));
          add('cin_plan_end', 60 + Math.floor(random() * 200));
          add('case_closed', 1, 'RC1');
        } else {
          add('strategy_discussion', 2 + Math.floor(random() * 5));
          add('s47_start', 1);
          add('s47_end', 5 + Math.floor(random() * 15), 'icpc');
          add('icpc', 3 + Math.floor(random() * 10), 'cp_plan');
          add('cp_plan_start', 0);
          add('cp_plan_end', 90 + Math.floor(random() * 300));
          add('case_closed', 1, 'RC2');
        }
      }
      day += 120 + Math.floor(random() * 300);
    }
  }
  return rows.join('\n') + '\n';
}

/**
 * One child, one journey, for exact pixel checks on the front-door map: contact 2023-01-02,
 * referral 2023-01-10, assessment 2023-01-20 → 2023-03-01 (NFA).
 */
export function singleJourneyCsv(): string {
  return [
    HEADER,
    'ONLY1,contact,2023-01-02,referral,1A,2015-06-01,F,WBRI,N',
    'ONLY1,referral,2023-01-10,,,,,,',
    'ONLY1,assessment_start,2023-01-20,,,,,,',
    'ONLY1,assessment_end,2023-03-01,nfa,,,,,',
  ].join('\n') + '\n';
}

/** A server holding the demo council (written to a temporary file) and any other datasets, with Chromium; `close` ends all three. */
export async function startDemoServerAndBrowser(others: Record<string, DatasetSource> = {}): Promise<{ server: TestServer; browser: Browser; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'views-demo-'));
  const { writeDemoCsv } = await import('../../synth/demo.js');
  const demo = join(dir, 'demo.csv');
  await writeDemoCsv(demo);
  const server = await startTestServer({ demo: { file: demo }, ...others });
  const browser = await launchChromium();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
