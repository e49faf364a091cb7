// The dots: one Pixi Mesh per time bucket, each a point-list geometry over that bucket's move
// attributes (one point per move), all sharing one shader program, the track texture and the global
// uniforms. `setTime` is the whole per-frame cost: a loop over the buckets (dozens), never over dots.
import { Buffer, BufferImageSource, BufferUsage, Container, Geometry, GlProgram, Mesh, Shader, Texture } from 'pixi.js';
import { DOT_FRAGMENT, DOT_VERTEX } from './dot-shader.js';
import { createBucketUniforms, createDotGlobals, DEFAULT_DOT_STYLE, type DotBucketUniforms, type DotGlobals, type DotStyle } from './dot-uniforms.js';
import { bucketVisibleAt, INSTANCE_FLOATS, type MoveBucket } from './move-buckets.js';
import type { PackedTracks } from './track-texture.js';
import { filterUniforms, type FilterMasks } from './cohort-filter.js';
import { paletteUniform, type ColourScheme } from './palette.js';
import type { DotTiming } from './dot-positions.js';

interface BucketMesh {
  bucket: MoveBucket;
  mesh: Mesh<Geometry, Shader>;
  uniforms: DotBucketUniforms;
  vertices: Buffer;
}

export class DotLayer {
  readonly container = new Container({ label: 'dots', eventMode: 'none' });
  readonly globals: DotGlobals;
  private readonly meshes: BucketMesh[] = [];
  private readonly trackTexture: Texture;
  private style: DotStyle = { ...DEFAULT_DOT_STYLE };
  private readonly resolution: number;
  /** dot size factor for the zoom: full size at 80% of design size and above, down to 40% on a phone */
  private zoomFactor = 1;
  /** seconds of data time a dot may still show after its arrival (min transit, fade); set with the speed */
  private linger = 0;
  /** dots in buckets drawn at the last setTime (an upper bound of those on screen) */
  drawnInstances = 0;
  drawnBuckets = 0;

  /** `resolution`: device pixels per CSS pixel of the renderer, so dots keep their size in CSS pixels */
  constructor(tracks: PackedTracks, buckets: readonly MoveBucket[], resolution = 1) {
    this.resolution = resolution;
    this.trackTexture = new Texture({
      source: new BufferImageSource({
        resource: tracks.texels,
        width: tracks.width,
        height: tracks.height,
        format: 'rgba32float',
        scaleMode: 'nearest',
        autoGenerateMipmaps: false,
        // Positions, not colours: premultiplying by alpha on upload would zero them.
        alphaMode: 'no-premultiply-alpha',
      }),
    });
    this.globals = createDotGlobals(resolution);
    const glProgram = GlProgram.from({ vertex: DOT_VERTEX, fragment: DOT_FRAGMENT, name: 'journey-dots' });
    const stride = INSTANCE_FLOATS * 4;
    for (const bucket of buckets) {
      const count = bucket.data.length / INSTANCE_FLOATS;
      if (count === 0) continue;
      const vertices = new Buffer({ data: bucket.data, usage: BufferUsage.VERTEX });
      const geometry = new Geometry({
        attributes: {
          aTimes: { buffer: vertices, format: 'float32x4', stride, offset: 0 },
          aMeta: { buffer: vertices, format: 'float32x4', stride, offset: 16 },
          aWait: { buffer: vertices, format: 'float32x4', stride, offset: 32 },
          aScale: { buffer: vertices, format: 'float32x2', stride, offset: 48 },
        },
        topology: 'point-list',
      });
      const uniforms = createBucketUniforms();
      const shader = new Shader({
        glProgram,
        resources: { dotGlobals: this.globals, dotBucket: uniforms, uTracks: this.trackTexture.source },
      });
      const mesh = new Mesh({ geometry, shader, label: `dots ${bucket.first}-${bucket.end}` });
      mesh.visible = false;
      this.container.addChild(mesh);
      this.meshes.push({ bucket, mesh, uniforms, vertices });
    }
    this.applyStyle();
  }

