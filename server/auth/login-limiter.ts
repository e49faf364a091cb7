// Slows password guessing. Per address: after `perName` failed sign-ins for one name from one address, or
// `perAddress` from one address for any names, within `windowMs`, that address is refused until its
// window has passed (the guessing address locks itself out). Per name, over all addresses together (a
// guesser with many addresses): there is no lock, which would let anyone lock a user out by guessing
// wrong ten times; instead, past `perNameAnywhere` failures each further attempt at the name from a
// browser without the user's device cookie must wait `slowBaseMs` · 2^(failures − perNameAnywhere)
// after the name's last failure, at most `slowMaxMs` (1, 2, 4 … 64 s, then 120 s). The name's count is
// forgotten `nameMemoryMs` (an hour) after its last failure: forgetting it after 15 quiet minutes let a
// guesser pause and start again with 10 free guesses (68 an hour). So a guesser gets at most 45 guesses
// at a name in any hour (10, then 7 while the wait grows over 127 s, then one each 120 s: 28 more;
// tests/server/api/login-limits.test.ts simulates steady and pausing guessers), and the user, from a new
// browser and a new address, gets in at most 120 s after the guesser's last failure (the 429 carries the
// seconds in Retry-After). While a guesser keeps guessing, a new browser races it for each 120 s turn.
// A success clears the name's count from that address.
//
// Only attempts whose password is checked leave state: an attempt refused (rate-limited, or the server
// too busy to check it) adds nothing. State is kept in separate, bounded tables, so that no flood can
// turn into "refuse everyone":
// - per address (an IPv6 address counts by its /64): its failures, its failures per name (at most
//   `perAddress` names, as the address is refused after that many failures) and its checks in progress
//   (at most `checksPerAddress`: an address that fills its share of the password checks is told to wait,
//   others are not). At most `maxAddresses` addresses; a new one evicts the oldest.
// - per name of a user, counted over all addresses: only as many as there are users, never evicted by
//   a flood under made-up names; kept in the database when one is given (`NameCountStore`), so that a
//   restart does not give a guesser a fresh allowance.
// - per made-up name (no such user): at most `maxNames`, the oldest evicted first; such a name has no
//   password to guess, its count only keeps the answers alike for real and made-up names.
// - per trusted browser (below).
// So a full table never refuses anybody: it forgets the oldest counts of addresses and made-up names.
// A guesser who floods to get its own address forgotten gains at most `perAddress` more guesses, and
// still no more than the name's slowed rate at any user's name.
//
// A browser the user has signed in from before (a trusted device, OWASP's "device cookie") is held only
// to its own count (`perName` failures) and passes the name's wait and the address's locks.
import { addressKey } from '../address-key.js';

export interface LoginLimiterOptions {
  /** @default 5 */
  perName?: number;
  /** @default 20 */
  perAddress?: number;
  /** @default 10 */
  perNameAnywhere?: number;
  /** @default 15 minutes */
  windowMs?: number;
  /** the wait after the name's first failure past perNameAnywhere; doubles with each further one; @default 1 s */
  slowBaseMs?: number;
  /** how long a name's count is kept after its last failure; @default 1 hour */
  nameMemoryMs?: number;
  /** the longest wait between attempts at a name (so the longest a user waits after a guesser stops); @default 120 s */
  slowMaxMs?: number;
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

/** A name's count: failures, and when the last one began (forgotten `nameMemoryMs` after it). */
export interface NameCount {
  failures: number;
  lastAt: number;
}

/** Where users' name counts are kept across restarts (the database: server/auth/login-counts.ts). */
export interface NameCountStore {
  /** every count held, oldest first */
  load(): Iterable<[string, NameCount]>;
  save(name: string, count: NameCount): void;
  remove(name: string): void;
}

interface AddressCount extends Count {
  /** failures per (canonical) name from this address */
  names: Map<string, number>;
  /** password checks in progress */
  checking: number;
}

/** The name the limiter counts under: user names are unique whatever their case (server/auth/accounts.ts). */
export const canonicalName = (name: string): string => name.toLowerCase();

export class LoginLimiter {
  /** in the order their windows began, so in the order they expire */
  private readonly addresses = new Map<string, AddressCount>();
  private readonly users = new Map<string, NameCount>();
  private readonly madeUp = new Map<string, NameCount>();
  private readonly devices = new Map<string, Count>();
  private readonly perName: number;
  private readonly perAddress: number;
  private readonly perNameAnywhere: number;
  private readonly windowMs: number;
  private readonly slowBaseMs: number;
  private readonly slowMaxMs: number;
  private readonly nameMemoryMs: number;
  private readonly checksPerAddress: number;
  private readonly maxAddresses: number;
  private readonly maxNames: number;
  private readonly maxUsers: number;
  /** counts forgotten early to make room (for the tests and the README's figures) */
  evicted = 0;

