// SSDA903 placement types (PLACE): the importer checks them (server/import/ssda903/codes.ts re-exports
// this list) and the forecast's weekly costs per placement type are keyed by them.

/** Placement type (current codes and the older ones still found in files a few years old). */
export const PLACEMENT_CODES = [
  'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4',
  'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'H1', 'H2', 'H3', 'H4', 'M2', 'M3',
] as const;
