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

  failed(address: string, name: string, device?: string): void {
    this.bump(`a\0${address}`);
    this.bump(`n\0${address}\0${name.toLowerCase()}`);
    this.bump(`u\0${name.toLowerCase()}`);
    if (device !== undefined) this.bump(`d\0${device}`);
  }

  succeeded(address: string, name: string, device?: string): void {
    this.windows.delete(`n\0${address}\0${name.toLowerCase()}`);
    if (device !== undefined) this.windows.delete(`d\0${device}`);
  }

  private limits(address: string, name: string, device: string | undefined): (readonly [string, number])[] {
    if (device !== undefined) return [[`d\0${device}`, this.perName]];
    return [[`a\0${address}`, this.perAddress], [`n\0${address}\0${name.toLowerCase()}`, this.perName], [`u\0${name.toLowerCase()}`, this.perNameAnywhere]];
  }

  private bump(key: string): void {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { failures: 0, resetAt: now + this.windowMs };
      this.windows.delete(key);
      this.windows.set(key, w);
      if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
    }
    w.failures++;
  }
}
