// Screen pixels per map unit when a shipped map is fitted to the page, read from the page
// (journeyMap.toScreen) and rounded down, so a rule in pixels made from them is a little strict.
// tests/browser/map.test.ts checks that the page draws each map at least this large, so a change that
// draws a map smaller fails there until these are measured again.
export const FITTED_SCALE = {
  // 844×390: a phone held sideways, the smallest fit (front-door measured 0.3696–0.3707, small-council 0.46).
  'front-door': { '1440x900': 0.78, '390x844': 0.52, '844x390': 0.36 },
  'small-council': { '1440x900': 0.95, '390x844': 0.63, '844x390': 0.45 },
} as const;

export type ShippedMapId = keyof typeof FITTED_SCALE;

/** The smallest a shipped map is drawn at its fits (the phone's): pixels per map unit. */
export function smallestFit(id: ShippedMapId): number {
  return Math.min(...Object.values(FITTED_SCALE[id]));
}

/** Map units that are `px` screen pixels at the map's smallest fit. */
export function unitsForPixels(id: ShippedMapId, px: number): number {
  return px / smallestFit(id);
}
