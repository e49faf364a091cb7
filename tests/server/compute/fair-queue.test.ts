// Which waiting request a free compute worker takes next (server/compute/fair-queue.ts): requesters in
// turn, none holding more than its share of workers, none queueing without bound.
import { describe, expect, it } from 'vitest';
import { FairQueue } from '../../../server/compute/fair-queue.js';

function take<J>(queue: FairQueue<J>, n: number): Array<string | null> {
  const out: Array<string | null> = [];
  for (let i = 0; i < n; i++) {
    const next = queue.next();
    out.push(next === null ? null : `${next.requester}:${String(next.job)}`);
  }
  return out;
}

describe('a fair queue of compute requests', () => {
  it('starts another requester\'s job at once while one requester\'s burst holds its one worker (audit a12g F1)', () => {
    const queue = new FairQueue<number>({ perRequester: 1, maxQueued: 64 });
    for (let i = 1; i <= 6; i++) queue.push('viewer', i);
    expect(take(queue, 1)).toEqual(['viewer:1']);
    // the viewer's other five wait for its first: the second worker stays free
    expect(take(queue, 1)).toEqual([null]);
    queue.push('admin', 1);
    expect(take(queue, 2)).toEqual(['admin:1', null]);
    queue.done('viewer');
    expect(take(queue, 2)).toEqual(['viewer:2', null]);
    expect(queue.waiting('viewer')).toBe(4);
    expect(queue.waiting()).toBe(4);
  });

  it('serves requesters in turn, one job each, in the order they first waited', () => {
    const queue = new FairQueue<number>({ perRequester: 10, maxQueued: 64 });
    for (let i = 1; i <= 3; i++) queue.push('a', i);
    queue.push('b', 1);
    queue.push('c', 1);
    queue.push('c', 2);
    expect(take(queue, 7)).toEqual(['a:1', 'b:1', 'c:1', 'a:2', 'c:2', 'a:3', null]);
  });

  it('refuses a requester\'s job past its queue\'s limit, and no one else\'s', () => {
    const queue = new FairQueue<number>({ perRequester: 1, maxQueued: 3 });
    expect([1, 2, 3, 4].map((i) => queue.push('burst', i))).toEqual([true, true, true, false]);
    expect(queue.push('other', 1)).toBe(true);
    take(queue, 1); // one of the burst's starts: its queue has room again
    expect(queue.push('burst', 5)).toBe(true);
  });

  it('counts a finished job once, and drains what waits', () => {
    const queue = new FairQueue<number>({ perRequester: 1, maxQueued: 8 });
    queue.push('a', 1);
    queue.push('a', 2);
    take(queue, 1);
    queue.done('a');
    expect(() => queue.done('a')).toThrow(/no job of a is running/);
    expect(queue.drain()).toEqual([2]);
    expect(queue.waiting()).toBe(0);
    expect(take(queue, 1)).toEqual([null]);
  });
});
