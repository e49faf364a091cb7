// Slows password guessing: after `perName` failed sign-ins for one name from one address, `perAddress`
// from one address for any names, or `perNameAnywhere` for one name from all addresses together (a
// guesser with many addresses), within `windowMs`, further attempts are refused until the window has
// passed. A success clears the name's count from that address.
//
// Only attempts whose password is checked leave state: an attempt refused (rate-limited, or the server
// too busy to check it) adds nothing. State is kept in separate, bounded tables, so that no flood can
// turn into "refuse everyone":
// - per address (an IPv6 address counts by its /64): its failures, its failures per name (at most
//   `perAddress` names, as the address is refused after that many failures) and its checks in progress
//   (at most `checksPerAddress`: an address that fills its share of the password checks is told to wait,
//   others are not). At most `maxAddresses` addresses; a new one evicts the oldest.
// - per name of a user, counted over all addresses: only as many as there are users, never evicted by
//   a flood under made-up names.
// - per made-up name (no such user): at most `maxNames`, the oldest evicted first; such a name has no
//   password to guess, its count only keeps the answers alike for real and made-up names.
// - per trusted browser (below).
// So a full table never refuses anybody: it forgets the oldest counts of addresses and made-up names.
// A guesser who floods to get its own address forgotten gains at most `perAddress` more guesses, and
// still no more than `perNameAnywhere` at any user's name.
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
  /** password checks in progress from one address at once; @default 4 */
  checksPerAddress?: number;
  /** addresses with counts (each about 150 bytes plus its names); @default 50_000 */
  maxAddresses?: number;
  /** made-up names with counts (about 100 bytes each); @default 50_000 */
  maxNames?: number;
  /** users' names and trusted browsers with counts (a safety bound only); @default 100_000 */
  maxUsers?: number;
}

/** Who an attempt is: `device` a key for the trusted browser it comes from, `known` whether the name is a user's. */
export interface Attempt {
  device?: string | undefined;
  known?: boolean;
}

/** How a checked attempt ended: the password was right, wrong, or never judged (the check failed to run). */
export type CheckResult = 'ok' | 'failed' | 'unjudged';

interface Count {
  failures: number;
  resetAt: number;
}

interface AddressCount extends Count {
  /** failures per (canonical) name from this address */
  names: Map<string, number>;
  /** password checks in progress */
  checking: number;
}

/** The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64 (one host's usual share). */
export function addressKey(ip: string): string {
  let a = ip.trim().toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (a.startsWith('::ffff:') && a.includes('.')) return a.slice(7);
  if (!a.includes(':')) return a;
  const [head = '', tail = ''] = a.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = a.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...headParts, ...Array(Math.max(0, 8 - headParts.length - tailParts.length)).fill('0'), ...tailParts];
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
}

/** The name the limiter counts under: user names are unique whatever their case (server/auth/accounts.ts). */
export const canonicalName = (name: string): string => name.toLowerCase();

export class LoginLimiter {
  /** in the order their windows began, so in the order they expire */
  private readonly addresses = new Map<string, AddressCount>();
  private readonly users = new Map<string, Count>();
  private readonly madeUp = new Map<string, Count>();
  private readonly devices = new Map<string, Count>();
  private readonly perName: number;
  private readonly perAddress: number;
  private readonly perNameAnywhere: number;
  private readonly windowMs: number;
  private readonly checksPerAddress: number;
  private readonly maxAddresses: number;
  private readonly maxNames: number;
  private readonly maxUsers: number;
  /** counts forgotten early to make room (for the tests and the README's figures) */
  evicted = 0;

  constructor(options: LoginLimiterOptions = {}, private readonly now: () => number = Date.now) {
    this.perName = options.perName ?? 5;
    this.perAddress = options.perAddress ?? 20;
    this.perNameAnywhere = options.perNameAnywhere ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.checksPerAddress = options.checksPerAddress ?? 4;
    this.maxAddresses = options.maxAddresses ?? 50_000;
    this.maxNames = options.maxNames ?? 50_000;
    this.maxUsers = options.maxUsers ?? 100_000;
  }

