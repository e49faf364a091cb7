// SSDA903 as data: the header and episodes columns and the code lists the importer checks, from the
// DfE's SSDA903 guidance. A writer of SSDA903 files (issue 14) can take the columns and codes here.

export const HEADER_COLUMNS = ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'] as const;
export const EPISODES_COLUMNS = ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'] as const;

/** Reason for new episode: S starts a period of care; the others continue one. */
export const RNE_CODES = ['S', 'L', 'P', 'T', 'U', 'B'] as const;

/** Legal status. */
export const LEGAL_STATUS_CODES = ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'] as const;

/** Category of need. */
export const NEED_CODES = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;

/** Placement type (current codes and the older ones still found in files a few years old). */
export const PLACEMENT_CODES = [
  'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4',
  'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'H1', 'H2', 'H3', 'H4', 'M2', 'M3',
] as const;

/** Placement provider. */
export const PROVIDER_CODES = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'] as const;

/** Reason episode ceased: X1 continues the period in a new episode; every other code ends it. */
export const CONTINUES = 'X1';
