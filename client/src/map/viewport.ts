// Pan and zoom of the map: a world container scaled to fit the window, dragged with one pointer,
// pinched with two (touch screens), zoomed with the wheel (about the pointer) or the +/− buttons.
// Listeners hear every change, so dot sizes and the station hit areas follow; a tap (a press and
// release that did not drag) is reported with its design coordinates, to pick a dot.
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
  private tapListeners: ((x: number, y: number, pointerType: string) => void)[] = [];
  private padding: number;
  private readonly zoomRange: [number, number];
  private screen = { width: 0, height: 0 };
  /**
   * CSS pixels of the canvas's edges that the page's own controls cover (the caption, the filter chip,
   * the zoom buttons): the fit keeps the map out of them and `visible` leaves them out.
   */
  insets = { top: 0, bottom: 0, left: 0, right: 0 };
  /** whether the view is still the last fit (no pan or zoom since): a change of insets may fit it again */
  fitted = false;
  /**
   * Measures what the page draws over the canvas again and, when it changed, fits the map round it (or,
   * after a pan or zoom, only updates the insets). Set by fit-map.ts; called when the caption or chip changes.
   */
  recheckInsets: () => void = () => {};

  constructor(
    readonly world: Container,
    private readonly canvas: HTMLCanvasElement,
    /** the design area to fit: the map's box, grown to hold its labels */
    private design: { x?: number; y?: number; width: number; height: number },
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

  /** Calls `listener` with the design coordinates of a tap or click on the map, and the pointer's type. */
  onTap(listener: (x: number, y: number, pointerType: string) => void): void {
    this.tapListeners.push(listener);
  }

  /** Design point of a screen (CSS pixel) position. */
  toDesign(sx: number, sy: number): { x: number; y: number } {
    return { x: (sx - this.world.x) / this.scale, y: (sy - this.world.y) / this.scale };
  }

  /**
   * Fits the whole map into a screen of width × height CSS pixels: the design area given at
   * construction, or `area` (with its own padding) when the caller picks one for this screen size;
   * later fits (the Fit button) keep the last area and padding.
   */
  fit(width: number, height: number, area: { x?: number; y?: number; width: number; height: number } = this.design, padding = this.padding): void {
    this.design = area;
    this.padding = padding;
    this.screen = { width, height };
    const p = padding;
    const { x = 0, y = 0 } = this.design;
    const { top, bottom, left: leftInset, right: rightInset } = this.insets;
    const byWidth = (width - 2 * p - leftInset - rightInset) / this.design.width;
    const byHeight = (height - 2 * p - top - bottom) / this.design.height;
    // The whole map, on a phone too (review finding 5: a first view that hid CP plan, CIN plan and
    // Looked after misled): the user pinches or zooms in from there.
    this.fitScale = Math.max(0.05, Math.min(byWidth, byHeight));
    this.world.scale.set(this.fitScale);
    const left = leftInset + (width - leftInset - rightInset - this.design.width * this.fitScale) / 2 - x * this.fitScale;
    this.world.position.set(left, top + (height - top - bottom - this.design.height * this.fitScale) / 2 - y * this.fitScale);
    this.fitted = true;
    this.changed();
  }

  /** Multiplies the zoom by `factor` keeping screen point (sx, sy) fixed. */
  zoomAt(factor: number, sx: number, sy: number): void {
    const [lo, hi] = this.zoomRange;
    const next = Math.min(hi * this.fitScale, Math.max(lo * this.fitScale, this.scale * factor));
    const applied = next / this.scale;
    this.world.position.set(sx - (sx - this.world.x) * applied, sy - (sy - this.world.y) * applied);
    this.world.scale.set(next);
    this.fitted = false;
    this.changed();
  }

  panBy(dx: number, dy: number): void {
    this.world.position.set(this.world.x + dx, this.world.y + dy);
    if (dx !== 0 || dy !== 0) this.fitted = false;
    this.changed();
  }

  /** The part of the map in view (design units), `inset` CSS pixels in from the screen's edges and the insets. */
  visible(inset = 0): { x0: number; y0: number; x1: number; y1: number } {
    const a = this.toDesign(inset + this.insets.left, inset + this.insets.top);
    const b = this.toDesign(this.screen.width - inset - this.insets.right, this.screen.height - inset - this.insets.bottom);
    return { x0: a.x, y0: a.y, x1: b.x, y1: b.y };
  }

  /** Screen (CSS pixel) position of a design point. */
  toScreen(x: number, y: number): { x: number; y: number } {
    return { x: this.world.x + x * this.scale, y: this.world.y + y * this.scale };
  }

  /** Tells the listeners the view changed (also when only the insets did). */
  changed(): void {
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
    // Pointers down on the canvas: one drags, two pinch (zoom about their midpoint, pan with it).
    const pointers = new Map<number, { x: number; y: number }>();
    let moved = 0;
    const local = (event: PointerEvent) => {
      const rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };
    canvas.addEventListener('pointerdown', (event) => {
      pointers.set(event.pointerId, local(event));
      if (pointers.size === 1) moved = 0;
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      const before = pointers.get(event.pointerId);
      if (!before) return;
      const now = local(event);
      if (pointers.size === 1) {
        this.panBy(now.x - before.x, now.y - before.y);
        moved += Math.abs(now.x - before.x) + Math.abs(now.y - before.y);
      } else if (pointers.size === 2) {
        const other = [...pointers.entries()].find(([id]) => id !== event.pointerId)![1];
        const distanceBefore = Math.hypot(before.x - other.x, before.y - other.y);
        const distanceNow = Math.hypot(now.x - other.x, now.y - other.y);
        const mid = { x: (now.x + other.x) / 2, y: (now.y + other.y) / 2 };
        this.panBy((now.x - before.x) / 2, (now.y - before.y) / 2);
        if (distanceBefore > 0) this.zoomAt(distanceNow / distanceBefore, mid.x, mid.y);
        moved += 100;
      }
      pointers.set(event.pointerId, now);
    });
    const end = (event: PointerEvent) => {
      const at = pointers.get(event.pointerId);
      pointers.delete(event.pointerId);
      if (event.type === 'pointerup' && at && pointers.size === 0 && moved < 5) {
        const p = this.toDesign(at.x, at.y);
        for (const listener of this.tapListeners) listener(p.x, p.y, event.pointerType || 'mouse');
      }
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }
}
