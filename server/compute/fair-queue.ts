// Which waiting request a free compute worker takes next (audit a12g F1: with one worker and one queue in
// arrival order, six cold views from one viewer made another user's 5-event metrics wait 17.4 s). Each
// requester (a signed-in user, else a client address) has a queue of its own; the queues are served in turn,
// one job each; a requester may hold at most `perRequester` workers at once, so with two workers one
// requester's burst never takes both and anyone else's request starts at once; and a requester may keep at
// most `maxQueued` jobs waiting (the next is refused: 429). Pure: no workers, no timers.

export interface FairQueueLimits {
  /** jobs one requester may have running at once */
  perRequester: number;
  /** jobs one requester may have waiting */
  maxQueued: number;
}

interface Lane<J> {
  waiting: J[];
  running: number;
}

export class FairQueue<J> {
  private readonly lanes = new Map<string, Lane<J>>();
  /** requesters with jobs waiting, in the order they are served; the first is served next */
  private readonly turn: string[] = [];

  constructor(private readonly limits: FairQueueLimits) {}

  /** Queues `job` for `requester`; false (nothing queued) when its queue is full. */
  push(requester: string, job: J): boolean {
    let lane = this.lanes.get(requester);
    if (lane === undefined) this.lanes.set(requester, (lane = { waiting: [], running: 0 }));
    if (lane.waiting.length >= this.limits.maxQueued) return false;
    if (lane.waiting.length === 0) this.turn.push(requester);
    lane.waiting.push(job);
    return true;
  }

  /**
   * The next job to start, taken off its queue and counted as running until `done(requester)`: the first
   * requester in turn below its running limit, which then goes to the back of the turn. Null: none may start.
   */
  next(): { requester: string; job: J } | null {
    for (let i = 0; i < this.turn.length; i++) {
      const requester = this.turn[i]!;
      const lane = this.lanes.get(requester)!;
      if (lane.running >= this.limits.perRequester) continue;
      const job = lane.waiting.shift()!;
      lane.running++;
      this.turn.splice(i, 1);
      if (lane.waiting.length > 0) this.turn.push(requester);
      return { requester, job };
    }
    return null;
  }

  /** A job `next` gave `requester` has finished (or failed). */
  done(requester: string): void {
    const lane = this.lanes.get(requester);
    if (lane === undefined || lane.running === 0) throw new Error(`no job of ${requester} is running`);
    lane.running--;
    if (lane.running === 0 && lane.waiting.length === 0) this.lanes.delete(requester);
  }

  /** Every waiting job, removed (a pool that closes fails them). */
  drain(): J[] {
    const all = [...this.lanes.values()].flatMap((lane) => lane.waiting.splice(0));
    this.turn.length = 0;
    for (const [requester, lane] of this.lanes) if (lane.running === 0) this.lanes.delete(requester);
    return all;
  }

  /** jobs waiting for `requester`, or for everyone */
  waiting(requester?: string): number {
    if (requester !== undefined) return this.lanes.get(requester)?.waiting.length ?? 0;
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.waiting.length;
    return n;
  }
}