  constructor(
    options: LoginLimiterOptions = {},
    private readonly now: () => number = Date.now,
    private readonly persist?: NameCountStore,
  ) {
    this.perName = options.perName ?? 5;
    this.perAddress = options.perAddress ?? 20;
    this.perNameAnywhere = options.perNameAnywhere ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.slowBaseMs = options.slowBaseMs ?? 1000;
    this.slowMaxMs = options.slowMaxMs ?? 120_000;
    this.nameMemoryMs = options.nameMemoryMs ?? 60 * 60_000;
    this.checksPerAddress = options.checksPerAddress ?? 4;
    this.maxAddresses = options.maxAddresses ?? 50_000;
    this.maxNames = options.maxNames ?? 50_000;
    this.maxUsers = options.maxUsers ?? 100_000;
    if (persist) {
      const now = this.now();
      for (const [name, count] of persist.load()) {
        if (count.lastAt + this.nameMemoryMs > now) this.users.set(name, count);
        else persist.remove(name);
      }
    }
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
    return Math.max(wait(a, this.perAddress), wait(here, this.perName), this.nameWait(attempt, lower, now));
  }

  /** Seconds until the name's next attempt may start (from a browser without the device cookie). */
  private nameWait(attempt: Attempt, lower: string, now: number): number {
    const c = this.liveName(attempt, lower, now);
    if (c === undefined || c.failures < this.perNameAnywhere) return 0;
    const delay = Math.min(this.slowMaxMs, this.slowBaseMs * 2 ** (c.failures - this.perNameAnywhere));
    const until = c.lastAt + delay;
    return until > now ? Math.ceil((until - now) / 1000) : 0;
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
    this.bumpName(attempt, lower, now);
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
    this.takeBackName(attempt, lower);
    if (attempt.device !== undefined) {
      if (result === 'ok') this.devices.delete(attempt.device);
      else this.takeBack(this.devices, attempt.device);
    }
  }

  /** How many counts are held (for the tests: a flood must leave a bounded number). */
  size(): { addresses: number; users: number; madeUp: number; devices: number } {
    return { addresses: this.addresses.size, users: this.users.size, madeUp: this.madeUp.size, devices: this.devices.size };
  }

  private nameTable(attempt: Attempt): Map<string, NameCount> {
    return attempt.known === true ? this.users : this.madeUp;
  }

  private liveName(attempt: Attempt, lower: string, now: number): NameCount | undefined {
    const table = this.nameTable(attempt);
    const c = table.get(lower);
    if (c === undefined) return undefined;
    if (c.lastAt + this.nameMemoryMs > now) return c;
    table.delete(lower);
    if (attempt.known === true) this.persist?.remove(lower);
    return undefined;
  }

  /** A failure at a name: the count goes up and its quiet period starts again (kept in order of the last failure). */
  private bumpName(attempt: Attempt, lower: string, now: number): void {
    const table = this.nameTable(attempt);
    const c = this.liveName(attempt, lower, now);
    const next = { failures: (c?.failures ?? 0) + 1, lastAt: now };
    table.delete(lower);
    const max = attempt.known === true ? this.maxUsers : this.maxNames;
    for (const [k, old] of table) {
      if (table.size < max) break;
      table.delete(k);
      if (attempt.known === true) this.persist?.remove(k);
      if (old.lastAt + this.nameMemoryMs > now) this.evicted++;
    }
    table.set(lower, next);
    if (attempt.known === true) this.persist?.save(lower, next);
  }

  private takeBackName(attempt: Attempt, lower: string): void {
    const table = this.nameTable(attempt);
    const c = table.get(lower);
    if (c === undefined) return;
    if (c.failures <= 1) {
      table.delete(lower);
      if (attempt.known === true) this.persist?.remove(lower);
    } else {
      c.failures--;
      if (attempt.known === true) this.persist?.save(lower, c);
    }
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
