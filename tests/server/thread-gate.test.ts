// The service's bound on forecast threads (server/thread-gate.ts): never more than its capacity at once,
// whoever asks and however many; requesters served in turn, one never holding every place while another
// waits; a full queue refused with a 429; a task that fails frees its place (audit a12h F3).
import { describe, expect, it } from 'vitest';
import { ThreadGate } from '../../server/thread-gate.js';

/** A task that runs until released, recording how many run at once. */
function harness() {
  let now = 0;
  let peak = 0;
  const started: string[] = [];
  const releases: (() => void)[] = [];
  const task = (label: string, fail = false) => () =>
    new Promise<string>((resolve, reject) => {
      now++;
      peak = Math.max(peak, now);
      started.push(label);
      releases.push(() => {
        now--;
        if (fail) reject(new Error(`${label} failed`));
        else resolve(label);
      });
    });
  const releaseFirst = async () => {
    releases.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { task, started, releaseFirst, peak: () => peak, pending: () => releases.length };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ThreadGate', () => {
  it('runs at most its capacity at once across requesters, and runs every task in the end', async () => {
    const gate = new ThreadGate(3);
    const h = harness();
    const results: Promise<string>[] = [];
    for (let k = 0; k < 20; k++) results.push(gate.run(`user ${k % 4}`, h.task(`t${k}`)));
    await tick();
    expect(gate.running).toBe(3);
    expect(gate.waiting()).toBe(17);
    while (h.pending() > 0) await h.releaseFirst();
    expect(await Promise.all(results)).toEqual(Array.from({ length: 20 }, (_, k) => `t${k}`));
    expect(h.peak()).toBe(3);
    expect(gate.running).toBe(0);
  });

  it('lets no requester hold every place: another\'s task starts at once behind a burst', async () => {
    const gate = new ThreadGate(2);
    const h = harness();
    const burst = Array.from({ length: 6 }, (_, k) => gate.run('user a', h.task(`a${k}`)));
    await tick();
    expect(h.started).toEqual(['a0']); // capacity 2, one per requester: a place stays free
    const other = gate.run('user b', h.task('b0'));
    await tick();
    expect(h.started).toEqual(['a0', 'b0']);
    await h.releaseFirst(); // a0 ends: a1 starts
    expect(h.started).toEqual(['a0', 'b0', 'a1']);
    while (h.pending() > 0) await h.releaseFirst();
    await Promise.all([...burst, other]);
  });

  it('takes waiting requesters in turn, not in arrival order', async () => {
    const gate = new ThreadGate(1, { perRequester: 1 });
    const h = harness();
    const all = [gate.run('a', h.task('a0')), gate.run('a', h.task('a1')), gate.run('a', h.task('a2')), gate.run('b', h.task('b0')), gate.run('c', h.task('c0'))];
    await tick();
    while (h.pending() > 0) await h.releaseFirst();
    await Promise.all(all);
    expect(h.started).toEqual(['a0', 'a1', 'b0', 'c0', 'a2']);
  });

  it('refuses a requester past its waiting limit with a 429, others still queue', async () => {
    const gate = new ThreadGate(2, { maxQueued: 2 });
    const h = harness();
    const kept = [gate.run('a', h.task('a0')), gate.run('a', h.task('a1')), gate.run('a', h.task('a2'))];
    await expect(gate.run('a', h.task('a3'))).rejects.toMatchObject({ statusCode: 429 });
    const b = gate.run('b', h.task('b0'));
    await tick();
    expect(h.started).toEqual(['a0', 'b0']);
    while (h.pending() > 0) await h.releaseFirst();
    expect(await Promise.all([...kept, b])).toEqual(['a0', 'a1', 'a2', 'b0']);
  });

  it('frees the place of a task that fails or throws', async () => {
    const gate = new ThreadGate(1, { perRequester: 1 });
    const h = harness();
    const failing = gate.run('a', h.task('a0', true)).catch((error: Error) => error.message);
    const throwing = gate.run('a', () => { throw new Error('at once'); }).catch((error: Error) => error.message);
    const next = gate.run('a', h.task('a1'));
    await tick();
    await h.releaseFirst();
    expect(await failing).toBe('a0 failed');
    expect(await throwing).toBe('at once');
    await tick();
    await h.releaseFirst();
    expect(await next).toBe('a1');
    expect(gate.running).toBe(0);
  });
});
