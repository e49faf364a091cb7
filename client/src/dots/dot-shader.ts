// GLSL ES 3.0 sources of the dot shader. One point per move (layout in move-buckets.ts); the vertex
// shader places it from the current time alone, so a frame only sets uniforms.
//
// A move's dot, in order:
//   waits in its place in the queue at `from` (queue-slots.ts) from depart until it sets off; a dot
//     that has waited longer than the station's median wait drifts outwards, in proportion;
//   travels from its place at `from` straight in to the (from, to) track, along it, and out to its
//     place at `to` (three legs at one speed, each end inside its station's queue area) in a hop from
//     00:00 of the arrival day (uTiming.x long, so it is seen at any speed, but a child's hops of one
//     day run one after another and end by 23:59:59, so at the end of a day the dots match that day's
//     numbers: hop-order.ts); it appears only once the hop that brought it to `from` has ended;
//     when its step ended on an earlier day than its next step, it fades out in its place at `from`
//     at the step's end (as a dot leaving the map does), is off the map until the hop, and sets off
//     from the station's own point: no dot creeps along a segment for weeks, counted by no station;
//   then hands over to its next move, or holds in its place at `to` (the child's last move), or fades
//   at an exit, or (leaving the map) fades in its place at `from`. An entry is a ring that opens where
//   the dot appears.
//
// Uniform groups: `dotGlobals` (dot-uniforms.ts, shared by every bucket) and `dotBucket` (uTime, the
// current time relative to that bucket's origin). The track texture holds TRACK_SAMPLES points per
// track equally spaced by arc length (track-texture.ts): a position is two texel fetches and a mix.
import { TRACK_SAMPLES, TRACK_TEXTURE_WIDTH } from './track-texture.js';

