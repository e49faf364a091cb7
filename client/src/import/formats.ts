// Which importer a dropped file goes to, guessed from its name and first line (the user can change
// it): .xlsx is Annex A, .xml the CIN census; a CSV by its header row.

export const FORMAT_LABELS = {
  'annex-a': 'Annex A',
  cin: 'CIN census',
  ssda903: 'SSDA903',
  events: 'Events CSV',
} as const;
export type UploadFormat = keyof typeof FORMAT_LABELS;

/** The format of a file from its name and the first line of its text (empty when not text). */
export function guessFormat(name: string, firstLine: string): UploadFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return 'annex-a';
  if (lower.endsWith('.xml')) return 'cin';
  const header = firstLine.toLowerCase().replace(/^\ufeff/, '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  if (header.includes('child_id') && header.includes('event')) return 'events';
  if (header.includes('child') && (header.includes('decom') || header.includes('dob') || header.includes('sex'))) return 'ssda903';
  if (header.some((h) => h.includes('child unique id')) || /list[\s_-]*\d/.test(lower)) return 'annex-a';
  if (/header|episode|903/.test(lower)) return 'ssda903';
  return 'events';
}

/** A dataset name the API accepts, from a file name: letters, digits, _ and -, at most 64. */
export function datasetNameFrom(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return base === '' ? 'imported' : base;
}
