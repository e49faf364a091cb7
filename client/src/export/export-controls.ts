// The page's export buttons: PNG of the framed map now, and a WebM of a period with a progress dialog
// that can cancel it. The frame's words (title, dataset, dates, legend, filter) come from `overlay`.
import { parseDay } from '../../../core/dates.js';
import type { Clock } from '../timeline/clock.js';
import { $ } from '../page-controls.js';
import { DEFAULT_VIDEO_SECONDS, download, framedPng, mapRows, recordWebm, type ExportOverlay, type FrameRows } from './export-media.js';

const DAY = 86400;

export interface ExportControlsOptions {
  canvas: HTMLCanvasElement;
  render(): void;
  /** resolves when the numbers of the clock's date are on the map (a video frame waits for it) */
  ready?(): Promise<void>;
  /** fetches ahead what `ready` waits for over a video's period (data seconds) */
  prepare?(from: number, to: number): Promise<void>;
  /** true as a video starts recording, false once it has ended (saved, cancelled or failed) and the clock is put back */
  recording?(on: boolean): void;
  clock: Clock;
  originDay: number;
  /** YYYY-MM-DD of a data time */
  dateOf(time: number): string;
  /** the overlay for a date, or for a range when `to` is given */
  overlay(time: number, range?: { from: number; to: number }): ExportOverlay;
  /** journeys-DATASET-MAP-DATE, for the date given or the one shown */
  fileStem(date?: string): string;
  onError(message: string): void;
  /** the map as drawn now (lines, names, queues, step numbers), CSS pixels of the canvas; null when unknown */
  extent?(): { x0: number; y0: number; x1: number; y1: number } | null;
}

/** Space kept round the map's drawn extent in an exported PNG, CSS pixels. */
const PNG_MAP_PAD = 12;

/** The canvas rows (its pixels) an exported PNG keeps: the map's drawn extent (CSS pixels) and PNG_MAP_PAD round it. */
export function pngRows(canvas: HTMLCanvasElement, extent: { y0: number; y1: number } | null): FrameRows {
  const k = canvas.width / Math.max(1, canvas.clientWidth);
  return mapRows(extent && { y0: extent.y0 * k, y1: extent.y1 * k }, canvas.height, PNG_MAP_PAD * k);
}

/**
 * The video dialog's default period: the 90 days from the time shown, cut at the data's last day; when
 * that leaves less than 90 days (near the end), the 90 days up to the last day instead. Never past the
 * data, never before its first day. Times are clock seconds; `end` is the last second of the last day.
 */
export function defaultVideoRange(time: number, start: number, end: number): { from: number; to: number } {
  const span = 90 * DAY;
  const to = Math.min(end, time + span);
  return { from: Math.max(start, Math.min(time, to - span)), to };
}

export function bindExportControls(o: ExportControlsOptions): void {
  const scale = () => o.canvas.width / Math.max(1, o.canvas.clientWidth);
  $('#export-png').addEventListener('click', () => {
    // The PNG keeps the rows the map is drawn on (a wide screen's empty bands above and below are not
    // a board paper's business); a video keeps the whole canvas, as its dots move about.
    // The numbers drawn are the shown day's: a PNG taken while they load waits for them (review v8i finding 1).
    (o.ready?.() ?? Promise.resolve())
      .then(() => framedPng(o.canvas, o.render, o.overlay(o.clock.time), scale(), pngRows(o.canvas, o.extent?.() ?? null)))
      .then((blob) => download(blob, `${o.fileStem()}.png`))
      .catch((error: Error) => o.onError(error.message));
  });

  const dialog = $<HTMLDialogElement>('#webm-dialog');
  const form = $<HTMLFormElement>('#webm-form');
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const progress = $<HTMLDialogElement>('#webm-progress');
  const bar = $<HTMLProgressElement>('#webm-progress-bar');
  const text = $('#webm-progress-text');
  let abort: AbortController | null = null;
  $('#webm-cancel').addEventListener('click', () => abort?.abort());

  $('#export-webm').addEventListener('click', () => {
    const { start, end } = o.clock.snapshot;
    const range = defaultVideoRange(o.clock.time, start, end);
    field('from').value = o.dateOf(range.from);
    field('to').value = o.dateOf(range.to);
    field('seconds').value = String(DEFAULT_VIDEO_SECONDS);
    dialog.showModal();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'record') return;
    const from = parseDay(field('from').value);
    const to = parseDay(field('to').value);
    const seconds = Number(field('seconds').value);
    if (from === null || to === null) return o.onError('Export video: give both dates.');
    const range = { from: (from - o.originDay) * DAY, to: (to - o.originDay) * DAY };
    const name = `${o.fileStem(field('from').value)}-to-${field('to').value}.webm`;
    abort = new AbortController();
    bar.value = 0;
    text.textContent = '0%';
    progress.showModal();
    o.recording?.(true);
    recordWebm(o.canvas, o.clock, range.from, range.to, {
      seconds,
      render: o.render,
      ...(o.ready ? { ready: o.ready } : {}),
      ...(o.prepare ? { prepare: o.prepare } : {}),
      signal: abort.signal,
      scale: scale(),
      overlayAt: (time) => o.overlay(time, range),
      onProgress: (fraction) => {
        bar.value = fraction;
        text.textContent = `${Math.round(fraction * 100)}% of ${field('from').value} to ${field('to').value}`;
      },
    })
      .then((blob) => {
        if (blob) download(blob, name);
        else o.onError('Export video: cancelled; nothing was saved.');
      })
      .catch((error: Error) => o.onError(error.message))
      .finally(() => {
        abort = null;
        progress.close();
        o.recording?.(false);
      });
  });
}