  get bucketCount(): number {
    return this.meshes.length;
  }

  /** Per frame: show the buckets that have a dot at `time` (absolute data seconds) and give each its time. */
  setTime(time: number): void {
    let instances = 0;
    let drawn = 0;
    for (const { bucket, mesh, uniforms } of this.meshes) {
      const visible = bucketVisibleAt(bucket, time, this.linger);
      mesh.visible = visible;
      if (visible) {
        uniforms.uniforms.uTime = time - bucket.origin;
        instances += bucket.end - bucket.first;
        drawn++;
      }
    }
    this.drawnInstances = instances;
    this.drawnBuckets = drawn;
  }

  /** Playback speed in data seconds per real second: the minimum transit and fades stay visible at speed. */
  setSpeed(dataSecondsPerSecond: number): void {
    const timing = this.globals.uniforms.uTiming;
    timing[0] = Math.max(this.style.minTransitSeconds, dataSecondsPerSecond * 0.35);
    timing[1] = Math.max(this.style.fadeSeconds, dataSecondsPerSecond * 0.6);
    // A child's later hops of a day end up to a day after their arrival's 00:00 (hop-order.ts).
    this.linger = Math.max(timing[0], timing[1]) + 86400;
  }

  setStyle(style: Partial<DotStyle>): void {
    this.style = { ...this.style, ...style };
    this.applyStyle();
  }

  /** Follows the viewport's scale: on a small screen dots shrink with the map, so queues stay readable. */
  setZoom(scale: number): void {
    this.zoomFactor = Math.min(1, Math.max(0.4, scale / 0.8));
    this.globals.uniforms.uTiming[2] = 2 * this.style.radiusPx * this.resolution * this.zoomFactor;
  }

  /** A dot's radius on screen, CSS pixels (smaller on a phone, setZoom). */
  get radiusPx(): number {
    return this.style.radiusPx * this.zoomFactor;
  }

  /** The shader's timing and queue uniforms, for placing dots on the CPU (dot-positions.ts). */
  timing(): DotTiming {
    const u = this.globals.uniforms;
    return { hop: u.uTiming[0]!, fade: u.uTiming[1]!, spacing: u.uTiming[3]!, drift: u.uStyle[1]!, maxSlowness: u.uStyle[3]! };
  }

  /** Highlights one child's dot (by child index), or none with -1. */
  follow(child: number): void {
    this.globals.uniforms.uStyle[0] = child;
  }

  setColours(scheme: ColourScheme): void {
    this.globals.uniforms.uStyle[2] = scheme.field;
    this.globals.uniforms.uPalette.set(paletteUniform(scheme));
  }

  setFilters(masks: FilterMasks): void {
    const { a, b } = filterUniforms(masks);
    this.globals.uniforms.uFilterA.set(a);
    this.globals.uniforms.uFilterB.set(b);
  }

  destroy(): void {
    for (const { mesh, vertices } of this.meshes) {
      mesh.geometry.destroy();
      mesh.shader?.destroy();
      vertices.destroy();
    }
    this.container.destroy({ children: true });
    this.trackTexture.destroy(true);
  }

  private applyStyle(): void {
    const u = this.globals.uniforms;
    u.uTiming[2] = 2 * this.style.radiusPx * this.resolution * this.zoomFactor;
    u.uTiming[3] = this.style.queueSpacing;
    u.uStyle[1] = this.style.driftPerSlowness;
    u.uStyle[3] = this.style.maxSlowness;
    const timing = u.uTiming;
    timing[0] = Math.max(timing[0]!, this.style.minTransitSeconds);
    timing[1] = Math.max(timing[1]!, this.style.fadeSeconds);
    // A child's later hops of a day end up to a day after their arrival's 00:00 (hop-order.ts).
    this.linger = Math.max(timing[0], timing[1]) + 86400;
  }
}
