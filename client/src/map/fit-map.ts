// The map fitted to the canvas with room for its labels (and the counts the badges add to them), with
// names drawn larger while the map is drawn small. One function for the map with dots and without.
import type { MapDefinition } from '../../../core/map-schema.js';
import type { drawMap } from './draw-map.js';
import type { Scene } from './scene.js';
import { Viewport } from './viewport.js';

export function fitMapViewport(scene: Scene, map: MapDefinition, drawn: ReturnType<typeof drawMap>, onZoom: (scale: number) => void = () => {}): Viewport {
  const labelBox = drawn.labels.getLocalBounds();
  const x0 = Math.min(0, labelBox.minX - 60);
  const x1 = Math.max(map.width, labelBox.maxX + 70);
  const y0 = Math.min(0, labelBox.minY - 10);
  const y1 = Math.max(map.height, labelBox.maxY + 10);
  const viewport = new Viewport(scene.world, scene.app.canvas, { x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
  viewport.onChange(() => {
    onZoom(viewport.scale);
    // Names stay legible on a small screen: drawn larger while the map is drawn small.
    const grow = Math.min(1.35, Math.max(1, 0.8 / viewport.scale));
    for (const text of drawn.labelTexts) text.scale.set(grow);
  });
  const fit = () => viewport.fit(scene.app.screen.width, scene.app.screen.height);
  scene.app.renderer.on('resize', fit);
  fit();
  return viewport;
}
