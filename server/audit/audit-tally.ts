// Failed and refused requests that anyone can send in bulk (wrong passwords, rate-limited or
// too-busy sign-ins, wrong API tokens, forged session cookies, a role's refused actions) go into the
// audit trail counted, not one row each: the first of a kind (same address, person, action, outcome and
// detail) in each period is recorded at once with `attempts: 1`; the rest of that period are added up
// and recorded as one row with their number (`attempts: n`, `since`: when the first of them came) when
// the period ends, or when the service stops. So a flood leaves at most two rows per kind per period,
// and the attempts of all the rows add up to every attempt made. The running count is on disk from the
// first attempt it counts (AuditLog.running; the trail itself is append-only) and is settled into the
// trail at the next start after a crash: kept in memory, a kill -9 lost 5 of 7 failed sign-ins (audit a12e M2).
//
// At most `maxKinds` kinds are tallied per period; beyond that, attempts are tallied per action and
// outcome only, with `address: null` and `otherAddresses: true`, still counted.
import type { AuditEntry, AuditLog } from './audit-log.js';

export interface AuditTallyOptions {
  /** @default 60_000 */
  periodMs?: number;
  /** @default 10_000 */
  maxKinds?: number;
  now?: () => number;
}

interface Pending {
  entry: AuditEntry;
  count: number;
  since: number;
}

export class AuditTally {
  private readonly pending = new Map<string, Pending>();
  private readonly periodMs: number;
  private readonly maxKinds: number;
  private readonly now: () => number;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly log: AuditLog, options: AuditTallyOptions = {}) {
    this.periodMs = options.periodMs ?? 60_000;
    this.maxKinds = options.maxKinds ?? 10_000;
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => this.flush(), this.periodMs);
    this.timer.unref();
    this.log.settle(); // counts a crash left running
  }

  /** One more attempt of this kind. */
  note(entry: AuditEntry): void {
    let key = JSON.stringify([entry.address ?? null, entry.actor, entry.role, entry.action, entry.outcome, entry.dataset ?? null, entry.detail ?? null]);
    if (!this.pending.has(key) && this.pending.size >= this.maxKinds) {
      key = JSON.stringify(['*', entry.action, entry.outcome]);
      entry = { actor: null, role: null, action: entry.action, outcome: entry.outcome, address: null, detail: { otherAddresses: true } };
    }
    const p = this.pending.get(key);
    if (p !== undefined) {
      if (p.count === 0) p.since = this.now();
      p.count++;
      this.log.running(key, p.entry, p.count, new Date(p.since).toISOString());
      return;
    }
    this.log.record({ ...entry, detail: { ...entry.detail, attempts: 1 } });
    this.pending.set(key, { entry, count: 0, since: this.now() });
  }

  /** Records what was added up since the last period, and starts a new one. */
  flush(): void {
    this.pending.clear();
    this.log.settle();
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
