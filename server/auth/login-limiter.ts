// Slows password guessing: after `perName` failed sign-ins for one name from one address, `perAddress`
// from one address for any names, or `perNameAnywhere` for one name from all addresses together (a
// guesser with many addresses), within `windowMs`, further attempts are refused until the window has
// passed. A success clears the name's count from that address.
//
// Memory is bounded without ever forgetting a count that still holds: every count lives `windowMs`
// from its first failure, and counts are kept in the order they began, so the expired ones are at the
// front and go first. When the table is full of counts still in their window, an attempt that would
// need a new count is refused until the oldest expires (a flood can delay sign-ins from new addresses
// for up to `windowMs`; it can never hand a guesser fresh guesses). A refused attempt adds nothing,
// and one address can add at most about 2 × `perAddress` + 1 counts a window, so filling the table
// takes thousands of addresses.
//
// The per-name lock would let anyone lock a user out by guessing wrong ten times, so a browser the user
// has signed in from before (a trusted device, OWASP's "device cookie") is held only to its own count
// (`perName` failures) and passes the name's and the address's locks: the guesser, who has no such
// browser, stays locked out while the user signs in. Its attempts go ahead even when the table is full
// (they then count only where a count exists already).
export interface LoginLimiterOptions {
  /** @default 5 */
  perName?: number;
  /** @default 20 */
  perAddress?: number;
  /** @default 10 */
  perNameAnywhere?: number;
  /** @default 15 minutes */
  windowMs?: number;
  /** counts held at most (about 100 bytes each); @default 100_000 */
  maxKeys?: number;
  /** addresses whose refused attempts are being tallied for the audit at most; @default 10_000 */
  maxRefusalKeys?: number;
}

interface Window {
  failures: number;
  resetAt: number;
}

/** recordRefusal's tally for the addresses beyond maxRefusalKeys, all together. */
const OTHER_ADDRESSES = '*';
const REFUSAL_RECORD_MS = 60_000;

export class LoginLimiter {
  /** counts in the order their windows began, so in the order they expire */
  private readonly windows = new Map<string, Window>();
  /** refused attempts since the last audit record, per address, in the same order */
  private readonly refusals = new Map<string, Window>();
  private readonly maxRefusalKeys: number;
  private readonly perName: number;
  private readonly perAddress: number;
  private readonly perNameAnywhere: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(options: LoginLimiterOptions = {}, private readonly now: () => number = Date.now) {
    this.perName = options.perName ?? 5;
    this.perAddress = options.perAddress ?? 20;
    this.perNameAnywhere = options.perNameAnywhere ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.maxRefusalKeys = options.maxRefusalKeys ?? 10_000;
  }

  /**
   * Seconds to wait before trying again, or 0 when an attempt may go ahead. `device`: a key for the
   * trusted browser the attempt comes from (one the user signed in from before), if any.
   */
  retryAfter(address: string, name: string, device?: string): number {
    const now = this.now();
    let wait = 0;
    for (const [key, limit] of this.limits(address, name, device)) {
      const w = this.windows.get(key);
      if (w && w.resetAt > now && w.failures >= limit) wait = Math.max(wait, Math.ceil((w.resetAt - now) / 1000));
    }
    if (wait > 0 || device !== undefined) return wait;
    // Full of counts that still hold: an attempt needing a new one waits for the oldest to expire.
    const needed = this.keys(address, name, undefined).filter((key) => !this.live(key, now)).length;
    if (needed > 0 && !this.room(needed, now)) wait = Math.ceil(((this.windows.values().next().value as Window).resetAt - now) / 1000);
    return wait;
  }

  /**
   * Counts an attempt as failed before its password is checked, so that guesses sent at the same time
   * each count (checking first and counting after let 100 concurrent guesses through a limit of 5).
   * `succeeded` takes it back when the password was right.
   */
  failed(address: string, name: string, device?: string): void {
    const k = this.keyed(address, name, device);
    for (const key of this.keys(address, name, device)) this.bump(key, key === k.device);
  }

