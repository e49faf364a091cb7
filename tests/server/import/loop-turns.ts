// Counts the event-loop turns (setImmediate callbacks) that run while an import step goes on: a
// step that lets the loop in between slices sees them rise; one that holds the loop does not.

/** Starts counting turns; `turns` is the count so far, `stop()` ends it. */
export function countTurns(): { readonly turns: number; stop(): void } {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turns() {
      return turns;
    },
    stop() {
      running = false;
    },
  };
}

/** Runs `step`, counting the event-loop turns that ran before it ended. */
export async function turnsDuring(step: () => Promise<unknown> | unknown): Promise<number> {
  const counter = countTurns();
  await step();
  counter.stop();
  return counter.turns;
}
