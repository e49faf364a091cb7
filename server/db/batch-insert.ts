// Multi-row INSERT: one call into SQLite per BATCH_ROWS rows instead of one per row, which is most
// of the cost of a bulk insert from JavaScript.
import type { Database, Statement } from 'better-sqlite3';

const BATCH_ROWS = 128;

function insertSql(table: string, columns: readonly string[], rows: number): string {
  const one = `(${columns.map(() => '?').join(',')})`;
  return `INSERT INTO ${table} (${columns.join(',')}) VALUES ${new Array(rows).fill(one).join(',')}`;
}

export class BatchInsert {
  private readonly many: Statement;
  private readonly one: Statement;
  private readonly width: number;
  /** parameters of the rows buffered so far, row after row; filled by the caller through `row()` */
  readonly params: unknown[];
  private filled = 0;

  constructor(db: Database, table: string, columns: readonly string[]) {
    this.width = columns.length;
    this.params = new Array(this.width * BATCH_ROWS);
    this.many = db.prepare(insertSql(table, columns, BATCH_ROWS));
    this.one = db.prepare(insertSql(table, columns, 1));
  }

  /** Index in `params` where the next row's values go; call `commitRow()` after writing them. */
  row(): number {
    return this.filled * this.width;
  }

  commitRow(): void {
    if (++this.filled === BATCH_ROWS) {
      this.many.run(this.params);
      this.filled = 0;
    }
  }

  /** Inserts one row given as values. */
  add(...values: unknown[]): void {
    const k = this.row();
    for (let c = 0; c < this.width; c++) this.params[k + c] = values[c];
    this.commitRow();
  }

  /** Writes the rows still buffered. */
  flush(): void {
    for (let r = 0; r < this.filled; r++) this.one.run(this.params.slice(r * this.width, (r + 1) * this.width));
    this.filled = 0;
  }
}
