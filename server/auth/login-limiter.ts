// Slows password guessing: after `perName` failed sign-ins for one name from one address, `perAddress`
// from one address for any names, or `perNameAnywhere` for one name from all addresses together (a
// guesser with many addresses), within `windowMs`, further attempts are refused until the window has
// passed. A success clears the name's count from that address. Memory is bounded: the oldest keys go first.
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

  /** Seconds to wait before trying again, or 0 when an attempt may go ahead. */
  retryAfter(address: string, name: string): number {
    const now = this.now();
    let wait = 0;
    const limits = [[`a\0${address}`, this.perAddress], [`n\0${address}\0${name.toLowerCase()}`, this.perName], [`u\0${name.toLowerCase()}`, this.perNameAnywhere]] as const;
    for (const [key, limit] of limits) {
      const w = this.windows.get(key);
      if (w && w.resetAt > now && w.failures >= limit) wait = Math.max(wait, Math.ceil((w.resetAt - now) / 1000));
    }
    return wait;
  }

  failed(address: string, name: string): void {
    this.bump(`a\0${address}`);
    this.bump(`n\0${address}\0${name.toLowerCase()}`);
    this.bump(`u\0${name.toLowerCase()}`);
  }

  succeeded(address: string, name: string): void {
    this.windows.delete(`n\0${address}\0${name.toLowerCase()}`);
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
