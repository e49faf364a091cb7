// Review v9b finding 11 (issue 9 item 7, "readable and portable"), in headless Chromium:
// - the Sankeys' labels: none overlaps another, none leaves the chart, and each stands beside the node
//   it names (they were stacked 2 px apart, away from their nodes, so a label could not be told from
//   the next), at 1440×900 and 390×844, on the demo council and on a small council of many thin nodes;
// - the two-dates chart fills its frame (it used the left half at 1440);
// - the map's link to the views carries the dataset, the day and the cohort in its href before any
//   click (a copied link or a middle click lost them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openMapPage, saveScreenshot, smallDatasetCsv, startDemoServerAndBrowser, type TestServer } from './harness.js';
import { parseDay } from '../../core/dates.js';

const parseDayOf = (iso: string): number => parseDay(iso)!;

interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

describe('views page: layout and links', () => {
  let server: TestServer;
  let browser: Browser;
  let close = async () => {};

  beforeAll(async () => {
    ({ server, browser, close } = await startDemoServerAndBrowser({ thin: smallDatasetCsv({ children: 400, seed: 3 }) }));
  }, 300_000);
  afterAll(async () => close());

  async function open(page: Page, view: string, dataset: string, urlIncludes = `/datasets/${dataset}/`): Promise<void> {
    // A fresh load each time (a change of hash alone keeps the page and its panels drawn).
    await page.goto('about:blank');
    await page.goto(`${server.url}/views.html#view=${view}&dataset=${dataset}`);
    await page.waitForFunction(
      ({ view, urlIncludes }) => document.querySelector<HTMLElement>(`#panel-${view}`)?.dataset.loadedUrl?.includes(urlIncludes),
      { view, urlIncludes },
      { timeout: 120_000 },
    );
  }

  /** Signs `page` in as the viewer 'vic' (added by the test that needs one). */
  async function signIn(page: Page): Promise<void> {
    await page.goto(`${server.url}/signin.html`);
    await page.fill('#name', 'vic');
    await page.fill('#password', 'a long enough password');
    await page.click('#signin-submit');
    await page.waitForURL((u) => !u.pathname.endsWith('signin.html'), { timeout: 60_000 });
  }

  /** Each label's box, the box of the node it names (the rect whose right edge its text starts 4 units after), the SVG's and the frame's. */
  function sankeyLayout(page: Page, view: string) {
    return page.$eval(`#panel-${view} .sankey-fit`, (frame) => {
      const svgEl = frame.querySelector('svg')!;
      const svg = svgEl.getBoundingClientRect();
      const scale = svg.width / svgEl.viewBox.baseVal.width;
      const box = (e: Element, text: string) => {
        const r = e.getBoundingClientRect();
        return { text, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      const nodes = [...svgEl.querySelectorAll('rect')].map((r) => box(r, r.querySelector('title')?.textContent ?? ''));
      const labels = [...svgEl.querySelectorAll('text.sankey-label')].map((t) => {
        const label = box(t, [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' '));
        const x = Number(t.getAttribute('x'));
        const node = nodes.find((n) => Math.abs((n.right - svg.left) / scale + 4 - x) < 0.5 && n.text.startsWith(`${label.text}:`)) ?? null;
        return { label, node };
      });
      // What is drawn: nodes, bands and labels.
      const drawn = [...svgEl.querySelectorAll('rect, path, text')].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0);
      const frameBox = frame.getBoundingClientRect();
      return {
        svg: box(svgEl, 'svg'),
        labels,
        drawnWidth: Math.max(...drawn.map((r) => r.right)) - Math.min(...drawn.map((r) => r.left)),
        frameWidth: frameBox.width,
      };
    });
  }

  const overlaps = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

  for (const [width, height] of [[1440, 900], [390, 844]] as const) {
    it(`Sankey labels stand beside their nodes, apart and inside the chart; the two-dates chart fills its frame (${width}×${height})`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      try {
        for (const dataset of ['demo', 'thin']) {
          for (const view of ['pathways', 'two-point']) {
            await open(page, view, dataset);
            const layout = await sankeyLayout(page, view);
            const where = `${view} on ${dataset} at ${width}`;
            expect(layout.labels.length, where).toBeGreaterThan(3);
            const problems: string[] = [];
            for (const [i, { label, node }] of layout.labels.entries()) {
              const s = layout.svg;
              if (label.left < s.left - 1 || label.right > s.right + 1 || label.top < s.top - 1 || label.bottom > s.bottom + 1) problems.push(`"${label.text}" leaves the chart`);
              if (node === null) problems.push(`"${label.text}" names no node`);
              // Beside its node: the label's lines and the node share some height (2 px of slack).
              else if (label.bottom < node.top - 2 || label.top > node.bottom + 2) problems.push(`"${label.text}" stands ${Math.round(Math.max(node.top - label.bottom, label.top - node.bottom))} px from its node`);
              for (const other of layout.labels.slice(i + 1)) if (overlaps(label, other.label)) problems.push(`"${label.text}" overlaps "${other.label.text}"`);
            }
            expect(problems, where).toEqual([]);
            if (view === 'two-point') expect(layout.drawnWidth / layout.frameWidth, `${where}: drawn width / frame width`).toBeGreaterThanOrEqual(0.85);
          }
        }
      } finally {
        await page.close();
      }
    }, 240_000);
  }

  for (const [width, height] of [[1440, 900], [390, 844]] as const) {
    it(`two-date chart (${width}×${height}): no band is painted over a left-hand label, and the note names every place gathered into "Other"`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      try {
        await open(page, 'two-point', 'demo');
        const seen = await page.$eval('#panel-two-point figure.chart-figure', (fig) => {
          const svg = fig.querySelector('.sankey-fit svg')!;
          const texts = [...svg.querySelectorAll<SVGTextElement>('text.sankey-label')];
          const leftmost = Math.min(...texts.map((t) => Number(t.getAttribute('x'))));
          // what is painted right under each left-hand label, at points along its middle: a band is the problem
          let struck = 0;
          let points = 0;
          for (const t of texts.filter((x) => Number(x.getAttribute('x')) === leftmost)) {
            const r = t.getBoundingClientRect();
            for (let i = 1; i < 8; i++) {
              const under = document.elementsFromPoint(r.left + (r.width * i) / 8, r.top + r.height / 2).filter((e) => e !== t && !t.contains(e));
              points++;
              if (under[0]?.tagName === 'path') struck++;
            }
          }
          return { struck, points, notes: [...fig.querySelectorAll('.chart-note')].map((n) => n.textContent ?? '').join(' '), drawn: texts.map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ')) };
        });
        expect(seen.points).toBeGreaterThan(20);
        expect(seen.struck, 'points of left-hand labels with a band painted over them').toBe(0);
        // every place not drawn as a node of its own is named in the note under the chart, with the "Other" it is in
        const json = (await (await page.request.get(`${server.url}/api/datasets/demo/views/two-point`)).json()) as { links: Array<{ from: string; to: string }> };
        const places = new Set(json.links.flatMap((l) => [l.from, l.to]));
        const gathered = [...places].filter((p) => !seen.drawn.some((d) => d === p));
        expect(gathered.length, 'the demo has small places gathered into "Other"').toBeGreaterThan(0);
        expect(seen.notes).toMatch(/"Other \(\d+ smaller places\)" on \d+ \w+ \d{4}: /);
        for (const p of gathered) expect(seen.notes, p).toContain(p);
      } finally {
        await page.close();
      }
    }, 240_000);
  }

  it('says on the funnel why a council has no position (to a viewer: a rate out of fewer than 40 is [c])', async () => {
    // Signed in as a viewer (without sign-in the loopback caller gets exact counts, as it reads the moves);
    // the account is removed after, so the other tests here stay without sign-in.
    await server.app.accounts.add('vic', 'viewer', 'a long enough password');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await signIn(page);
      const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      let unplaced = 0;
      await open(page, 'funnel', 'demo', '/compare/funnel');
      for (const rate of ['icpc_to_cp_plan', 'cp_plan_second_or_subsequent', 's47_to_icpc']) {
        await page.selectOption('#panel-funnel select[name=rate]', rate);
        await page.click('#panel-funnel form button[type=submit], #panel-funnel form input[type=submit]');
        const url = (await (await page.waitForFunction((rate) => {
          const u = document.querySelector<HTMLElement>('#panel-funnel')?.dataset.loadedUrl;
          return u?.includes(`rate=${rate}`) ? u : false;
        }, rate, { timeout: 120_000 })).jsonValue()) as string;
        const api = (await server.app.inject({ method: 'GET', url, headers: { cookie } })).json() as { target: number | null; disclosure: { exactCounts: boolean }; tables: Array<{ id: string; columns: Array<{ key: string }>; rows: unknown[][] }> };
        expect(api.disclosure.exactCounts).toBe(false);
        const councils = api.tables.find((t) => t.id === 'councils')!;
        const at = (key: string) => councils.columns.findIndex((c) => c.key === key);
        const notes = (await page.$$eval('#panel-funnel .chart-note', (els) => els.map((e) => e.textContent ?? ''))).join(' ');
        // No target (the complete councils together out of fewer than 40): the page says no council can be placed.
        if (api.target === null) expect(notes, rate).toMatch(/No funnel drawn: the target, .* is suppressed .* no council can be placed/);
        for (const row of councils.rows) {
          // an incomplete council is said to be so, target or not
          if (row[at('incomplete')] !== null) expect(row[at('position')], `${rate} ${row[0]}`).toBe('incomplete');
          if (row[at('position')] !== null) continue;
          unplaced++;
          // Its rate is [c] (out of fewer than 40, or built on 1 to 4) and the note under the chart names it and says why.
          expect(row[at('rate')], `${rate} ${row[0]}`).toBe('[c]');
          expect(notes, `${rate} ${row[0]}`).toMatch(new RegExp(`Not drawn \\(rate suppressed: built on fewer than 5, or out of fewer than 40\\): [^.]*\\b${row[0]}\\b`));
        }
      }
      expect(unplaced, 'the small council has rates out of fewer than 40: the test can fail').toBeGreaterThan(0);
    } finally {
      await page.close();
      server.app.accounts.remove('vic');
    }
  }, 180_000);

  it("the map's views link carries the dataset, the day and the cohort in its href, before any click", async () => {
    const { page, errors } = await openMapPage(browser, server.url, '?dataset=thin&date=2023-06-30', { width: 1440, height: 900 });
    try {
      const href = () => page.getAttribute('#views-link', 'href');
      const state = async () => new URLSearchParams(new URL((await href())!, server.url).hash.slice(1));
      let s = await state();
      expect(s.get('dataset')).toBe('thin');
      expect(s.get('to')).toBe('2023-06-30');
      expect(s.get('cohort')).toBeNull();
      // Another day: the href follows.
      await page.fill('#jump-date', '2023-02-01');
      await page.press('#jump-date', 'Enter');
      await page.waitForFunction(() => document.querySelector('#views-link')?.getAttribute('href')?.includes('to=2023-02-01'), null, { timeout: 30_000 });
      // A filter: the href carries it as the views' cohort.
      await page.evaluate(() => (window as unknown as { journeyMap: { setFilter(field: string, value: number, allowed: boolean): void } }).journeyMap.setFilter('sex', 0, false));
      await page.waitForFunction(() => document.querySelector('#views-link')?.getAttribute('href')?.includes('cohort='), null, { timeout: 30_000 });
      s = await state();
      expect(s.get('dataset')).toBe('thin');
      expect(s.get('to')).toBe('2023-02-01');
      expect(s.get('cohort')).toMatch(/^sex:/);
      // Followed, the views open on that dataset, window end and cohort.
      await page.goto(new URL((await href())!, `${server.url}/`).toString());
      await page.waitForFunction(() => document.querySelector<HTMLElement>('#panel-flow')?.dataset.loadedUrl, null, { timeout: 120_000 });
      const loaded = await page.$eval('#panel-flow', (p) => (p as HTMLElement).dataset.loadedUrl!);
      expect(loaded).toContain('/datasets/thin/');
      expect(loaded).toContain('to=2023-02-01');
      expect(decodeURIComponent(loaded)).toContain(`cohort=${s.get('cohort')}`);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it('views → map → views keeps the cohort and the window: the map applies ?cohort= as its filter (chip, table) and hands it back', async () => {
    const cohort = 'age:5_9|10_15;sex:F';
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      // The views on a window and a cohort.
      await page.goto(`${server.url}/views.html#view=flow&dataset=thin&from=2023-01-01&to=2023-06-30&cohort=${encodeURIComponent(cohort)}`);
      await page.waitForFunction(() => document.querySelector<HTMLElement>('#panel-flow')?.dataset.loadedUrl, null, { timeout: 120_000 });
      const mapHref = new URL((await page.getAttribute('#map-link', 'href'))!, `${server.url}/`);
      expect(mapHref.searchParams.get('cohort')).toBe(cohort);
      expect(mapHref.searchParams.get('date')).toBe('2023-06-30');
      // Followed: the map shows the window's end, names the cohort on its chip and counts only it.
      await page.goto(mapHref.toString());
      await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
      await page.evaluate(() => (window as unknown as { journeyMap: { settled(): Promise<void> } }).journeyMap.settled());
      expect(await page.evaluate(() => (window as unknown as { journeyMapError?: string }).journeyMapError ?? null)).toBeNull();
      expect(await page.isVisible('#filter-chip')).toBe(true);
      expect(await page.textContent('#filter-chip')).toContain('Filter on: Age band: 5–9, 10–15 · Sex: female');
      expect(await page.textContent('#current-date')).toContain('2023');
      await page.click('#table-toggle');
      const rows = await page.$$eval('#station-table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-station')!, ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent!)]));
      const api = (await server.app.inject({ method: 'GET', url: `/api/datasets/thin/stations?map=front-door&at=2023-06-30&cohort=${encodeURIComponent(cohort)}` })).json() as { stations: { id: string; waiting: number; children: number }[] };
      const everyone = (await server.app.inject({ method: 'GET', url: '/api/datasets/thin/stations?map=front-door&at=2023-06-30' })).json() as { stations: { id: string; waiting: number }[] };
      expect(rows.map((r) => r[0])).toEqual(api.stations.map((s) => s.id));
      const counted = (list: { waiting: number }[]) => list.reduce((sum, s) => sum + s.waiting, 0);
      expect(counted(api.stations), 'the cohort is fewer children than everyone: the test can fail').toBeLessThan(counted(everyone.stations));
      api.stations.forEach((s, k) => {
        if (s.id === 'nfa' || s.id === 'closed') return;
        expect(Number(rows[k]![1]!.replace(/,/g, '')), s.id).toBe(s.waiting);
        expect(Number(rows[k]![2]!.replace(/,/g, '')), s.id).toBe(s.children);
      });
      // The map's own URL says the cohort (a reload or a copied address keeps it).
      expect(new URL(page.url()).searchParams.get('cohort')).toBe(cohort);
      // Back to the views: the same cohort and window.
      const viewsHref = new URL((await page.getAttribute('#views-link', 'href'))!, `${server.url}/`);
      const back = new URLSearchParams(viewsHref.hash.slice(1));
      expect([back.get('dataset'), back.get('from'), back.get('to'), back.get('cohort')]).toEqual(['thin', '2023-01-01', '2023-06-30', cohort]);
      await page.goto(viewsHref.toString());
      await page.waitForFunction(() => document.querySelector<HTMLElement>('#panel-flow')?.dataset.loadedUrl, null, { timeout: 120_000 });
      const loaded = decodeURIComponent(await page.$eval('#panel-flow', (p) => (p as HTMLElement).dataset.loadedUrl!));
      expect(loaded).toContain('from=2023-01-01');
      expect(loaded).toContain('to=2023-06-30');
      expect(loaded).toContain(`cohort=${cohort}`);
      expect(await page.textContent('#cohort-host summary')).toContain('female');

      // On the map, a filter changed by hand is written back to its URL and its views link.
      await page.goto(mapHref.toString());
      await page.waitForFunction(() => 'journeyMap' in window, null, { timeout: 60_000 });
      await page.evaluate(() => (window as unknown as { journeyMap: { setFilter(field: string, value: number, allowed: boolean): void } }).journeyMap.setFilter('sex', 0, true)); // male too
      await page.waitForFunction(() => new URL(location.href).searchParams.get('cohort') === 'age:5_9|10_15;sex:M|F', null, { timeout: 30_000 });
      expect(new URLSearchParams(new URL((await page.getAttribute('#views-link', 'href'))!, `${server.url}/`).hash.slice(1)).get('cohort')).toBe('age:5_9|10_15;sex:M|F');
      await page.click('#filter-clear');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('cohort'), null, { timeout: 30_000 });
      expect(new URLSearchParams(new URL((await page.getAttribute('#views-link', 'href'))!, `${server.url}/`).hash.slice(1)).get('cohort')).toBeNull();
      // A day before the window's start: the views link drops the start rather than ask for a window that ends before it begins.
      await page.fill('#jump-date', '2022-12-01');
      await page.press('#jump-date', 'Enter');
      await page.waitForFunction(() => document.querySelector('#views-link')?.getAttribute('href')?.includes('to=2022-12-01'), null, { timeout: 30_000 });
      expect(new URLSearchParams(new URL((await page.getAttribute('#views-link', 'href'))!, `${server.url}/`).hash.slice(1)).get('from')).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  // Issue 12 (audit a12g F3): a viewer's views are given for one financial year (or, time in care and re-referrals,
  // the data's whole span) whatever window is asked (server/routes/dataset-window.ts). The page says so beside the
  // window pickers, with the year shown, so that a window asked for and another shown are never silently different;
  // an analyst's page (exact counts) says nothing of it. Screenshots at 1440×900 and 390×844.
  async function load(page: Page, hash: string, view: string): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${server.url}/views.html#${hash}`);
    await page.waitForFunction((view) => Boolean(document.querySelector<HTMLElement>(`#panel-${view}`)?.dataset.loadedUrl), view, { timeout: 120_000 });
  }
  const note = (page: Page) => page.$eval('#window-note', (e) => ((e as HTMLElement).hidden ? null : e.textContent));

  it('says the financial year shown when a viewer asks for other dates, and nothing to an analyst', async () => {
    // without sign-in the loopback caller gets exact counts: the analyst's page first
    const analyst = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await load(analyst, 'view=flow&dataset=demo&from=2024-01-01&to=2024-02-29', 'flow');
      expect(await note(analyst)).toBeNull();
      expect(await analyst.isVisible('#window-hint')).toBe(true);
    } finally {
      await analyst.close();
    }
    await server.app.accounts.add('vic', 'viewer', 'a long enough password');
    try {
      for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
        const page = await browser.newPage({ viewport });
        try {
          await signIn(page);
          await load(page, 'view=flow&dataset=demo&from=2024-01-01&to=2024-02-29', 'flow');
          const url = await page.$eval('#panel-flow', (e) => (e as HTMLElement).dataset.loadedUrl ?? '');
          const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
          const api = (await server.app.inject({ method: 'GET', url, headers: { cookie } })).json() as { window: { from: string; to: string } };
          expect(api.window).toEqual({ from: '2023-04-01', to: '2024-03-31' });
          expect(await note(page)).toMatch(/^Shown for the financial year 1 April 2023 to 31 March 2024: without exact counts, views are given for whole financial years/);
          expect(await page.$eval('#window-note', (e) => e.getBoundingClientRect().height)).toBeGreaterThan(0);
          // the analyst's hint on an empty window (its last 12 months) is not said to a viewer
          expect(await page.isVisible('#window-hint')).toBe(false);
          await saveScreenshot(page, `views-viewer-window-${viewport.width}`);
          // time in care: the data's whole span, said as such
          await load(page, 'view=time-in-care&dataset=demo&from=2024-01-01&to=2024-02-29', 'time-in-care');
          expect(await note(page)).toMatch(/^Shown for the data's whole span, 1 April 2018 to 31 March 2025: /);
          // the impact view: without a saved marker the page says why there is nothing to show (the date it picks is refused)
          if (viewport.width === 1440) {
            await page.goto('about:blank');
            await page.goto(`${server.url}/views.html#view=impact&dataset=demo`);
            await page.waitForFunction(() => /saved marker/.test(document.querySelector('#status')?.textContent ?? ''), undefined, { timeout: 120_000 });
            server.store.db.prepare('INSERT INTO markers (dataset_id, day, label, kind) VALUES (?, ?, ?, ?)').run(server.store.datasetId('demo')!, parseDayOf('2023-04-03'), 'Ofsted', 'inspection');
          }
          // with one, a saved marker with 26 weeks, said as such
          await load(page, 'view=impact&dataset=demo', 'impact');
          expect(await note(page)).toMatch(/^Without exact counts, the impact view is of a saved marker with 26 weeks either side/);
          // the two dates: a financial year's end or the data's last day
          await load(page, 'view=two-point&dataset=demo', 'two-point');
          expect(await note(page)).toMatch(/^Shown for 31 March 2024 and 31 March 2025: without exact counts, the two dates are a financial year's end/);
          await saveScreenshot(page, `views-viewer-two-point-${viewport.width}`);
        } finally {
          await page.close();
        }
      }
    } finally {
      await server.app.accounts.remove('vic');
    }
  }, 300_000);
});