export const DOT_VERTEX = /* glsl */ `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;

in vec4 aTimes;
in vec4 aMeta;
in vec4 aWait;
in vec2 aScale;

uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;

uniform float uTime;
uniform sampler2D uTracks;
// x: shortest hop (s), y: entry/exit fade (s), z: dot diameter in device pixels, w: queue spacing (map units)
uniform vec4 uTiming;
// x: followed child (-1: none), y: drift per unit of slowness (map units), z: colour mode, w: max slowness
uniform vec4 uStyle;
// allowed-value bitmasks: age band, sex, ethnicity group, disability
uniform vec4 uFilterA;
// allowed-value bitmasks: previous referrals, 0, 0, 0
uniform vec4 uFilterB;
uniform vec4 uPalette[8];

out vec4 vColour;
out float vRing;

const int SAMPLES = ${TRACK_SAMPLES};
const int WIDTH = ${TRACK_TEXTURE_WIDTH};
const float GOLDEN_ANGLE = 2.39996323;

vec2 trackSample(int row, int i) {
  int index = row * SAMPLES + i;
  return texelFetch(uTracks, ivec2(index % WIDTH, index / WIDTH), 0).xy;
}

// The track's length in map units (every sample of a track carries it: track-texture.ts).
float trackLength(int row) {
  int index = row * SAMPLES;
  return texelFetch(uTracks, ivec2(index % WIDTH, index / WIDTH), 0).z;
}

vec2 along(int row, float frac) {
  float s = clamp(frac, 0.0, 1.0) * float(SAMPLES - 1);
  int i0 = min(int(s), SAMPLES - 2);
  return mix(trackSample(row, i0), trackSample(row, i0 + 1), s - float(i0));
}

// A transit's position at frac (0-1): three legs at one speed, from the dot's place at its origin (offFrom)
// straight in to the track's start, along the track (length len), then out to its place at the
// destination (offTo);
// the first and last legs stay inside each station's own queue area (dot-positions.ts transitLegs).
vec2 transitLeg(int row, float frac, vec2 offFrom, float len, vec2 offTo) {
  float a = length(offFrom);
  float b = length(offTo);
  float total = a + len + b;
  if (total <= 0.0) return trackSample(row, 0);
  float d = clamp(frac, 0.0, 1.0) * total;
  if (d < a) return trackSample(row, 0) + offFrom * (1.0 - d / a);
  if (d <= a + len) return along(row, len > 0.0 ? (d - a) / len : 1.0);
  return along(row, 1.0) + offTo * (b > 0.0 ? (d - a - len) / b : 1.0);
}

vec2 slotDirection(float slot) {
  float a = slot * GOLDEN_ANGLE;
  return vec2(cos(a), sin(a));
}

// A place in a station's queue: a sunflower spiral, place 0 nearest the station.
// k: the map's one spacing over the style's, the same at every station (queue-slots.ts spreadQueues).
vec2 queueOffset(float slot, float k) {
  return k * uTiming.w * sqrt(slot + 0.5) * slotDirection(slot);
}

// Waited longer than the station's median: drift outwards, the prototype's "slow child" made a queue's.
vec2 drift(float slot, float waited, float median, float k) {
  if (median <= 0.0) return vec2(0.0);
  float slowness = clamp(waited / median - 1.0, 0.0, uStyle.w);
  return slotDirection(slot) * slowness * uStyle.y * k;
}

// When hop k of the n a child makes on a day is shown arrived (hop-order.ts: shownArrived).
float shownArrived(float at, float k, float n, float hop) {
  float dayStart = floor((at + 0.5) / 86400.0) * 86400.0;
  float h = min(hop, 86399.0 / n);
  return min(max(at, dayStart + (k + 1.0) * h), dayStart + 86399.0 - (n - k - 1.0) * h);
}

bool allowed(float mask, uint value) {
  return ((uint(mask) >> value) & 1u) == 1u;
}

void hide() {
  // Outside the clip volume: the point is dropped before rasterisation.
  gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
  gl_PointSize = 0.0;
  vColour = vec4(0.0);
  vRing = 0.0;
}

void main() {
  float depart = aTimes.x;
  float leave = aTimes.y;
  float arrive = aTimes.z;
  int row = int(aTimes.w + 0.5);
  uint kind = uint(aMeta.z + 0.5);
  uint flags = kind >> 8u;
  bool isEntry = (flags & 1u) != 0u;
  bool isExit = (flags & 2u) != 0u;
  bool holds = (flags & 4u) != 0u;
  bool isLeave = (flags & 8u) != 0u;
  float slots = aMeta.w;
  float slotTo = floor(slots / 4096.0);
  float slotFrom = slots - slotTo * 4096.0;
  float hop = uTiming.x;
  float fade = uTiming.y;

  // A child's hops on one day run one after another from 00:00 and are over by 23:59:59; a dot appears
  // once the hop that brought it has ended (hop-order.ts: hopTimes, line for line). Bucket origins are
  // whole days (move-buckets.ts), so days are found from the relative times.
  float packed = aWait.w;
  float k = mod(packed, 64.0);
  float n = mod(floor(packed / 64.0), 64.0) + 1.0;
  float b = mod(floor(packed / 4096.0), 64.0);
  float nd = floor(packed / 262144.0) + 1.0;
  float appear = b > 0.0 ? max(depart, shownArrived(depart, b - 1.0, nd, hop)) : depart;
  float dayStart = floor((arrive + 0.5) / 86400.0) * 86400.0;
  float shownAt = shownArrived(arrive, k, n, hop);
  float hopStart = shownAt - min(hop, 86399.0 / n);
  // A step that ended on an earlier day than the next: gone at its end, back for the hop (hopTimes).
  bool offMap = !isLeave && leave < dayStart;
  float gone = isLeave || offMap ? max(leave, appear) : max(appear, min(hopStart, leave));
  float setOff = offMap ? max(gone, hopStart) : gone;
  float arriveShown = isLeave ? setOff : max(setOff, shownAt);
  float until = holds ? 3.0e38 : (isEntry ? appear + fade : ((isExit || isLeave) ? arriveShown + fade : arriveShown));
  bool away = !isEntry && uTime >= gone && uTime < setOff;
  bool waiting = !isEntry && uTime < gone;

  uint cohort = uint((waiting || away ? aMeta.x : aMeta.y) + 0.5);
  uint age = cohort & 7u;
  uint sex = (cohort >> 3u) & 3u;
  uint ethnicity = (cohort >> 5u) & 7u;
  uint disability = (cohort >> 8u) & 3u;
  uint previous = (cohort >> 10u) & 3u;
  // A move that hands over to the child's next move is gone at the instant the next one appears.
  bool handsOver = !holds && !isEntry && !isExit && !isLeave;
  bool shown = uTime >= appear && (handsOver ? uTime < until : uTime <= until) && !(away && uTime >= gone + fade)
    && allowed(uFilterA.x, age) && allowed(uFilterA.y, sex) && allowed(uFilterA.z, ethnicity)
    && allowed(uFilterA.w, disability) && allowed(uFilterB.x, previous);
  if (!shown) {
    hide();
    return;
  }

  // Queue offsets cost a square root and a sine and cosine each: work out only those this phase uses.
  vec2 pos;
  float alpha = 1.0;
  vRing = 0.0;
  if (isEntry) {
    pos = trackSample(row, 0) + queueOffset(slotTo, aScale.y);
    // A dot that entered at its station and stays there waits from its arrival, and drifts like any other.
    if (holds) pos += drift(slotTo, uTime - arrive, aWait.y, aScale.y);
    else {
      float age01 = clamp((uTime - appear) / fade, 0.0, 1.0);
      alpha = 1.0 - age01;
      vRing = 1.0;
    }
  } else if (away) {
    // Its step ended: it fades in its place at from, as a dot leaving the map does.
    pos = trackSample(row, 0) + queueOffset(slotFrom, aScale.x);
    alpha = 1.0 - clamp((uTime - gone) / fade, 0.0, 1.0);
  } else if (waiting) {
    pos = trackSample(row, 0) + queueOffset(slotFrom, aScale.x) + drift(slotFrom, uTime - depart, aWait.x, aScale.x);
  } else if (uTime < arriveShown) {
    float frac = (uTime - setOff) / (arriveShown - setOff);
    vec2 offFrom = gone < setOff ? vec2(0.0) : queueOffset(slotFrom, aScale.x) + drift(slotFrom, setOff - depart, aWait.x, aScale.x);
    vec2 offTo = isExit ? vec2(0.0) : queueOffset(slotTo, aScale.y) + drift(slotTo, arriveShown - arrive, aWait.y, aScale.y);
    pos = transitLeg(row, frac, offFrom, trackLength(row), offTo);
  } else if (isLeave) {
    pos = trackSample(row, 0) + queueOffset(slotFrom, aScale.x);
    alpha = 1.0 - clamp((uTime - arriveShown) / fade, 0.0, 1.0);
  } else if (isExit) {
    pos = along(row, 1.0);
    alpha = 1.0 - clamp((uTime - arriveShown) / fade, 0.0, 1.0);
  } else {
    pos = along(row, 1.0) + queueOffset(slotTo, aScale.y) + drift(slotTo, uTime - arrive, aWait.y, aScale.y);
  }

  float size = uTiming.z;
  if (isEntry && !holds) size *= 1.0 + 1.5 * clamp((uTime - appear) / fade, 0.0, 1.0);
  bool followed = uStyle.x >= 0.0 && abs(aWait.z - uStyle.x) < 0.5;
  uint field = uint(uStyle.z + 0.5);
  uint value = field == 0u ? previous : field == 1u ? age : field == 2u ? sex : field == 3u ? ethnicity : disability;
  vColour = vec4(uPalette[min(value, 7u)].rgb, alpha);
  if (followed) {
    size *= 2.2;
    vRing = max(vRing, 0.5);
  }
  mat3 mvp = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((mvp * vec3(pos, 1.0)).xy, followed ? -0.5 : 0.0, 1.0);
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
  // vRing 1: an entry's ring (hollow); 0.5: the followed child (a thick dark ring round its colour).
  if (vRing > 0.75 && r < 0.72) discard;
  float rim = vRing > 0.25 && vRing < 0.75 ? smoothstep(0.45, 0.6, r) : smoothstep(0.62, 0.8, r) * (1.0 - vRing);
  // A dark rim keeps pale dots visible on light lines and tells touching dots apart.
  vec3 colour = mix(vColour.rgb, vec3(0.05, 0.06, 0.09), rim);
  float a = vColour.a * (1.0 - smoothstep(0.86, 1.0, r));
  finalColor = vec4(colour * a, a);
}
`;
