// What an import tells its caller: counts, every bad row (the list capped so a wholly wrong file
// cannot flood a response), warnings, and the typed error a strict import throws.

export interface Rejection {
  line: number;
  /** the header name of the bad column, null for a fault of the row's shape */
  column: string | null;
  reason: string;
}

export interface ImportReport {
  dataset: string;
  /** data rows read (the header and wholly empty lines are not data rows) */
  rows: number;
  imported: number;
  rejected: Rejection[];
  warnings: string[];
}

export interface ImportOptions {
  /** import the good rows and record the bad ones, instead of failing on the first bad row */
  lenient?: boolean;
  /** the uploaded file's name, kept with the dataset */
  fileName?: string;
  /** let a file with no good rows replace an existing dataset of that name (else refused) */
  allowEmpty?: boolean;
}

/** At most this many rejections are listed in a report; the rest are counted in a warning. */
export const MAX_LISTED_REJECTIONS = 1000;

/** Thrown by a strict import with any bad row, or by any import whose file cannot be read at all. */
export class ImportError extends Error {
  readonly statusCode = 400;
  readonly code = 'IMPORT_FAILED';
  constructor(
    message: string,
    readonly report: ImportReport,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Collects rejections: every one is counted, the first MAX_LISTED_REJECTIONS are kept. */
export class RejectionList {
  readonly listed: Rejection[] = [];
  count = 0;

  add(line: number, column: string | null, reason: string): Rejection {
    const rejection = { line, column, reason };
    this.count++;
    if (this.listed.length < MAX_LISTED_REJECTIONS) this.listed.push(rejection);
    return rejection;
  }

  /** The warning to add when the list was cut, else null. */
  capWarning(): string | null {
    if (this.count <= this.listed.length) return null;
    return `${this.count} rows were rejected; only the first ${this.listed.length} are listed`;
  }
}

/** At most this many warnings are listed; the rest are counted in a last one. */
export const MAX_LISTED_WARNINGS = 20;

/** Collects warnings: the first MAX_LISTED_WARNINGS are kept, the rest counted. */
export class WarningList {
  private readonly listed: string[] = [];
  private more = 0;

  add(warning: string): void {
    if (this.listed.length < MAX_LISTED_WARNINGS) this.listed.push(warning);
    else this.more++;
  }

  list(): string[] {
    return this.more === 0 ? [...this.listed] : [...this.listed, `… and ${this.more} more warning${this.more === 1 ? '' : 's'} like these`];
  }
}

export function describeRejection(r: Rejection): string {
  return r.column === null ? `line ${r.line}: ${r.reason}` : `line ${r.line}, column ${r.column}: ${r.reason}`;
}
