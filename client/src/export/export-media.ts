// Exports fit for a board paper: the map with a title, the dataset, the date (a video: its date range
// and the running date), what the numbers count, the step numbers' window when they are on, the legend and any filter, drawn round the WebGL frame on a 2D canvas. PNG is
// one such frame; WebM records them frame by frame over a period, as long as asked
// (20 by default), reporting its progress and stopping, with nothing saved, when cancelled.
import { keyText, TRACK_STYLE, type LineKeyEntry } from '../map/line-key.js';
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
  /** what each line colour means (and the thin pale tracks nobody travelled) */
  lineKey?: readonly LineKeyEntry[];
  /** with the step numbers on: the window they count ("Step numbers: last 13 weeks, 1 Apr 2025 to 30 Jun 2025 …"), a line of its own */
  steps?: string;
  /** the dots coloured by previous referrals over a day the data's first date cuts their count: its note ("* Incomplete: …"), a line of its own, the legend's title marked `*` */
  legendNote?: string;
}

export const DEFAULT_VIDEO_SECONDS = 20;
const HEADER = 84;
/** a line of the header under the title (the step numbers' window, and every wrapped line) */
const STEPS_LINE = 22;
/** height of one row of the legend under the map, and the space above and below the rows */
const LEGEND_ROW = 22;
const LEGEND_PAD = 10;
const FONT = 'system-ui, Segoe UI, Helvetica, Arial, sans-serif';

/** `text` in lines no wider than `room` pixels in `font`, broken between words (a word wider than the room keeps a line of its own). */
export function wrapText(g: CanvasRenderingContext2D, text: string, font: string, room: number): string[] {
  g.font = font;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && g.measureText(next).width > room) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** One thing the legend under the map draws: a title, a dot, or a line stroke with its words. */
interface LegendItem {
  /** 'more': a further line of the item before it, too long for the frame's width */
  kind: 'title' | 'dot' | 'line' | 'faint' | 'more';
  text: string;
  colour: string;
  x: number;
  row: number;
}

/**
 * The legend under the map in rows that wrap at the frame's width: the dot colours, then the line
 * colours with what each means. Positions in canvas pixels; `rows` sizes the band.
 */
export function legendLayout(g: CanvasRenderingContext2D, overlay: ExportOverlay, width: number, scale: number): { items: LegendItem[]; rows: number } {
  const items: LegendItem[] = [];
  const left = 14 * scale;
  let x = left;
  let row = 0;
  const indent = left + 12 * scale;
  const place = (kind: LegendItem['kind'], text: string, colour: string, mark: number) => {
    const font = `${kind === 'title' ? 600 : 400} ${13 * scale}px ${FONT}`;
    g.font = font;
    const w = mark + g.measureText(text).width;
    if (w > width - left - indent) {
      // Wider than a row (a phone's frame): on rows of its own, its words wrapped after its mark.
      const lines = wrapText(g, text, font, width - left - indent - mark);
      if (x > left) {
        row++;
        x = indent;
      }
      items.push({ kind, text: lines[0]!, colour, x, row });
      for (const more of lines.slice(1)) items.push({ kind: 'more', text: more, colour: '', x: x + mark, row: ++row });
      g.font = font;
      x = width;
      return;
    }
    if (x > left && x + w > width - left) {
      row++;
      x = left + 12 * scale;
    }
    items.push({ kind, text, colour, x, row });
    x += w + 16 * scale;
  };
  const group = (title: string, entries: readonly { text: string; colour: string; kind: LegendItem['kind'] }[], mark: number) => {
    if (items.length > 0) {
      row++;
      x = left;
    }
    place('title', `${title}:`, '', 0);
    x -= 6 * scale;
    for (const e of entries) place(e.kind, e.text, e.colour, e.kind === 'title' ? 0 : mark);
  };
  group(overlay.legendTitle, overlay.legend.map((e) => ({ text: e.label, colour: e.colour, kind: 'dot' as const })), 16 * scale);
  if (overlay.lineKey?.length) {
    group('Lines', overlay.lineKey.map((e) => ({ text: keyText(e), colour: e.colour, kind: e.faint ? ('faint' as const) : ('line' as const) })), 28 * scale);
  }
  return { items, rows: row + 1 };
}

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

/** Rows of the source canvas (its pixels) a frame keeps: from `top`, `height` tall. */
export interface FrameRows {
  top: number;
  height: number;
}

/**
 * The rows of a canvas `canvasHeight` pixels tall that hold the map as drawn (`extent`, the same
 * pixels), with `pad` pixels round it: a frame keeps these, so a wide screen's empty bands above and
 * below the map are not exported. The whole canvas when nothing is drawn.
 */
