// GLSL ES 3.0 sources of the dot shader. One point per move (layout in move-buckets.ts); the vertex
// shader places it from the current time alone, so a frame only sets uniforms.
//
// Vertex attributes (per move):
//   aTimes = (depart, arrive, trackRow, drift)   depart/arrive in s relative to the bucket origin
//   aMeta  = (cohort, kind)                       kind = episode + 256 * flags (1 entry, 2 exit, 4 holds)
// Uniform groups: `dotGlobals` (dot-uniforms.ts, shared by every bucket) and `dotBucket` (uTime, the
// current time relative to that bucket's origin). Pixi supplies uProjectionMatrix,
// uWorldTransformMatrix and uTransformMatrix. The track texture holds TRACK_SAMPLES points per track
// equally spaced by arc length (track-texture.ts): a position is two texel fetches and a mix.
import { TRACK_SAMPLES, TRACK_TEXTURE_WIDTH } from './track-texture.js';

export const DOT_VERTEX = /* glsl */ `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;

in vec4 aTimes;
in vec2 aMeta;

uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;

uniform float uTime;
uniform sampler2D uTracks;
// x: minimum transit (s), y: entry/exit fade (s), z: dot diameter in device pixels, w: 0
uniform vec4 uTiming;
// x: 0, y: drift per unit of slowness (map units), z: colour mode, w: max slowness
uniform vec4 uStyle;
// allowed-value bitmasks: age band, sex, ethnicity group, disability
uniform vec4 uFilterA;
// allowed-value bitmasks: source, previous episodes (0..5+)
uniform vec4 uFilterB;
uniform vec4 uPalette[8];

out vec4 vColour;
out float vRing;

const int SAMPLES = ${TRACK_SAMPLES};
const int WIDTH = ${TRACK_TEXTURE_WIDTH};

vec2 trackSample(int row, int i) {
  int index = row * SAMPLES + i;
  return texelFetch(uTracks, ivec2(index % WIDTH, index / WIDTH), 0).xy;
}

bool allowed(float mask, uint value) {
  return ((uint(mask) >> value) & 1u) == 1u;
}

void main() {
  float depart = aTimes.x;
  float arrive = aTimes.y;
  uint kind = uint(aMeta.y + 0.5);
  uint flags = kind >> 8u;
  uint episode = kind & 255u;
  bool isEntry = (flags & 1u) != 0u;
  bool isExit = (flags & 2u) != 0u;
  bool holds = (flags & 4u) != 0u;
  float fade = uTiming.y;
  float arriveShown = max(arrive, depart + uTiming.x);
  float until = holds ? 3.0e38 : (isEntry ? depart + fade : (isExit ? arriveShown + fade : arriveShown));

  uint cohort = uint(aMeta.x + 0.5);
  uint age = cohort & 7u;
  uint sex = (cohort >> 3u) & 3u;
  uint ethnicity = (cohort >> 5u) & 7u;
  uint disability = (cohort >> 8u) & 3u;
  uint source = (cohort >> 10u) & 31u;
  uint previous = min(max(episode, 1u) - 1u, 5u);
  bool shown = uTime >= depart && uTime <= until
    && allowed(uFilterA.x, age) && allowed(uFilterA.y, sex) && allowed(uFilterA.z, ethnicity)
    && allowed(uFilterA.w, disability) && allowed(uFilterB.x, source) && allowed(uFilterB.y, previous);
  if (!shown) {
    // Outside the clip volume: the point is dropped before rasterisation.
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    vColour = vec4(0.0);
    vRing = 0.0;
    return;
  }

  float frac = isEntry ? 1.0 : clamp((uTime - depart) / (arriveShown - depart), 0.0, 1.0);
  int row = int(aTimes.z + 0.5);
  float s = frac * float(SAMPLES - 1);
  int i0 = min(int(s), SAMPLES - 2);
  vec2 a = trackSample(row, i0);
  vec2 b = trackSample(row, i0 + 1);
  vec2 pos = mix(a, b, s - float(i0));
  vec2 step = b - a;
  float stepLength = length(step);
  vec2 dir = stepLength > 0.0 ? step / stepLength : vec2(1.0, 0.0);
  // The prototype's "traverse": slower than the median drifts sideways, most at mid-journey.
  float slowness = clamp(aTimes.w - 1.0, 0.0, uStyle.w);
  pos += vec2(-dir.y, dir.x) * slowness * uStyle.y * sin(3.14159265 * frac);

  float size = uTiming.z;
  float alpha = 1.0;
  vRing = 0.0;
  if (isEntry && !holds) {
    float age01 = clamp((uTime - depart) / fade, 0.0, 1.0);
    size *= 1.0 + 1.5 * age01;
    alpha = 1.0 - age01;
    vRing = 1.0;
  } else if (isExit && uTime > arriveShown) {
    alpha = 1.0 - clamp((uTime - arriveShown) / fade, 0.0, 1.0);
  }

  uint field = uint(uStyle.z + 0.5);
  uint value = field == 0u ? previous : field == 1u ? age : field == 2u ? sex : field == 3u ? ethnicity : disability;
  vColour = vec4(uPalette[min(value, 7u)].rgb, alpha);
  mat3 mvp = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((mvp * vec3(pos, 1.0)).xy, 0.0, 1.0);
  gl_PointSize = size;
}
`;

export const DOT_FRAGMENT = /* glsl */ `#version 300 es
precision mediump float;

in vec4 vColour;
in float vRing;
out vec4 finalColor;

void main() {
  float r = length(gl_PointCoord * 2.0 - 1.0);
  if (r > 1.0) discard;
  if (vRing > 0.5 && r < 0.72) discard;
  // A dark rim keeps pale dots visible on light lines and tells touching dots apart.
  vec3 colour = mix(vColour.rgb, vec3(0.05, 0.06, 0.09), smoothstep(0.62, 0.8, r) * (1.0 - vRing));
  float a = vColour.a * (1.0 - smoothstep(0.86, 1.0, r));
  finalColor = vec4(colour * a, a);
}
`;