  succeeded(address: string, name: string, device?: string): void {
    const k = this.keyed(address, name, device);
    this.takeBack(k.address);
    this.takeBack(k.name);
    this.windows.delete(k.nameHere);
    if (k.device !== undefined) this.windows.delete(k.device);
  }

  /** Takes back an attempt that was never judged (the server was too busy to check the password). */
  forget(address: string, name: string, device?: string): void {
    for (const key of this.keys(address, name, device)) this.takeBack(key);
  }

  /**
   * Whether a refusal from this address should go into the audit trail: the first in each minute,
   * whatever the names tried, so a guesser hammering the limit cannot grow the trail without bound.
   * `count` is how many refusals the record stands for (those not recorded since the last one, and
   * this one). Beyond maxRefusalKeys addresses in a minute, the rest share one tally.
   */
  recordRefusal(address: string): { record: boolean; count: number } {
    const now = this.now();
    // Expired tallies go only when room is needed: until then each keeps the refusals its next record counts.
    if (!this.refusals.has(address) && this.refusals.size >= this.maxRefusalKeys) this.sweep(this.refusals, now);
    const key = this.refusals.has(address) || this.refusals.size < this.maxRefusalKeys ? address : OTHER_ADDRESSES;
    const w = this.refusals.get(key);
    if (w && w.resetAt > now) {
      w.failures++;
      return { record: false, count: w.failures };
    }
    const unrecorded = w ? w.failures : 0;
    this.refusals.delete(key);
    this.refusals.set(key, { failures: 0, resetAt: now + REFUSAL_RECORD_MS });
    return { record: true, count: unrecorded + 1 };
  }

  /** The counts one attempt touches: from this address, for this name from this address, for this name anywhere, for this browser. */
  private keyed(address: string, name: string, device: string | undefined): { address: string; nameHere: string; name: string; device?: string } {
    const lower = name.toLowerCase();
    return { address: `a\0${address}`, nameHere: `n\0${address}\0${lower}`, name: `u\0${lower}`, ...(device !== undefined ? { device: `d\0${device}` } : {}) };
  }

  private keys(address: string, name: string, device: string | undefined): string[] {
    const k = this.keyed(address, name, device);
    return k.device === undefined ? [k.address, k.nameHere, k.name] : [k.address, k.nameHere, k.name, k.device];
  }

  private takeBack(key: string): void {
    const w = this.windows.get(key);
    if (w && w.failures > 0) w.failures--;
  }

  private live(key: string, now: number): boolean {
    const w = this.windows.get(key);
    return w !== undefined && w.resetAt > now;
  }

  /** Drops the expired counts at the front (all of them: the map is in order of expiry). */
  private sweep(map: Map<string, Window>, now: number): void {
    for (const [key, w] of map) {
      if (w.resetAt > now) break;
      map.delete(key);
    }
  }

  /** Whether `needed` new counts fit, once the expired ones are gone. */
  private room(needed: number, now: number): boolean {
    if (this.windows.size + needed <= this.maxKeys) return true;
    this.sweep(this.windows, now);
    return this.windows.size + needed <= this.maxKeys;
  }

  private limits(address: string, name: string, device: string | undefined): (readonly [string, number])[] {
    const k = this.keyed(address, name, device);
    if (k.device !== undefined) return [[k.device, this.perName]];
    return [[k.address, this.perAddress], [k.nameHere, this.perName], [k.name, this.perNameAnywhere]];
  }

  /**
   * One more failure on `key`; a new count only when there is room (never by evicting one that still
   * holds), or `always` (a trusted browser's own count: there are only as many as the users' devices).
   */
  private bump(key: string, always: boolean): void {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (w) this.windows.delete(key);
      if (!always && !this.room(1, now)) return;
      w = { failures: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.failures++;
  }
}
