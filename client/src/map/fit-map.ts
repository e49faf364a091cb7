// The map fitted to the canvas with room for its labels (and the counts the badges add to them), with
// names drawn larger while the map is drawn small, never under MIN_LABEL_PX on screen. One function
// for the map with dots and without.
import type { MapDefinition } from '../../../core/map-schema.js';
import { LABEL_FONT_SIZE, type drawMap } from './draw-map.js';
import type { Scene } from './scene.js';
import { Viewport } from './viewport.js';

/** The smallest a station's name or number is drawn on screen, in CSS pixels. */
export const MIN_LABEL_PX = 12;
/**
 * Below this scale the map with its labels beside the stations is too small to read (a phone): the
 * fit takes the lines and stations only, and the labels find room round their stations (label-layout.ts).
 */
const SMALLEST_SCALE_WITH_LABEL_ROOM = 0.45;

/** How much larger than design size the names are drawn at a scale: legible, and ≥ MIN_LABEL_PX. */
export function labelGrowth(scale: number): number {
  return Math.max(Math.min(1.35, Math.max(1, 0.8 / scale)), MIN_LABEL_PX / (LABEL_FONT_SIZE * scale));
}

/** What the page lays over the map: the caption, the filter chip (while a filter is on), the zoom buttons (and the panels' column, below). */
const OVERLAYS = ['#map-caption', '#filter-chip', '#zoom-controls'];
/** Space added to a covered band beyond the overlay's box, CSS pixels (the fit's own padding already keeps the map clear). */
const OVERLAY_GAP = 0;

/**
 * The bands of the canvas the page's own controls cover, in CSS pixels, measured from what is drawn
 * over it now: the caption's real lines (two or three on a phone, as the date and filter make them)
 * and the filter chip at the top or the foot, the zoom buttons in a row at the foot (or, on a phone held
 * sideways, a column at the right). The fit keeps the map out of them, so no station, queue or name
 * sits under the caption, the chip or the buttons (review v8d finding 1: the chip hid "Looked after").
 */
export function coveredBands(): { top: number; bottom: number; left: number; right: number } {
  const bands = { top: 0, bottom: 0, left: 0, right: 0 };
  const host = document.getElementById('canvas-host')?.getBoundingClientRect();
  if (!host || host.width === 0 || host.height === 0) return bands;
  for (const selector of OVERLAYS) {
    const element = document.querySelector<HTMLElement>(selector);
    if (!element || element.hidden) continue;
    const r = element.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom <= host.top || r.top >= host.bottom) continue;
    if (r.height > r.width && r.width < host.width / 2) {
      // A column at one side (the zoom buttons on a phone held sideways).
      if (r.left + r.width / 2 > host.left + host.width / 2) bands.right = Math.max(bands.right, Math.ceil(host.right - r.left + OVERLAY_GAP));
      else bands.left = Math.max(bands.left, Math.ceil(r.right - host.left + OVERLAY_GAP));
    } else if (r.top + r.height / 2 < host.top + host.height / 2) {
      bands.top = Math.max(bands.top, Math.ceil(r.bottom - host.top + OVERLAY_GAP));
    } else {
      bands.bottom = Math.max(bands.bottom, Math.ceil(host.bottom - r.top + OVERLAY_GAP));
    }
  }
  // A station's list or a child's journey open in the column at the map's right (a wide screen): the
  // map is fitted into the space left of it, so no station is behind it (review v8h finding 3: CIN plan,
  // CP plan and Looked after were behind the list at 1440×900). On a phone the column is the screen's
  // width and lies over the map, to be closed.
  const panels = document.getElementById('panels');
  if (panels && Array.from(panels.children).some((panel) => !(panel as HTMLElement).hidden)) {
    const r = panels.getBoundingClientRect();
    if (r.width > 0 && r.width < host.width / 2 && r.left > host.left + host.width / 2 && r.bottom > host.top && r.top < host.bottom) {
      bands.right = Math.max(bands.right, Math.ceil(host.right - r.left + PANEL_GAP));
    }
  }
  return bands;
}

/** Space between the map and an open panel column, CSS pixels. */
const PANEL_GAP = 8;

const sameBands = (a: ReturnType<typeof coveredBands>, b: ReturnType<typeof coveredBands>) =>
  a.top === b.top && a.bottom === b.bottom && a.left === b.left && a.right === b.right;

export function fitMapViewport(scene: Scene, map: MapDefinition, drawn: ReturnType<typeof drawMap>, onZoom: (scale: number) => void = () => {}): Viewport {
  const labelBox = drawn.labels.getLocalBounds();
  const x0 = Math.min(0, labelBox.minX - 60);
  const x1 = Math.max(map.width, labelBox.maxX + 70);
  const y0 = Math.min(0, labelBox.minY - 10);
  const y1 = Math.max(map.height, labelBox.maxY + 10);
  const withLabels = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  const drawing = drawn.base.getLocalBounds();
  const linesOnly = { x: drawing.minX - 30, y: drawing.minY - 30, width: drawing.width + 60, height: drawing.height + 60 };
  const viewport = new Viewport(scene.world, scene.app.canvas, withLabels);
  viewport.onChange(() => {
    onZoom(viewport.scale);
    for (const text of drawn.labelTexts) text.scale.set(labelGrowth(viewport.scale));
  });
  // Without the map file's label placements (a map turned for a phone) the names are placed round
  // their stations inside the view, so the fit takes the lines and stations only.
  const fileLabels = map.stations.some((s) => s.label);
  const fit = () => {
    const { width, height } = scene.app.screen;
    viewport.insets = coveredBands();
    if (fileLabels) viewport.fit(width, height, withLabels, 24);
    if (!fileLabels || viewport.scale < SMALLEST_SCALE_WITH_LABEL_ROOM) viewport.fit(width, height, linesOnly, 10);
  };
  scene.app.renderer.on('resize', fit);
  fit();
  // The chip appears and goes with the filter, and the caption takes another line as its date or filter
  // grows: the map is fitted again round what is drawn over it now, unless the user has panned or zoomed
  // since the last fit (their view stays; only what counts as in view changes).
  viewport.recheckInsets = () => {
    const bands = coveredBands();
    if (sameBands(bands, viewport.insets)) return;
    if (viewport.fitted) fit();
    else {
      viewport.insets = bands;
      viewport.changed();
    }
  };
  // The page calls it when it changes the caption or the chip, so the map is fitted before the numbers
  // are said to be on screen; the observer catches the rest (a font loading, a rotation).
  if (typeof ResizeObserver !== 'undefined') {
    const observer = new ResizeObserver(() => viewport.recheckInsets());
    for (const selector of [...OVERLAYS, '#station-list', '#journey-panel']) {
      const element = document.querySelector(selector);
      if (element) observer.observe(element);
    }
  }
  return viewport;
}