export function mapRows(extent: { y0: number; y1: number } | null, canvasHeight: number, pad: number): FrameRows {
  if (!extent || !(extent.y1 > extent.y0)) return { top: 0, height: canvasHeight };
  const top = Math.max(0, Math.floor(extent.y0 - pad));
  const bottom = Math.min(canvasHeight, Math.ceil(extent.y1 + pad));
  return bottom > top ? { top, height: bottom - top } : { top: 0, height: canvasHeight };
}

/**
 * Draws `source` (the map) framed by the overlay onto `target`, resizing it to fit; `rows`, the rows
 * of the source kept (the map's drawn extent), else all of them. The full width is kept: the header
 * and legend need it.
 */
export function composeFrame(target: HTMLCanvasElement, source: HTMLCanvasElement, overlay: ExportOverlay, scale = 1, rows: FrameRows = { top: 0, height: source.height }): void {
  const width = source.width;
  const measure = target.getContext('2d')!;
  // The header's lines wrap at the frame's width (a phone's 390 px frame cut "what the numbers count"
  // and the filter at its right edge: review v8h item 4).
  const subtitle = overlay.filter ? `${overlay.subtitle} · Filter: ${overlay.filter}` : `${overlay.subtitle} · All children`;
  const titleFont = `700 ${20 * scale}px ${FONT}`;
  const bodyFont = `400 ${14 * scale}px ${FONT}`;
  const room = width - 28 * scale;
  const headerLines: { text: string; font: string; y: number }[] = [];
  let y = 26 * scale;
  for (const line of wrapText(measure, overlay.title, titleFont, room)) {
    headerLines.push({ text: line, font: titleFont, y });
    y += 24 * scale;
  }
  for (const text of [subtitle, overlay.caption, ...(overlay.steps ? [overlay.steps] : []), ...(overlay.legendNote ? [overlay.legendNote] : [])]) {
    for (const line of wrapText(measure, text, bodyFont, room)) {
      headerLines.push({ text: line, font: bodyFont, y });
      y += STEPS_LINE * scale;
    }
  }
  const header = Math.max(HEADER * scale, y - STEPS_LINE * scale + 12 * scale);
  const legend = legendLayout(measure, overlay, width, scale);
  const footer = (2 * LEGEND_PAD + legend.rows * LEGEND_ROW) * scale;
  const height = rows.height + header + footer;
  if (target.width !== width || target.height !== height) {
    target.width = width;
    target.height = height;
  }
  const g = target.getContext('2d')!;
  g.fillStyle = '#f6f5f0';
  g.fillRect(0, 0, width, height);
  g.drawImage(source, 0, rows.top, width, rows.height, 0, header, width, rows.height);
  g.fillStyle = '#1c1f26';
  g.textBaseline = 'alphabetic';
  for (const line of headerLines) {
    g.font = line.font;
    g.fillText(line.text, 14 * scale, line.y);
  }
  const top = rows.height + header + LEGEND_PAD * scale;
  for (const item of legend.items) {
    const y = top + (item.row + 0.5) * LEGEND_ROW * scale;
    let textX = item.x;
    if (item.kind === 'dot') {
      g.beginPath();
      g.arc(item.x + 6 * scale, y, 6 * scale, 0, 2 * Math.PI);
      g.fillStyle = item.colour;
      g.fill();
      g.lineWidth = 1.5 * scale;
      g.strokeStyle = '#1c1f26';
      g.stroke();
      textX += 16 * scale;
    } else if (item.kind === 'line' || item.kind === 'faint') {
      // The line's stroke as the map draws it: full width, or thin and pale for a track nobody took.
      const style = item.kind === 'line' ? TRACK_STYLE.full : TRACK_STYLE.faint;
      g.beginPath();
      g.moveTo(item.x, y);
      g.lineTo(item.x + 22 * scale, y);
      g.lineWidth = style.width * scale;
      g.lineCap = 'butt';
      g.globalAlpha = item.kind === 'line' ? 1 : style.alpha;
      g.strokeStyle = item.colour;
      g.stroke();
      g.globalAlpha = 1;
      textX += 28 * scale;
    }
    g.fillStyle = '#1c1f26';
    g.font = `${item.kind === 'title' ? 600 : 400} ${13 * scale}px ${FONT}`;
    g.fillText(item.text, textX, y + 4 * scale);
  }
}

/**
 * The map as a PNG, framed, right after `render` redraws it (the drawing buffer is preserved), keeping
 * the source's `rows` (the map's drawn extent) when given.
 */
export function framedPng(source: HTMLCanvasElement, render: () => void, overlay: ExportOverlay, scale = 1, rows?: FrameRows): Promise<Blob> {
  render();
  const target = document.createElement('canvas');
  composeFrame(target, source, overlay, scale, rows);
  return new Promise((resolve, reject) =>
    target.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('export PNG: the browser produced no image'))), 'image/png'),
  );
}

