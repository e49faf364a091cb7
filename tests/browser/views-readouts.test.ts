// Review v9d findings 6 to 9 (issue 9 items 6 and 7), in headless Chromium on the demo council:
// - the work-in-progress chart (the flow view's lead chart) reads its values out on focus and hover;
// - a published [c] reads "[c]" in a chart's read-out, never "—" (the mark for no data);
// - the impact tab opens with its headlines, then the verdict; its weekly charts say why they stop
//   before the data's last date; its SVG download names the window and the marker;
// - the work-in-progress SVG keeps its whole title; a CSV link names the dataset, window, cohort and source;
// - at 390 px the stays chart's station labels do not overlap, nor England's label the cut-off names or any line;
// - keyboard focus on time in care starts on a value, not on "all —".
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { saveScreenshot, startDemoServerAndBrowser, type TestServer } from './harness.js';

type Box = { left: number; right: number; top: number; bottom: number };
const overlaps = (a: Box, b: Box) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

describe('views page: read-outs, downloads and headlines', () => {
  let server: TestServer;
  let browser: Browser;
  let close = async () => {};

  beforeAll(async () => {
    ({ server, browser, close } = await startDemoServerAndBrowser());
  }, 300_000);
  afterAll(async () => close());

  async function open(width: number, height: number, view: string, hash = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
    await page.goto(`${server.url}/views.html#view=${view}&dataset=demo${hash}`);
    await page.waitForFunction((view) => document.querySelector<HTMLElement>(`#panel-${view}`)?.dataset.loadedUrl?.includes('/datasets/demo/'), view, { timeout: 120_000 });
    return page;
  }

  async function downloadText(page: Page, button: string): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return readFileSync((await download.path())!, 'utf8');
  }

  it('flow: the work-in-progress chart reads out each station’s week on focus and on hover', async () => {
    const page = await open(1440, 900, 'flow');
    const wip = page.locator('#panel-flow figure.chart-figure').first();
    const layers = wip.locator('.cursor-layer');
    expect(await layers.count()).toBeGreaterThan(3);
    await layers.first().focus();
    // the visible read-out that says what was just read, and how far below the chart being read it sits
    const shown = (k: number) =>
      page.evaluate((k) => {
        const fig = document.querySelector('#panel-flow figure.chart-figure')!;
        const layer = fig.querySelectorAll('.cursor-layer')[k]!.getBoundingClientRect();
        const out = [...fig.querySelectorAll<HTMLElement>('.hover-readout')].filter((r) => r.offsetParent !== null && (r.textContent ?? '') !== '');
        return out.map((r) => ({ text: r.textContent ?? '', below: r.getBoundingClientRect().top - layer.bottom }));
      }, k);
    const read = async (k: number) => {
      const out = await shown(k);
      expect(out, 'one read-out speaks').toHaveLength(1);
      expect(out[0]!.below, 'the read-out is under the chart read').toBeGreaterThanOrEqual(0);
      expect(out[0]!.below, 'the read-out is under the chart read').toBeLessThan(60);
      return out[0]!;
    };
    expect((await read(0)).text).toMatch(/^[A-Z][^,]+, end of the week to \d+ \w+ \d{4}: (\d[\d,]*|\[c\]) waiting/);
    await page.keyboard.press('Home');
    const first = (await read(0)).text;
    await page.keyboard.press('ArrowRight');
    expect((await read(0)).text).not.toBe(first);
    const box = (await layers.nth(1).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // the hovered chart's own read-out, just under it
    expect((await shown(1)).find((r) => r.below >= 0 && r.below < 60)?.text).toMatch(/waiting/);
    await saveScreenshot(page, 'views-readouts-flow-1440');
    // at 390 px each station's read-out is under its own chart (the shared one sat below the last station, a
    // screen or more from the first)
    const phone = await open(390, 844, 'flow');
    const phoneLayers = phone.locator('#panel-flow figure.chart-figure').first().locator('.cursor-layer');
    for (const k of [0, (await phoneLayers.count()) - 1]) {
      await phoneLayers.nth(k).focus();
      const out = await phone.evaluate((k) => {
        const fig = document.querySelector('#panel-flow figure.chart-figure')!;
        const layer = fig.querySelectorAll('.cursor-layer')[k]!.getBoundingClientRect();
        return [...fig.querySelectorAll<HTMLElement>('.hover-readout')].filter((r) => r.offsetParent !== null && (r.textContent ?? '') !== '').map((r) => r.getBoundingClientRect().top - layer.bottom);
      }, k);
      // (the read-out of a chart read earlier keeps its last words, under that chart)
      expect(out.filter((below) => below >= 0 && below < 60), `station ${k}: a read-out under its chart`).toHaveLength(1);
    }
    await phone.close();
    // the SVG download keeps the whole title: every heading line fits the picture's width
    const svg = await downloadText(page, '#panel-flow figure.chart-figure >> nth=0 >> button:has-text("Download SVG")');
    const fits = await page.evaluate((svg) => {
      const host = document.createElement('div');
      host.innerHTML = svg;
      document.body.append(host);
      const el = host.querySelector('svg')!;
      const width = Number(el.getAttribute('width'));
      const texts = [...el.querySelectorAll(':scope > text')].map((t) => ({ text: t.textContent ?? '', right: 12 + (t as SVGTextElement).getComputedTextLength() }));
      host.remove();
      return { width, texts };
    }, svg);
    expect(fits.texts.map((t) => t.text).join(' ')).toContain('Work in progress: children waiting at each station, week by week to');
    for (const t of fits.texts) expect(t.right, t.text).toBeLessThanOrEqual(fits.width);
    // the window is said once (audit of issue 9: "Window: 7 April 2023 to 31 March 2024. 7 April 2023 to 31 March 2024.")
    const heading = fits.texts.map((t) => t.text).join(' ');
    const window = /Window: (\d+ \w+ \d{4} to \d+ \w+ \d{4})\./.exec(heading)?.[1];
    expect(window, heading).toBeDefined();
    expect(heading.split(window!).length - 1, heading).toBe(1);
    await page.close();
  }, 240_000);

  it('flow: a published [c] reads "[c]" in the read-out, not "—"', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    let station = '';
    // the server is exact: the page is given the published mark a viewer would see in the last week
    await page.route('**/api/datasets/demo/views/flow**', async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      const last = json.arrivals[json.arrivals.length - 1];
      const busiest = json.stations.map((s: { station: string; name: string }) => ({ ...s, total: json.arrivals.reduce((n: number, w: Record<string, unknown>) => n + (typeof w[s.station] === 'number' ? (w[s.station] as number) : 0), 0) })).sort((a: { total: number }, b: { total: number }) => b.total - a.total)[0];
      station = busiest.name;
      last[busiest.station] = '[c]';
      await route.fulfill({ response, json });
    });
    await page.goto(`${server.url}/views.html#view=flow&dataset=demo`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#panel-flow')?.dataset.loadedUrl?.includes('/datasets/demo/'), undefined, { timeout: 120_000 });
    const arrivals = page.locator('#panel-flow figure.chart-figure', { has: page.locator('h3', { hasText: 'Arrivals at each station' }) });
    await arrivals.locator('.cursor-layer').focus();
    await page.keyboard.press('End');
    const text = (await arrivals.locator('.hover-readout').textContent()) ?? '';
    expect(text).toContain(`${station} [c]`);
    await page.close();
  }, 240_000);

  it('impact: headlines first, then the verdict; the weekly charts draw the whole series with the test\'s windows shaded; the SVG names window and marker', async () => {
    const page = await open(1440, 900, 'impact');
    const order = await page.evaluate(() => {
      const panel = document.querySelector('#panel-impact')!;
      const headlines = panel.querySelector('.headlines-host')!;
      const verdict = panel.querySelector('.verdict')!;
      return { filled: headlines.textContent!.trim().length > 0, before: Boolean(headlines.compareDocumentPosition(verdict) & Node.DOCUMENT_POSITION_FOLLOWING) };
    });
    expect(order).toEqual({ filled: true, before: true });
    const weeks = await page.evaluate(async () => {
      const url = document.querySelector<HTMLElement>('#panel-impact')!.dataset.loadedUrl!;
      const json = await (await fetch(url)).json();
      const datasets = await (await fetch('/api/datasets')).json();
      const demo = datasets.find((d: { name: string }) => d.name === 'demo');
      const plus6 = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
      return { first: json.weeks[0].start as string, lastEnd: plus6(json.weeks[json.weeks.length - 1].start), dataFrom: demo.from as string, dataTo: demo.to as string };
    });
    // the series reach the data's first and last days (review: a senior leader wants the whole series)
    expect(weeks.first <= weeks.dataFrom && weeks.lastEnd >= weeks.dataTo).toBe(true);
    const weekly = page.locator('#panel-impact figure.chart-figure', { has: page.locator('h3', { hasText: 'Referrals a week' }) });
    expect(await weekly.locator('.chart-note').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^The whole series is drawn, weeks beginning \d+ \w+ \d{4} to \d+ \w+ \d{4}\. Shaded: the \d+ weeks before the marker and the \d+ from it that the test compares/)]));
    // the windows are shaded and named on the chart, their names apart at 1440 and at 390 px (the windows are
    // narrow in seven years of weeks: they read "beforafter")
    expect(await weekly.locator('svg text').allTextContents()).toEqual(expect.arrayContaining(['before', 'after']));
    const phone = await open(390, 844, 'impact');
    for (const p of [page, phone]) {
      const names = await p.$$eval('#panel-impact figure.chart-figure svg text', (els) =>
        els.filter((e) => e.textContent === 'before' || e.textContent === 'after').map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })),
      );
      expect(names.length).toBeGreaterThanOrEqual(4);
      for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) expect(overlaps(names[i]!, names[j]!), `window names ${i} and ${j}`).toBe(false);
    }
    await phone.close();
    await saveScreenshot(page, 'views-readouts-impact-1440');
    const svg = await downloadText(page, '#panel-impact figure.chart-figure >> nth=0 >> button:has-text("Download SVG")');
    expect(svg).toMatch(/Window: \d+ \w+ \d{4} to \d+ \w+ \d{4}\./);
    expect(svg).toMatch(/Marker: \d+ \w+ \d{4}/);
    // a CSV link names the dataset, window, cohort and source
    const link = await page.locator('#panel-impact .table-block a').first().textContent();
    expect(link).toMatch(/^Download CSV: .+ — dataset demo; marker \d+ \w+ \d{4}.*, \d+ \w+ \d{4} to \d+ \w+ \d{4}; cohort: everyone; source: child-journey tube map$/);
    await page.close();
  }, 240_000);

  it('every line chart names its lines inside the chart, apart (1440 px)', async () => {
    for (const view of ['flow', 'rereferrals', 'impact', 'time-in-care']) {
      const page = await open(1440, 900, view);
      const problems = await page.evaluate((view) => {
        const out: string[] = [];
        for (const svg of document.querySelectorAll<SVGSVGElement>(`#panel-${view} figure.chart-figure svg`)) {
          const frame = svg.getBoundingClientRect();
          const labels = [...svg.querySelectorAll('text.line-label')].map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }));
          for (const [i, { text, r }] of labels.entries()) {
            if (r.top < frame.top - 0.5 || r.bottom > frame.bottom + 0.5 || r.right > frame.right + 0.5) out.push(`${view}: "${text}" cut off by its chart's edge`);
            for (const o of labels.slice(i + 1)) if (r.top < o.r.bottom - 0.5 && o.r.top < r.bottom - 0.5) out.push(`${view}: "${text}" overlaps "${o.text}"`);
          }
        }
        return out;
      }, view);
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 240_000);

  it('time in care: keyboard focus starts on a value', async () => {
    const page = await open(1440, 900, 'time-in-care');
    const fig = page.locator('#panel-time-in-care figure.chart-figure').first();
    await fig.locator('.cursor-layer').focus();
    const text = (await fig.locator('.hover-readout').textContent()) ?? '';
    expect(text).toMatch(/\d+\.\d%/);
    await page.close();
  }, 240_000);

  it('at 390 px: the stays chart’s station labels stand apart, and England’s label clears the cut-off names', async () => {
    const page = await open(390, 844, 'flow', '&cohort=');
    const stays = page.locator('#panel-flow figure.chart-figure', { has: page.locator('h3', { hasText: 'How long children stay at each station' }) });
    await stays.scrollIntoViewIfNeeded();
    const ticks: Box[] = await stays.locator('svg .tick text').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0 && r.top > 0).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })));
    const xTicks = ticks.filter((t) => t.bottom - t.top > 20); // upright station names (the value axis's numbers are short)
    expect(xTicks.length).toBeGreaterThan(6);
    for (let i = 0; i < xTicks.length; i++) for (let j = i + 1; j < xTicks.length; j++) expect(overlaps(xTicks[i]!, xTicks[j]!), `labels ${i} and ${j}`).toBe(false);
    // and none runs outside the chart
    const svgBox = (await stays.locator('svg').first().boundingBox())!;
    for (const t of xTicks) expect(t.bottom).toBeLessThanOrEqual(svgBox.y + svgBox.height + 0.5);
    await saveScreenshot(page, 'views-readouts-flow-390');
    await page.close();

    const re = await open(390, 844, 'rereferrals');
    const boxes = await re.evaluate(() => {
      const svg = document.querySelector('#panel-rereferrals figure.chart-figure svg')!;
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      return { refs: [...svg.querySelectorAll('.reference-label')].map(box), cut: [...svg.querySelectorAll('.incomplete-label')].map(box) };
    });
    expect(boxes.refs.length).toBeGreaterThan(0);
    expect(boxes.cut.length).toBeGreaterThan(0);
    for (const r of boxes.refs) for (const c of boxes.cut) expect(overlaps(r, c)).toBe(false);
    await saveScreenshot(re, 'views-readouts-rereferrals-390');
    await re.close();

    // England's label crosses none of the chart's lines, at either width (it ran across the 12-month line at both)
    for (const width of [390, 1440]) {
      const page = await open(width, width < 900 ? 844 : 900, 'rereferrals');
      const crossings = await page.evaluate(() => {
        const svg = document.querySelector<SVGSVGElement>('#panel-rereferrals figure.chart-figure svg')!;
        const labels = [...svg.querySelectorAll('.reference-label')].map((e) => e.getBoundingClientRect());
        const lines = [...svg.querySelectorAll<SVGPathElement>(':scope > path[fill="none"]')];
        let hits = 0;
        for (const path of lines) {
          const m = path.getScreenCTM()!;
          for (let at = 0; at <= path.getTotalLength(); at += 1) {
            const p = path.getPointAtLength(at).matrixTransform(m);
            for (const r of labels) if (p.x > r.left + 0.5 && p.x < r.right - 0.5 && p.y > r.top + 0.5 && p.y < r.bottom - 0.5) hits++;
          }
        }
        return { labels: labels.length, lines: lines.length, hits };
      });
      expect(crossings.labels, `${width}`).toBe(1);
      expect(crossings.lines, `${width}`).toBeGreaterThan(1);
      expect(crossings.hits, `${width}: points of a line inside England's label`).toBe(0);
      await page.close();
    }
  }, 240_000);
});
