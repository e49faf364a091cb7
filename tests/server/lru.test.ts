// byteWeight: the bytes a cached value holds, typed arrays by their bytes (a fitted forecast model is
// mostly typed arrays), for the caches bounded by bytes (audit issue 12 item 5).
import { describe, expect, it } from 'vitest';
import { byteWeight, jsonWeight, Lru } from '../../server/lru.js';

describe('byteWeight', () => {
  it('counts typed arrays by their bytes, strings at 2 a character, each field and object', () => {
    expect(byteWeight(new Float64Array(1000))).toBe(8000);
    expect(byteWeight('abcd')).toBe(8);
    expect(byteWeight(3)).toBe(8);
    expect(byteWeight({ ab: new Int32Array(10), c: [1, 2] })).toBe(16 + 4 + 40 + 2 + (16 + 16));
    // a typed array weighs its bytes, where its JSON spells out every element
    expect(byteWeight({ x: new Int32Array(100_000) })).toBeLessThan(jsonWeight({ x: new Int32Array(100_000) }) / 2);
  });

  it('bounds an Lru by bytes', () => {
    const lru = new Lru<string, Float64Array>(100, { maxWeight: 20_000, weigh: byteWeight });
    for (let i = 0; i < 5; i++) lru.set(`k${i}`, new Float64Array(1000));
    expect(lru.keys()).toEqual(['k3', 'k4']);
    expect(lru.weight).toBe(16_000);
  });
});
