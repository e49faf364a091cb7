// linkEpisodesInSteps: the importer links a million events to their episodes a step at a time, letting
// other requests run between steps; the table it ends with must be linkEpisodes's, whatever the step.
import { describe, expect, it } from 'vitest';
import { emptySortedColumns, linkEpisodes, linkEpisodesInSteps, type SortedEventColumns } from '../../core/event-table.js';
import { EV } from '../../core/events.js';

/** `children` children of `perChild` events each: contacts, referrals (some with episode ids) and steps. */
function columns(children: number, perChild: number): SortedEventColumns {
  const n = children * perChild;
  const cycle = [EV.contact, EV.referral, EV.assessment_start, EV.assessment_end, EV.referral, EV.s47_start];
  const c = emptySortedColumns(Array.from({ length: children }, (_, i) => `C${i}`), n);
  for (let i = 0; i < n; i++) {
    const k = i % perChild;
    c.child[i] = Math.floor(i / perChild);
    c.type[i] = cycle[k % cycle.length]!;
    c.day[i] = 19000 + k * 3;
    if (k % 12 === 4) (c.episodeId as (string | null)[])[i] = `E${c.child[i]! % 7}`;
  }
  return c;
}

function drain(steps: Generator<void, ReturnType<typeof linkEpisodes>, void>): { table: ReturnType<typeof linkEpisodes>; pauses: number } {
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { table: step.value, pauses };
    pauses++;
  }
}

describe('linking episodes a step at a time', () => {
  it('pauses about once per step of events and ends with the table linkEpisodes makes', () => {
    const c = columns(3000, 10);
    const whole = linkEpisodes(c);
    const { table, pauses } = drain(linkEpisodesInSteps(c, 1000));
    expect(pauses).toBeGreaterThanOrEqual(29);
    expect(pauses).toBeLessThanOrEqual(30);
    expect(Array.from(table.episode)).toEqual(Array.from(whole.episode));
    expect(table.episodeCount).toBe(whole.episodeCount);
    expect(Array.from(table.childStart)).toEqual(Array.from(whole.childStart));
  });

  it('never pauses inside a child: one child larger than a step is linked in one step', () => {
    const c = columns(2, 5000);
    const { table, pauses } = drain(linkEpisodesInSteps(c, 1000));
    expect(pauses).toBe(1);
    expect(Array.from(table.episode)).toEqual(Array.from(linkEpisodes(c).episode));
  });

  it("keeps children's named episodes apart: the same id on two children is two episodes", () => {
    const c = emptySortedColumns(['A', 'B'], 4);
    c.child.set([0, 0, 1, 1]);
    c.type.set([EV.referral, EV.assessment_start, EV.referral, EV.assessment_start]);
    c.day.set([19000, 19001, 19000, 19001]);
    (c.episodeId as (string | null)[]).splice(0, 4, 'E1', 'E1', 'E1', 'E1');
    const table = linkEpisodes(c);
    expect(Array.from(table.episode)).toEqual([0, 0, 1, 1]);
    expect(table.episodeCount).toBe(2);
  });
});
