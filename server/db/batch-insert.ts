// Multi-row INSERT: one call into SQLite per BATCH_ROWS rows instead of one per row, which is most
// of the cost of a bulk insert from JavaScript. Rows are buffered in batches until `write`, so the
// caller decides when a transaction is open (never across an await), and memory stays bounded by
// how often it writes.
import type { Database, Statement } from 'better-sqlite3';

const BATCH_ROWS = 256;

function insertSql(table: string, columns: readonly string[], fixed: Readonly<Record<string, number>>, rows: number): string {
  const names = [...Object.keys(fixed), ...columns];
  const one = `(${[...Object.values(fixed).map(String), ...columns.map(() => '?')].join(',')})`;
  return `INSERT INTO ${table} (${names.join(',')}) VALUES ${new Array(rows).fill(one).join(',')}`;
}

export class BatchInsert {
  private readonly many: Statement;
  private readonly one: Statement;
  private readonly width: number;
  /** the batch being filled: parameters of its rows, row after row; write them through `row()` */
  params: unknown[];
  private filled = 0;
  private readonly full: unknown[][] = [];
  private readonly spare: unknown[][] = [];

  /** `fixed`: columns given the same (integer) value in every row, e.g. the dataset id. */
  constructor(db: Database, table: string, columns: readonly string[], fixed: Readonly<Record<string, number>> = {}) {
    for (const value of Object.values(fixed)) if (!Number.isSafeInteger(value)) throw new Error(`fixed value ${value} is not an integer`);
    this.width = columns.length;
    this.params = new Array(this.width * BATCH_ROWS);
    this.many = db.prepare(insertSql(table, columns, fixed, BATCH_ROWS));
    this.one = db.prepare(insertSql(table, columns, fixed, 1));
  }

  /** Rows buffered and not yet written. */
  get pending(): number {
    return this.full.length * BATCH_ROWS + this.filled;
  }

  /** Index in `params` where the next row's values go; call `commitRow()` after writing them. */
  row(): number {
    return this.filled * this.width;
  }

  commitRow(): void {
    if (++this.filled === BATCH_ROWS) {
      this.full.push(this.params);
      this.params = this.spare.pop() ?? new Array(this.width * BATCH_ROWS);
      this.filled = 0;
    }
  }

  /** Buffers one row given as values. */
  add(...values: unknown[]): void {
    const k = this.row();
    for (let c = 0; c < this.width; c++) this.params[k + c] = values[c];
    this.commitRow();
  }

  /**
   * Writes the buffered rows: the full batches, and with `all` the rows of the unfinished one too.
   * Call inside a transaction.
   */
  write(all: boolean): void {
    // Spread, not an array: better-sqlite3 reads an array's elements one property lookup at a
    // time, which costs a third of the whole insert.
    for (const batch of this.full) {
      this.many.run(...batch);
      this.spare.push(batch);
    }
    this.full.length = 0;
    if (!all) return;
    for (let r = 0; r < this.filled; r++) this.one.run(...this.params.slice(r * this.width, (r + 1) * this.width));
    this.filled = 0;
  }
}
