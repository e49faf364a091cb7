// A strategy discussion days before its S47, an assessment starting in between (audit a10b F1): the
// copy must keep every S47 after a discussion of its episode, as the log does. Before the journey state
// remembered a discussion awaiting its S47 (synth/states.ts letter g), 30% of the copy's S47s had none.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { EV } from '../../core/events.js';
import type { EventTable } from '../../core/event-table.js';
import { checkJourneys } from '../../core/grammar.js';
import { discussionsLog } from './generators/discussions.js';
import type { TestLog } from './generators/log.js';
import { checkUnseen, doneWhen, type UnseenCheck } from './unseen.js';

/** Per episode: S47s with no strategy discussion on or before them, and discussions with no S47 after. */
function pairing(table: EventTable): { s47s: number; s47WithoutDiscussion: number; discussions: number; discussionWithoutS47: number } {
  const first = new Map<number, { discussion: number; s47: number }>();
  for (let i = 0; i < table.length; i++) {
    const e = table.episode[i]!;
    if (e < 0) continue;
    const type = table.type[i]!;
    if (type !== EV.strategy_discussion && type !== EV.s47_start) continue;
    const f = first.get(e) ?? { discussion: Infinity, s47: Infinity };
    if (type === EV.strategy_discussion) f.discussion = Math.min(f.discussion, table.day[i]!);
    else f.s47 = Math.min(f.s47, table.day[i]!);
    first.set(e, f);
  }
  const out = { s47s: 0, s47WithoutDiscussion: 0, discussions: 0, discussionWithoutS47: 0 };
  for (const f of first.values()) {
    if (f.s47 < Infinity) {
      out.s47s++;
      if (!(f.discussion <= f.s47)) out.s47WithoutDiscussion++;
    }
    if (f.discussion < Infinity) {
      out.discussions++;
      if (f.s47 === Infinity) out.discussionWithoutS47++;
    }
  }
  return out;
}

describe('fit, generate and report on the "discussions" log (strategy discussions days before the S47)', () => {
  let real: TestLog;
  let check: UnseenCheck;
  beforeAll(() => {
    real = discussionsLog({ children: 20_000, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 4 });
    check = checkUnseen(real, 3);
  }, 180_000);

  it('the log obeys the grammar, and every S47 follows a discussion of its episode', () => {
    expect(checkJourneys(real.table, real.children.dob).breaks).toEqual([]);
    const log = pairing(real.table);
    expect(log.s47s).toBeGreaterThan(1000);
    expect(log.s47WithoutDiscussion).toBe(0);
  });

  it('the copy keeps the pairing: under 1% of its S47s without a discussion before them, and as few discussions without an S47 as the log (within 1 point)', () => {
    const log = pairing(real.table);
    const copy = pairing(check.synthetic.table);
    expect(copy.s47s).toBeGreaterThan(1000);
    expect(copy.s47WithoutDiscussion / copy.s47s).toBeLessThan(0.01);
    expect(Math.abs(copy.discussionWithoutS47 / copy.discussions - log.discussionWithoutS47 / log.discussions)).toBeLessThan(0.01);
  });

  it('meets every criterion of issue 10', () => {
    expect(Object.entries(doneWhen(check)).filter(([, pass]) => !pass).map(([criterion]) => criterion)).toEqual([]);
  });
});
