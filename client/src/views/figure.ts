// Every chart of the views page sits in a figure: a title that says what it shows, a line saying the
// window and what a value means, the chart, a readout that says the value under the pointer or the
// keyboard focus, and two downloads (PNG and SVG) that carry the title, the dataset, the window and the
// source note with the picture, so a chart pasted into a report still says what it is.
import { POLICY_NOTE } from '../../../core/disclosure/policy.js';
import { ENGLAND_SOURCE } from '../../../core/analysis/england.js';
import { download } from '../export/export-media.js';

export interface ExportContext {
  dataset: string;
  /** e.g. "1 April 2024 to 31 March 2025" */
  window: string;
  /** who the chart counts, e.g. "Female; age 1 to 4" ('' or "everyone": no filter) */
  cohort?: string;
  /** the impact view's marker, e.g. "1 October 2023 (Ofsted visit)" */
  marker?: string;
  /** the answer's cohort look-back note (core/analysis/cutoffs.ts cohortLookBackNote), said in the source line */
  cohortNote?: string | null;
  exactCounts: boolean;
  /** the answer's own disclosure note (a cohort's says what its [c] stands for); POLICY_NOTE when absent */
  policyNote?: string | null;
  /** whether the source line names England's figures (the views draw them; a forecast has none). @default true */
  englandSource?: boolean;
}

let context: ExportContext = { dataset: '', window: '', exactCounts: false };

/** Set by the page before a view is drawn. */
export function setExportContext(next: ExportContext): void {
  context = next;
}

export interface Figure {
  element: HTMLElement;
  /** where the chart's SVG goes */
  body: HTMLElement;
  /** the value readout (aria-live) */
  readout: HTMLElement;
  /** a note under the chart (incomplete periods, suppressed figures) */
  note(text: string): void;
}

let figures = 0;

/** Appends a figure to `host`; the chart drawn into `body` is exported by the figure's buttons. */
export function appendFigure(host: HTMLElement, title: string, subtitle?: string): Figure {
  const element = document.createElement('figure');
  element.className = 'chart-figure';
  const id = `figure-${++figures}`;
  const heading = document.createElement('h3');
  heading.id = `${id}-title`;
  heading.textContent = title;
  element.setAttribute('aria-labelledby', heading.id);
  const sub = document.createElement('p');
  sub.className = 'chart-subtitle';
  sub.textContent = subtitle ?? '';
  const body = document.createElement('div');
  body.className = 'chart-body';
  const readout = document.createElement('p');
  readout.className = 'hover-readout';
  readout.setAttribute('role', 'status');
  readout.setAttribute('aria-live', 'polite');
  const notes = document.createElement('div');
  notes.className = 'chart-notes';
  const tools = document.createElement('div');
  tools.className = 'chart-tools';
  for (const format of ['png', 'svg'] as const) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `Download ${format.toUpperCase()}`;
    button.setAttribute('aria-label', `Download "${title}" as ${format.toUpperCase()}`);
    button.addEventListener('click', () => void downloadFigure(element, title, sub.textContent ?? '', format));
    tools.append(button);
  }
  element.append(heading, sub, body, readout, notes, tools);
  host.append(element);
  return {
    element,
    body,
    readout,
    note(text) {
      const p = document.createElement('p');
      p.className = 'chart-note';
      p.textContent = text;
      notes.append(p);
    },
  };
}

const FONT = "system-ui, 'Segoe UI', Helvetica, Arial, sans-serif";

/** Wraps text into lines of at most `chars` characters. */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > chars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One standalone SVG: title, dataset and window, the figure's charts stacked, notes and the source. */
export function figureSvg(figure: HTMLElement, title: string, subtitle: string): { svg: string; width: number; height: number } {
  const charts = [...figure.querySelectorAll<SVGSVGElement>('.chart-body svg')].filter((s) => !s.closest('svg svg') && s.getAttribute('aria-hidden') !== 'true');
  const width = Math.max(640, ...charts.map((s) => s.viewBox.baseVal?.width || s.getBoundingClientRect().width || 0));
  const chars = Math.floor(width / 7.2);
  // a chart's own line often opens with its window ("7 April 2023 to 31 March 2024. Children…"): said once
  const rest = context.window && subtitle.toLowerCase().startsWith(context.window.toLowerCase()) ? subtitle.slice(context.window.length).replace(/^[.,;:\s]+/, '') : subtitle;
  const head = [
    ...wrap(title, Math.floor(width / 12)).map((t) => ({ t, size: 18, weight: 700 })),
    ...wrap(`${context.dataset ? `Dataset: ${context.dataset}. ` : ''}${context.window ? `Window: ${context.window}. ` : ''}${context.marker ? `Marker: ${context.marker}. ` : ''}${context.cohort && context.cohort !== 'everyone' ? `Cohort: ${context.cohort}. ` : ''}${rest}`, chars).map((t) => ({ t, size: 13, weight: 400 })),
  ];
  const notes = [...figure.querySelectorAll('.chart-note')].map((n) => n.textContent ?? '');
  // the cohort note, unless a note of the figure already says it (time in care's by previous referrals)
  const cohortNote = context.cohortNote && !notes.some((n) => n.includes(context.cohortNote!)) ? ` ${context.cohortNote}` : '';
  const foot = [
    ...notes.flatMap((n) => wrap(n, chars)),
    ...wrap(`Source: child-journey tube map, ${context.dataset || 'dataset'}, downloaded ${new Date().toISOString().slice(0, 10)}.${cohortNote} ${context.exactCounts ? 'Exact counts (not for publication).' : context.policyNote ?? POLICY_NOTE}${context.englandSource === false ? '' : ` ${ENGLAND_SOURCE}`}`, chars),
  ];
  let y = 10;
  const parts: string[] = [];
  for (const line of head) {
    y += line.size + 6;
    parts.push(`<text x="12" y="${y}" font-size="${line.size}" font-weight="${line.weight}" fill="#1c1f26">${escape(line.t)}</text>`);
  }
  y += 10;
  for (const chart of charts) {
    const box = chart.viewBox.baseVal;
    const w = box?.width || chart.getBoundingClientRect().width;
    const h = box?.height || chart.getBoundingClientRect().height;
    const scale = Math.min(1, (width - 24) / w);
    const clone = chart.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('x', '12');
    clone.setAttribute('y', String(y));
    clone.setAttribute('width', String(w * scale));
    clone.setAttribute('height', String(h * scale));
    if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${w} ${h}`);
    parts.push(new XMLSerializer().serializeToString(clone));
    y += h * scale + 10;
  }
  for (const line of foot) {
    y += 16;
    parts.push(`<text x="12" y="${y}" font-size="11" fill="#44474f">${escape(line)}</text>`);
  }
  const height = Math.ceil(y + 14);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`;
  return { svg, width, height };
}

function fileName(title: string, format: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `${context.dataset || 'view'}-${slug}.${format}`;
}

export async function downloadFigure(figure: HTMLElement, title: string, subtitle: string, format: 'png' | 'svg'): Promise<void> {
  const { svg, width, height } = figureSvg(figure, title, subtitle);
  if (format === 'svg') {
    download(new Blob([svg], { type: 'image/svg+xml' }), fileName(title, 'svg'));
    return;
  }
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
      image.src = url;
    });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const g = canvas.getContext('2d')!;
    g.scale(scale, scale);
    g.drawImage(image, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) download(blob, fileName(title, 'png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
