// The Pixi application (WebGL, asked for explicitly) and the layer order of the world: lines and
// station marks, queue badges, dots, labels, marker pulse. The world is what the viewport pans and zooms.
import { Application, Container, Graphics } from 'pixi.js';
import { MAP_BACKGROUND } from './draw-map.js';

export interface Scene {
  app: Application;
  world: Container;
  layers: { base: Container; badges: Container; dots: Container; labels: Container; pulse: Graphics };
}

/** Whether the browser draws WebGL in software (SwiftShader, llvmpipe): every full-screen pass is dear there. */
export function isSoftwareRenderer(): boolean {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|software|basic render/i.test(name);
}

/**
 * Antialiasing of the map: with a GPU the canvas is multisampled (cheap there). On a software
 * renderer MSAA doubles the cost of every frame, so the canvas is not multisampled and the map's
 * lines stay aliased; `?aa=1` forces MSAA, `?aa=0` turns it off. The dots smooth their own edges in
 * the fragment shader either way.
 */
function wantMsaa(): boolean {
  const aa = new URLSearchParams(window.location.search).get('aa');
  return aa === '1' || (aa !== '0' && !isSoftwareRenderer());
}

export async function createScene(host: HTMLElement): Promise<Scene> {
  const app = new Application();
  await app.init({
    preference: 'webgl',
    resizeTo: host,
    background: MAP_BACKGROUND,
    antialias: wantMsaa(),
    autoDensity: true,
    resolution: Math.min(2, window.devicePixelRatio || 1),
    // Keeps the last frame readable for PNG export and pixel checks.
    preserveDrawingBuffer: true,
  });
  app.canvas.setAttribute('role', 'img');
  app.canvas.setAttribute('aria-label', 'Tube map of children’s journeys; station numbers are in the table and the station buttons');
  host.appendChild(app.canvas);
  const world = new Container({ label: 'world' });
  const layers = {
    base: new Container({ label: 'map' }),
    badges: new Container({ label: 'badges' }),
    dots: new Container({ label: 'dots' }),
    labels: new Container({ label: 'labels' }),
    pulse: new Graphics({ label: 'marker pulse' }),
  };
  world.addChild(layers.base, layers.badges, layers.dots, layers.labels, layers.pulse);
  app.stage.addChild(world);
  return { app, world, layers };
}
