// Pan and zoom of the map: a world container scaled to fit the window, dragged with the pointer,
// zoomed with the wheel (about the pointer) or the +/− buttons. Listeners hear every change, so dot
// sizes and the station hit areas follow.
import type { Container } from 'pixi.js';

export interface ViewportOptions {
  /** padding around the fitted map, in pixels @default 24 */
  padding?: number;
  /** zoom limits relative to the fitted scale @default [0.5, 12] */
  zoomRange?: [number, number];
}

export class Viewport {
  private fitScale = 1;
  private listeners: (() => void)[] = [];
  private readonly padding: number;
  private readonly zoomRange: [number, number];

  constructor(
    readonly world: Container,
    private readonly canvas: HTMLCanvasElement,
    private readonly design: { width: number; height: number },
    options: ViewportOptions = {},
  ) {
    this.padding = options.padding ?? 24;
    this.zoomRange = options.zoomRange ?? [0.5, 12];
    this.listen();
  }

  get scale(): number {
    return this.world.scale.x;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Fits the whole map into a screen of width × height CSS pixels. */
  fit(width: number, height: number): void {
    const p = this.padding;
    this.fitScale = Math.max(0.05, Math.min((width - 2 * p) / this.design.width, (height - 2 * p) / this.design.height));
    this.world.scale.set(this.fitScale);
    this.world.position.set((width - this.design.width * this.fitScale) / 2, (height - this.design.height * this.fitScale) / 2);
    this.changed();
  }

  /** Multiplies the zoom by `factor` keeping screen point (sx, sy) fixed. */
  zoomAt(factor: number, sx: number, sy: number): void {
    const [lo, hi] = this.zoomRange;
    const next = Math.min(hi * this.fitScale, Math.max(lo * this.fitScale, this.scale * factor));
    const applied = next / this.scale;
    this.world.position.set(sx - (sx - this.world.x) * applied, sy - (sy - this.world.y) * applied);
    this.world.scale.set(next);
    this.changed();
  }

  panBy(dx: number, dy: number): void {
    this.world.position.set(this.world.x + dx, this.world.y + dy);
    this.changed();
  }

  /** Screen (CSS pixel) position of a design point. */
  toScreen(x: number, y: number): { x: number; y: number } {
    return { x: this.world.x + x * this.scale, y: this.world.y + y * this.scale };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private listen(): void {
    const canvas = this.canvas;
    canvas.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const rect = canvas.getBoundingClientRect();
        this.zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
      },
      { passive: false },
    );
    let drag: { x: number; y: number; id: number } | null = null;
    canvas.addEventListener('pointerdown', (event) => {
      drag = { x: event.clientX, y: event.clientY, id: event.pointerId };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!drag || drag.id !== event.pointerId) return;
      this.panBy(event.clientX - drag.x, event.clientY - drag.y);
      drag.x = event.clientX;
      drag.y = event.clientY;
    });
    const end = (event: PointerEvent) => {
      if (drag?.id === event.pointerId) drag = null;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }
}
