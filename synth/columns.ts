// Columns of numbers that grow as the fit's walk appends to them, in typed arrays doubled when full.
// A plain array grown by push cost the fit 90 ns or more per value on the bench machine (the walk appends
// some 6 million values for 60,000 children); a typed array is written in place and holds no pointers for
// the garbage collector to trace.

type TypedArray = Float64Array | Int32Array | Uint8Array;

class Column<A extends TypedArray> {
  length = 0;
  constructor(public values: A, private readonly make: (n: number) => A) {}

  push(x: number): void {
    if (this.length === this.values.length) {
      const grown = this.make(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = x;
  }
}

/** Numbers of any kind (a double each). */
export class FloatColumn extends Column<Float64Array> {
  constructor(capacity = 16) {
    super(new Float64Array(capacity), (n) => new Float64Array(n));
  }
}

/** Whole numbers from −2^31 to 2^31 − 1. */
export class IntColumn extends Column<Int32Array> {
  constructor(capacity = 16) {
    super(new Int32Array(capacity), (n) => new Int32Array(n));
  }
}

/** Whole numbers from 0 to 255 (flags). */
export class ByteColumn extends Column<Uint8Array> {
  constructor(capacity = 16) {
    super(new Uint8Array(capacity), (n) => new Uint8Array(n));
  }
}
