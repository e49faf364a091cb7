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

/** Lines the caption over the map may take: one on a wide screen, two on a phone. */
const CAPTION_LINES = { wide: 1, phone: 2 };

/**
 * The bands of the canvas the page's own controls cover, in CSS pixels: the caption's lines at the top,
 * and the zoom buttons, a row at the bottom (or, on a phone held sideways where height is short, a
 * column at the right). The fit keeps the map out of them, so no station, queue or name starts under
 * the caption (on a phone the caption is two lines over the map's first station) or the buttons.
 */
export function coveredBands(): { top: number; bottom: number; left: number; right: number } {
  const caption = document.getElementById('map-caption');
  const zoom = document.getElementById('zoom-controls');
  const bands = { top: 0, bottom: 0, left: 0, right: 0 };
  if (caption) {
    const style = getComputedStyle(caption);
    const lines = window.matchMedia('(max-width: 760px)').matches ? CAPTION_LINES.phone : CAPTION_LINES.wide;
    bands.top = Math.ceil(caption.offsetTop + lines * parseFloat(style.fontSize) * 1.3);
  }
  const stage = zoom?.offsetParent;
  if (zoom && stage) {
    const z = zoom.getBoundingClientRect();
    const s = stage.getBoundingClientRect();
    if (z.height > z.width) bands.right = Math.ceil(s.right - z.left);
    else bands.bottom = Math.ceil(s.bottom - z.top);
  }
  return bands;
}

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
  return viewport;
}
