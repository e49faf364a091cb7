// The key to the lines: what each line colour means (from the map file's lines: their name and the
// `meaning` one line of each colour carries), and which tracks no child in the dataset travelled (drawn
// thin and pale, so the moves children made stand out from the ones the map only allows). The same key
// goes in the legend beside the map and in every exported frame.
import type { MapDefinition } from '../../../core/map-schema.js';

export interface LineKeyEntry {
  /** #rrggbb */
  colour: string;
  /** the line's name, e.g. "Into care" */
  name: string;
  /** what a move on it means, '' when the map says nothing */
  meaning: string;
  /** true for the entry that explains the thin pale tracks (colour is a pale grey) */
  faint?: boolean;
}

/** How a track no child travelled is drawn, beside the full width and opacity of a travelled one. */
export const TRACK_STYLE = { full: { width: 6, alpha: 0.9 }, faint: { width: 2, alpha: 0.35 } } as const;
export const FAINT_TEXT = 'a move the map allows that no child in this dataset made';
const FAINT_SWATCH = '#8a8f98';

/** One entry per line colour, in the order the map first uses it; names of lines sharing a colour joined. */
export function lineKey(map: MapDefinition): LineKeyEntry[] {
  const byColour = new Map<string, { colour: string; names: string[]; meaning: string }>();
  for (const line of map.lines) {
    const colour = line.colour.toLowerCase();
    const entry = byColour.get(colour) ?? { colour, names: [], meaning: '' };
    if (!entry.names.includes(line.name)) entry.names.push(line.name);
    if (!entry.meaning && line.meaning) entry.meaning = line.meaning;
    byColour.set(colour, entry);
  }
  return [...byColour.values()].map((e) => ({ colour: e.colour, name: e.names.join(' / '), meaning: e.meaning }));
}

/** The key with the note on thin pale tracks, when some track was not travelled. */
export function keyWithFaint(entries: readonly LineKeyEntry[], someFaint: boolean): LineKeyEntry[] {
  return someFaint ? [...entries, { colour: FAINT_SWATCH, name: 'Thin pale line', meaning: FAINT_TEXT, faint: true }] : [...entries];
}

/** "Into care: into care (looked after)", or the name alone. */
export const keyText = (entry: LineKeyEntry) => (entry.meaning ? `${entry.name}: ${entry.meaning}` : entry.name);

/** Key of an unordered pair of station ids. */
export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The station pairs (unordered, by id) some child moved between directly in the moves given. */
export function travelledPairs(from: Uint8Array, to: Uint8Array, count: number, stationIds: readonly string[], entry: number): Set<string> {
  const S = stationIds.length;
  const seen = new Uint8Array(S * S);
  for (let i = 0; i < count; i++) {
    const f = from[i]!;
    const t = to[i]!;
    if (f !== entry && f !== t && f < S && t < S) seen[f < t ? f * S + t : t * S + f] = 1;
  }
  const out = new Set<string>();
  for (let k = 0; k < seen.length; k++) if (seen[k]) out.add(pairKey(stationIds[Math.floor(k / S)]!, stationIds[k % S]!));
  return out;
}