  /** Seconds to wait before trying again, or 0 when an attempt may go ahead. Never changes a count. */
  retryAfter(address: string, name: string, attempt: Attempt = {}): number {
    const now = this.now();
    const lower = canonicalName(name);
    const wait = (count: Count | undefined, limit: number): number =>
      count !== undefined && count.resetAt > now && count.failures >= limit ? Math.ceil((count.resetAt - now) / 1000) : 0;
    if (attempt.device !== undefined) return wait(this.devices.get(attempt.device), this.perName);
    const a = this.live(this.addresses, addressKey(address), now);
    const here = a ? { failures: a.names.get(lower) ?? 0, resetAt: a.resetAt } : undefined;
    return Math.max(wait(a, this.perAddress), wait(here, this.perName), wait(this.live(this.nameTable(attempt), lower, now), this.perNameAnywhere));
  }

  /** Whether this address may start another password check now (it has fewer than its share in progress). */
  mayCheck(address: string): boolean {
    const a = this.live(this.addresses, addressKey(address), this.now());
    return a === undefined || a.checking < this.checksPerAddress;
  }

  /**
   * Counts an attempt as failed as its password check starts, so that guesses sent at the same time
   * each count (checking first and counting after let 100 concurrent guesses through a limit of 5).
   * `finish` takes it back when the password was right or never judged.
   */
  start(address: string, name: string, attempt: Attempt = {}): void {
    const now = this.now();
    const lower = canonicalName(name);
    const key = addressKey(address);
    let a = this.live(this.addresses, key, now);
    if (a === undefined) {
      a = { failures: 0, resetAt: now + this.windowMs, names: new Map(), checking: 0 };
      this.insert(this.addresses, key, a, this.maxAddresses, now);
    }
    a.failures++;
    a.checking++;
    a.names.set(lower, (a.names.get(lower) ?? 0) + 1);
    this.bump(this.nameTable(attempt), lower, attempt.known === true ? this.maxUsers : this.maxNames, now);
    if (attempt.device !== undefined) this.bump(this.devices, attempt.device, this.maxUsers, now);
  }

  finish(address: string, name: string, attempt: Attempt, result: CheckResult): void {
    const now = this.now();
    const lower = canonicalName(name);
    const key = addressKey(address);
    const a = this.live(this.addresses, key, now);
    if (a !== undefined) {
      a.checking = Math.max(0, a.checking - 1);
      if (result !== 'failed') {
        a.failures = Math.max(0, a.failures - 1);
        const here = (a.names.get(lower) ?? 0) - 1;
        if (result === 'ok' || here <= 0) a.names.delete(lower);
        else a.names.set(lower, here);
      }
      if (a.failures === 0 && a.checking === 0) this.addresses.delete(key);
    }
    if (result === 'failed') return;
    this.takeBack(this.nameTable(attempt), lower);
    if (attempt.device !== undefined) {
      if (result === 'ok') this.devices.delete(attempt.device);
      else this.takeBack(this.devices, attempt.device);
    }
  }

  /** How many counts are held (for the tests: a flood must leave a bounded number). */
  size(): { addresses: number; users: number; madeUp: number; devices: number } {
    return { addresses: this.addresses.size, users: this.users.size, madeUp: this.madeUp.size, devices: this.devices.size };
  }

  private nameTable(attempt: Attempt): Map<string, Count> {
    return attempt.known === true ? this.users : this.madeUp;
  }

  private live<C extends Count>(map: Map<string, C>, key: string, now: number): C | undefined {
    const c = map.get(key);
    if (c === undefined) return undefined;
    if (c.resetAt > now) return c;
    map.delete(key);
    return undefined;
  }

  /** Adds a count, making room first: the expired ones at the front go, then (the table full of live ones) the oldest. */
  private insert<C extends Count>(map: Map<string, C>, key: string, value: C, max: number, now: number): void {
    for (const [k, c] of map) {
      if (map.size < max) break;
      map.delete(k);
      if (c.resetAt > now) this.evicted++;
    }
    map.set(key, value);
  }

  private bump(map: Map<string, Count>, key: string, max: number, now: number): void {
    const c = this.live(map, key, now);
    if (c !== undefined) c.failures++;
    else this.insert(map, key, { failures: 1, resetAt: now + this.windowMs }, max, now);
  }

  private takeBack(map: Map<string, Count>, key: string): void {
    const c = map.get(key);
    if (c === undefined) return;
    if (c.failures <= 1) map.delete(key);
    else c.failures--;
  }
}
