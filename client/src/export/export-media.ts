// Exports fit for a board paper: the map with a title, the dataset, the date (a video: its date range
// and the running date), what the numbers count, the legend and any filter, drawn round the WebGL frame on a 2D canvas. PNG is
// one such frame; WebM records them while the clock plays a period in a chosen number of seconds
// (20 by default), reporting its progress and stopping, with nothing saved, when cancelled.
import type { Clock } from '../timeline/clock.js';

export interface ExportOverlay {
  title: string;
  /** dataset and date (or date range) */
  subtitle: string;
  legendTitle: string;
  legend: readonly { label: string; colour: string }[];
  /** the active filter in words ('' for none) */
  filter: string;
  /** what the numbers on the map count */
  caption: string;
}

export const DEFAULT_VIDEO_SECONDS = 20;
const HEADER = 84;
const FOOTER = 44;

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Draws `source` (the map) framed by the overlay onto `target`, resizing it to fit. */
export function composeFrame(target: HTMLCanvasElement, source: HTMLCanvasElement, overlay: ExportOverlay, scale = 1): void {
  const header = HEADER * scale;
  const footer = FOOTER * scale;
  const width = source.width;
  const height = source.height + header + footer;
  if (target.width !== width || target.height !== height) {
    target.width = width;
    target.height = height;
  }
  const g = target.getContext('2d')!;
  g.fillStyle = '#f6f5f0';
  g.fillRect(0, 0, width, height);
  g.drawImage(source, 0, header);
  g.fillStyle = '#1c1f26';
  g.textBaseline = 'alphabetic';
  g.font = `700 ${20 * scale}px system-ui, Segoe UI, Helvetica, Arial, sans-serif`;
  g.fillText(overlay.title, 14 * scale, 26 * scale);
  g.font = `400 ${14 * scale}px system-ui, Segoe UI, Helvetica, Arial, sans-serif`;
  g.fillText(overlay.filter ? `${overlay.subtitle} · Filter: ${overlay.filter}` : `${overlay.subtitle} · All children`, 14 * scale, 50 * scale);
  g.fillText(overlay.caption, 14 * scale, 72 * scale);
  let x = 14 * scale;
  const y = height - footer / 2;
  g.font = `600 ${13 * scale}px system-ui, Segoe UI, Helvetica, Arial, sans-serif`;
  g.fillText(`${overlay.legendTitle}:`, x, y + 4 * scale);
  x += g.measureText(`${overlay.legendTitle}:`).width + 10 * scale;
  g.font = `400 ${13 * scale}px system-ui, Segoe UI, Helvetica, Arial, sans-serif`;
  for (const entry of overlay.legend) {
    g.beginPath();
    g.arc(x + 6 * scale, y, 6 * scale, 0, 2 * Math.PI);
    g.fillStyle = entry.colour;
    g.fill();
    g.lineWidth = 1.5 * scale;
    g.strokeStyle = '#1c1f26';
    g.stroke();
    g.fillStyle = '#1c1f26';
    g.fillText(entry.label, x + 16 * scale, y + 4 * scale);
    x += 16 * scale + g.measureText(entry.label).width + 16 * scale;
  }
}

/** The map as a PNG, framed, right after `render` redraws it (the drawing buffer is preserved). */
export function framedPng(source: HTMLCanvasElement, render: () => void, overlay: ExportOverlay, scale = 1): Promise<Blob> {
  render();
  const target = document.createElement('canvas');
  composeFrame(target, source, overlay, scale);
  return new Promise((resolve, reject) =>
    target.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('export PNG: the browser produced no image'))), 'image/png'),
  );
}

function pickWebmType(): string {
  for (const type of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) {
    if (MediaRecorder.isTypeSupported(type)) return type;
  }
  throw new Error('export video: this browser cannot record WebM');
}

export interface RecordOptions {
  /** length of the video in seconds @default DEFAULT_VIDEO_SECONDS */
  seconds?: number;
  signal?: AbortSignal;
  /** 0–1 as the period plays */
  onProgress?(fraction: number): void;
  /** the overlay at a data time (the running date changes) */
  overlayAt(time: number): ExportOverlay;
  scale?: number;
}

/**
 * Records the framed map while the clock plays from `from` to `to` (data seconds) in `seconds`.
 * Resolves with the WebM, or null when cancelled (nothing is kept). The clock's speed is restored.
 */
export function recordWebm(source: HTMLCanvasElement, clock: Clock, from: number, to: number, options: RecordOptions): Promise<Blob | null> {
  if (!(to > from)) return Promise.reject(new Error('export video: the period must end after it starts'));
  const seconds = options.seconds ?? DEFAULT_VIDEO_SECONDS;
  if (!(seconds >= 1 && seconds <= 600)) return Promise.reject(new Error(`export video: length must be 1–600 seconds, got ${seconds}`));
  const mimeType = pickWebmType();
  const target = document.createElement('canvas');
  composeFrame(target, source, options.overlayAt(from), options.scale);
  const stream = target.captureStream(30);
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 6_000_000 });
  const chunks: Blob[] = [];
  const rate = clock.snapshot.rate;
  let cancelled = false;
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  return new Promise((resolve, reject) => {
    recorder.addEventListener('stop', () => {
      for (const track of stream.getTracks()) track.stop();
      clock.setRate(rate);
      resolve(cancelled ? null : new Blob(chunks, { type: 'video/webm' }));
    });
    recorder.addEventListener('error', () => reject(new Error('export video: recording failed')));
    clock.pause();
    clock.setRate((to - from) / seconds);
    clock.seek(from);
    recorder.start(250);
    clock.play();
    const frame = () => {
      if (options.signal?.aborted) cancelled = true;
      composeFrame(target, source, options.overlayAt(clock.time), options.scale);
      options.onProgress?.(Math.min(1, (clock.time - from) / (to - from)));
      if (cancelled || clock.time >= to || !clock.snapshot.playing) {
        clock.pause();
        if (recorder.state !== 'inactive') recorder.stop();
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}
