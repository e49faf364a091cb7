// Exports: the current frame as PNG, and a chosen period as WebM (MediaRecorder over the canvas's
// captureStream while the clock plays the period at the current speed).
import type { Clock } from '../timeline/clock.js';

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

/** The canvas as a PNG, right after `render` redraws it (the drawing buffer is preserved). */
export function canvasPng(canvas: HTMLCanvasElement, render: () => void): Promise<Blob> {
  render();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('export PNG: the browser produced no image'))), 'image/png'),
  );
}

function pickWebmType(): string {
  for (const type of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) {
    if (MediaRecorder.isTypeSupported(type)) return type;
  }
  throw new Error('export video: this browser cannot record WebM');
}

/**
 * Records the canvas while the clock plays from `from` to `to` (data seconds). Resolves with the WebM
 * when the clock reaches `to`, or when `signal` aborts (with what was recorded so far).
 */
export function recordWebm(canvas: HTMLCanvasElement, clock: Clock, from: number, to: number, signal?: AbortSignal): Promise<Blob> {
  if (!(to > from)) return Promise.reject(new Error(`export video: the period must end after it starts`));
  const mimeType = pickWebmType();
  const stream = canvas.captureStream(30);
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 6_000_000 });
  const chunks: Blob[] = [];
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  return new Promise((resolve, reject) => {
    recorder.addEventListener('stop', () => {
      for (const track of stream.getTracks()) track.stop();
      resolve(new Blob(chunks, { type: 'video/webm' }));
    });
    recorder.addEventListener('error', () => reject(new Error('export video: recording failed')));
    clock.pause();
    clock.seek(from);
    recorder.start(250);
    clock.play();
    const watch = () => {
      if (clock.time >= to || !clock.snapshot.playing || signal?.aborted) {
        clock.pause();
        if (recorder.state !== 'inactive') recorder.stop();
        return;
      }
      requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
}
