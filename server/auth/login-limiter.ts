// Slows password guessing: after `perName` failed sign-ins for one name from one address, `perAddress`
// from one address for any names, or `perNameAnywhere` for one name from all addresses together (a
// guesser with many addresses), within `windowMs`, further attempts are refused until the window has
// passed. A success clears the name's count from that address. Memory is bounded: the oldest keys go first.
//
// The per-name lock would let anyone lock a user out by guessing wrong ten times, so a browser the user
// has signed in from before (a trusted device, OWASP's "device cookie") is held only to its own count
// (`perName` failures) and passes the name's and the address's locks: the guesser, who has no such
// browser, stays locked out while the user signs in.
export interface LoginLimiterOptions {
  /** @default 5 */
  perName?: number;
  /** @default 20 */
  perAddress?: number;
  /** @default 10 */
  perNameAnywhere?: number;
  /** @default 15 minutes */
  windowMs?: number;
  /** @default 10_000 */
  maxKeys?: number;
}

interface Window {
  failures: number;
  resetAt: number;
}

export class LoginLimiter {
  private readonly windows = new Map<string, Window>();
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
    this.maxKeys = options.maxKeys ?? 10_000;
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
    return wait;
  }

  /**
   * Counts an attempt as failed before its password is checked, so that guesses sent at the same time
   * each count (checking first and counting after let 100 concurrent guesses through a limit of 5).
   * `succeeded` takes it back when the password was right.
   */
  failed(address: string, name: string, device?: string): void {
    for (const key of this.keys(address, name, device)) this.bump(key);
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
   * Whether a refusal for this name from this address should go into the audit trail: the first in each
   * minute, so a guesser hammering the limit cannot grow the trail without bound. `count` is how many
   * refusals the record stands for (those not recorded since the last one, and this one).
   */
  recordRefusal(address: string, name: string): { record: boolean; count: number } {
    const key = `r\0${address}\0${name.toLowerCase()}`;
    const now = this.now();
    const w = this.windows.get(key);
    if (w && w.resetAt > now) {
      w.failures++;
      return { record: false, count: w.failures };
    }
    const unrecorded = w ? w.failures : 0;
    this.windows.delete(key);
    this.windows.set(key, { failures: 0, resetAt: now + 60_000 });
    this.evict();
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

  private evict(): void {
    if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
  }

  private limits(address: string, name: string, device: string | undefined): (readonly [string, number])[] {
    const k = this.keyed(address, name, device);
    if (k.device !== undefined) return [[k.device, this.perName]];
    return [[k.address, this.perAddress], [k.nameHere, this.perName], [k.name, this.perNameAnywhere]];
  }

  private bump(key: string): void {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { failures: 0, resetAt: now + this.windowMs };
      this.windows.delete(key);
      this.windows.set(key, w);
      this.evict();
    }
    w.failures++;
  }
}