export interface RecordOptions {
  /** length of the video in seconds @default DEFAULT_VIDEO_SECONDS */
  seconds?: number;
  signal?: AbortSignal;
  /** 0–1 as the period plays */
  onProgress?(fraction: number): void;
  /** the overlay at a data time (the running date changes) */
  overlayAt(time: number): ExportOverlay;
  /** draws the map at the clock's time now (dots placed for it) onto `source` */
  render(): void;
  /**
   * Resolves when everything drawn for the clock's time now (the stations' numbers of its date) is on
   * the map: each frame waits for it before it is drawn, however fast the video runs through the days.
   */
  ready?(): Promise<void>;
  /** Called once before the first frame with the period (data seconds): fetches what `ready` will wait for. */
  prepare?(from: number, to: number): Promise<void>;
  scale?: number;
}

/** Frames per second of a recorded video. */
export const VIDEO_FPS = 30;

/** The data time of frame i of n over [from, to]: the first frame shows `from`, the last `to`. */
export function frameTime(i: number, n: number, from: number, to: number): number {
  return n <= 1 ? from : from + ((to - from) * i) / (n - 1);
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Records the framed map over `from`–`to` (data seconds) as a video `seconds` long. The clock is driven
 * by frames, not by how fast they render: frame i of fps × seconds shows the map at frameTime(i), so a
 * slow machine takes longer to record but the video is still `seconds` long. With WebCodecs (a secure
 * page) each frame is encoded with its own timestamp and muxed into WebM (webm-muxer); without it,
 * MediaRecorder takes frames as they are drawn and each frame shows the time the wall clock has reached,
 * so the file keeps its length and drops frames instead. Resolves with the WebM, or null when cancelled
 * (nothing is kept). Each frame waits for `ready` (the numbers of its date) before it is drawn. The
 * clock's date, speed and play state are restored either way.
 */
export async function recordWebm(source: HTMLCanvasElement, clock: Clock, from: number, to: number, options: RecordOptions): Promise<Blob | null> {
  if (!(to > from)) throw new Error('export video: the period must end after it starts');
  const seconds = options.seconds ?? DEFAULT_VIDEO_SECONDS;
  if (!(seconds >= 1 && seconds <= 600)) throw new Error(`export video: length must be 1–600 seconds, got ${seconds}`);
  const before = { time: clock.time, rate: clock.snapshot.rate, playing: clock.snapshot.playing };
  const target = document.createElement('canvas');
  const draw = async (time: number) => {
    clock.seek(time);
    await options.ready?.();
    options.render();
    composeFrame(target, source, options.overlayAt(time), options.scale);
    options.onProgress?.(Math.min(1, Math.max(0, (time - from) / (to - from))));
  };
  clock.pause();
  // The dots' shortest hop follows the speed: as fast as the video plays the period.
  clock.setRate((to - from) / seconds);
  try {
    await options.prepare?.(from, to);
    await draw(from);
    const encoded = await encodeFrames(target, draw, from, to, seconds, options.signal);
    return encoded !== undefined ? encoded : await recordRealTime(target, draw, from, to, seconds, options.signal);
  } finally {
    clock.setRate(before.rate);
    clock.seek(before.time);
    options.render();
    if (before.playing) clock.play();
  }
}

/** WebCodecs + webm-muxer: exact timestamps. undefined when this browser cannot encode VP9 or VP8 here. */
async function encodeFrames(target: HTMLCanvasElement, draw: (time: number) => Promise<void>, from: number, to: number, seconds: number, signal?: AbortSignal): Promise<Blob | null | undefined> {
  if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined') return undefined;
  const { width, height } = target;
  const codecs = [
    { encoder: 'vp09.00.10.08', muxer: 'V_VP9' },
    { encoder: 'vp8', muxer: 'V_VP8' },
  ];
  let chosen: (typeof codecs)[number] | undefined;
  for (const c of codecs) {
    const support = await VideoEncoder.isConfigSupported({ codec: c.encoder, width, height, bitrate: 6_000_000, framerate: VIDEO_FPS }).catch(() => null);
    if (support?.supported) {
      chosen = c;
      break;
    }
  }
  if (!chosen) return undefined;
  const { Muxer, ArrayBufferTarget } = await import('webm-muxer');
  const muxer = new Muxer({ target: new ArrayBufferTarget(), video: { codec: chosen.muxer, width, height, frameRate: VIDEO_FPS } });
  let failure: Error | null = null;
  const encoder = new VideoEncoder({
    output: (chunk, meta) => muxer.addVideoChunk(chunk, meta),
    error: (error) => {
      failure = error instanceof Error ? error : new Error(String(error));
    },
  });
  encoder.configure({ codec: chosen.encoder, width, height, bitrate: 6_000_000, framerate: VIDEO_FPS });
  const frames = Math.max(2, Math.round(seconds * VIDEO_FPS));
  const frameMicros = 1e6 / VIDEO_FPS;
  try {
    for (let i = 0; i < frames; i++) {
      if (signal?.aborted) return null;
      if (failure) throw new Error(`export video: encoding failed (${(failure as Error).message})`);
      await draw(frameTime(i, frames, from, to));
      const frame = new VideoFrame(target, { timestamp: Math.round(i * frameMicros), duration: Math.round(frameMicros) });
      encoder.encode(frame, { keyFrame: i % (2 * VIDEO_FPS) === 0 });
      frame.close();
      // Let the page breathe (progress, Cancel) and keep the encoder's queue short.
      do await nextFrame();
      while (encoder.encodeQueueSize > 2 && !signal?.aborted);
    }
    await encoder.flush();
    if (failure) throw new Error(`export video: encoding failed (${(failure as Error).message})`);
    muxer.finalize();
    return new Blob([muxer.target.buffer], { type: 'video/webm' });
  } finally {
    if (encoder.state !== 'closed') encoder.close();
  }
}

function pickWebmType(): string {
  for (const type of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) {
    if (MediaRecorder.isTypeSupported(type)) return type;
  }
  throw new Error('export video: this browser cannot record WebM');
}

/** A recorder of `target` whose frames are taken only when asked (track.requestFrame), after each draw. */
function openRecorder(target: HTMLCanvasElement, videoBitsPerSecond?: number): { stream: MediaStream; track: CanvasCaptureMediaStreamTrack | undefined; recorder: MediaRecorder } {
  const stream = target.captureStream(0);
  const [track] = stream.getVideoTracks() as CanvasCaptureMediaStreamTrack[];
  const recorder = new MediaRecorder(stream, { mimeType: pickWebmType(), ...(videoBitsPerSecond ? { videoBitsPerSecond } : {}) });
  return { stream, track, recorder };
}

/**
 * Chromium's first MediaRecorder in a page can take seconds to start its encoder and records nothing
 * meanwhile (headless Chromium gave 0 bytes for a first 2 s recording, then data for every later one).
 * So a throwaway recording of the first frame runs until the encoder gives data, or for `limitMs`,
 * and the real one starts warm: its first frame is the period's first day.
 */
async function warmRecorder(target: HTMLCanvasElement, draw: () => Promise<void>, limitMs = 5000, signal?: AbortSignal): Promise<void> {
  const { stream, track, recorder } = openRecorder(target);
  let warm = false;
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 1) warm = true;
  });
  recorder.start(100);
  const started = performance.now();
  while (!warm && !signal?.aborted && performance.now() - started < limitMs) {
    await draw();
    track?.requestFrame();
    await nextFrame();
  }
  const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve, { once: true }));
  recorder.stop();
  await stopped;
  for (const t of stream.getTracks()) t.stop();
}

