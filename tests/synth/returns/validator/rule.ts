// The shape every re-implemented DfE validation rule takes. The rules are written in TypeScript from
// reading the public validators (data-to-insight/csc-validator-be-903 and csc-validator-be-cin): the
// condition each rule checks, never their code. Each rule file exports rules; each rule has a unit test
// that makes it fire on a hand-built bad case and stay quiet on a good one.

/** A row as the file gives it: column name to the cell's text ('' when blank). */
export type Row = Record<string, string>;

export interface Failure {
  /** the DfE rule code, e.g. '523' or '8615' */
  rule: string;
  /** the table the failing row is in (SSDA903 table name, or the CIN module name) */
  table: string;
  /** 0-based index of the row within its table */
  row: number;
}

export interface Rule<R> {
  /** the DfE code as the validator names it ('392c', 'SW01STG1', '8525Q', ...) */
  code: string;
  /** the validator's message, as it states it */
  message: string;
  /** collection years the rule applies to (inclusive), where the validator limits it */
  years?: [first: number, last: number];
  check(data: R): Failure[];
}

export function runRules<R extends { year: number }>(rules: readonly Rule<R>[], data: R): Failure[] {
  const failures: Failure[] = [];
  for (const rule of rules) {
    if (rule.years && (data.year < rule.years[0] || data.year > rule.years[1])) continue;
    failures.push(...rule.check(data));
  }
  return failures;
}
