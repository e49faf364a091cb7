/**
 * Least-recently-used map, bounded by entry count and, when given `weigh`, by total weight (bytes):
 * a Map keeps insertion order, so re-inserting on read marks recent use. An entry heavier than the
 * whole budget is not kept at all.
 */
export interface LruOptions<V> {
  /** bytes (or any weight) allowed in all; needs `weigh` */
  maxWeight?: number;
  weigh?: (value: V) => number;
}

export class Lru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly options: LruOptions<V> = {},
  ) {
    if (!(capacity >= 1)) throw new RangeError(`Lru capacity must be at least 1, got ${capacity}`);
    if (options.maxWeight !== undefined && options.weigh === undefined) throw new TypeError('Lru maxWeight needs a weigh function');
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry?.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.options.weigh?.(value) ?? 0;
    const max = this.options.maxWeight ?? Infinity;
    if (weight > max) return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    while (this.entries.size > this.capacity || this.total > max) this.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.total -= entry.weight;
    return true;
  }

  /** Removes the entries `drop` picks; returns how many went. */
  deleteWhere(drop: (key: K, value: V) => boolean): number {
    let n = 0;
    for (const [key, entry] of [...this.entries]) if (drop(key, entry.value) && this.delete(key)) n++;
    return n;
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }

  entriesList(): [K, V][] {
    return [...this.entries].map(([k, e]) => [k, e.value]);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** the total weight held */
  get weight(): number {
    return this.total;
  }
}

/** Rough bytes of a JSON-like value as held in memory (strings at 2 bytes a character). */
export function jsonWeight(value: unknown): number {
  return 2 * (JSON.stringify(value)?.length ?? 0);
}

/**
 * Rough bytes of a value as held in memory, walking it: a typed array its buffer's bytes, a string 2 a
 * character, a number or boolean 8, each object or array 16 more. For values holding typed arrays (a
 * fitted model), where jsonWeight would spell every element out as text.
 */
export function byteWeight(value: unknown): number {
  if (typeof value === 'string') return 2 * value.length;
  if (value === null || typeof value !== 'object') return 8;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  let bytes = 16;
  for (const [key, item] of Object.entries(value)) bytes += (Array.isArray(value) ? 0 : 2 * key.length) + byteWeight(item);
  return bytes;
}