/** MediaRecorder: a frame is taken when it is drawn, so each shows the time the wall clock has reached. */
async function recordRealTime(target: HTMLCanvasElement, draw: (time: number) => Promise<void>, from: number, to: number, seconds: number, signal?: AbortSignal): Promise<Blob | null> {
  await warmRecorder(target, () => draw(from), 5000, signal);
  if (signal?.aborted) return null;
  const video = await recordFrames(target, draw, from, to, seconds, signal);
  // An empty file saved as a video would look like a success: say it failed instead.
  if (video && video.size < 1024) throw new Error('export video: the browser recorded no frames; try again');
  return video;
}

function recordFrames(target: HTMLCanvasElement, draw: (time: number) => Promise<void>, from: number, to: number, seconds: number, signal?: AbortSignal): Promise<Blob | null> {
  const { stream, track, recorder } = openRecorder(target, 6_000_000);
  const chunks: Blob[] = [];
  let cancelled = false;
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  return new Promise((resolve, reject) => {
    recorder.addEventListener('stop', () => {
      for (const t of stream.getTracks()) t.stop();
      resolve(cancelled ? null : new Blob(chunks, { type: 'video/webm' }));
    });
    recorder.addEventListener('error', () => reject(new Error('export video: recording failed')));
    recorder.start(250);
    const started = performance.now();
    const frame = async () => {
      if (signal?.aborted) cancelled = true;
      const elapsed = (performance.now() - started) / 1000;
      try {
        await draw(from + (to - from) * Math.min(1, elapsed / seconds));
      } catch (error) {
        cancelled = true;
        if (recorder.state !== 'inactive') recorder.stop();
        return reject(error);
      }
      track?.requestFrame();
      if (cancelled || elapsed >= seconds) {
        if (recorder.state !== 'inactive') recorder.stop();
        return;
      }
      requestAnimationFrame(() => void frame());
    };
    requestAnimationFrame(() => void frame());
  });
}
