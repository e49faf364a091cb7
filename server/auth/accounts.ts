// People, their personal API tokens and their browser sessions, in the service's database. Tokens and
// session ids are random 32-byte secrets shown once; only their SHA-256 is stored, so a copy of the
// database opens no session. Looking one up is an index lookup on its hash: nothing compares secrets
// byte by byte, so timing says nothing about them.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import { isRole, type Role } from './roles.js';

export interface User {
  id: number;
  name: string;
  role: Role;
}

export interface UserSummary extends User {
  createdAt: string;
  hasToken: boolean;
  /** linked to an identity at the single sign-on provider */
  hasSubject: boolean;
}

/** A browser session lasts this long after its last use, and never longer than SESSION_MAX_MS. */
export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_MAX_MS = 24 * 3600_000;
/** A browser a user signed in from stays trusted this long (server/routes/session.ts); a user keeps the newest few. */
export const DEVICE_TRUST_MS = 90 * 24 * 3600_000;
const DEVICES_PER_USER = 10;
/** last_seen is written at most this often (a write per request would serialise reads behind it). */
const TOUCH_EVERY_MS = 60_000;
export const USER_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
const TOKEN_PREFIX = 'jt_';

const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * How long `any()` trusts its last count. Users added or removed through these Accounts update it at
 * once; the CLI changes them from another process, which a running service sees within this time.
 */
export const USER_COUNT_TTL_MS = 1_000;

export interface Accounts {
  /** whether any user exists: authentication is on exactly when one does (see USER_COUNT_TTL_MS) */
  any(): boolean;
  list(): UserSummary[];
  find(name: string): User | null;
  /** the user linked to `subject` at `issuer` (single sign-on, `cli users link`), or null */
  bySubject(issuer: string, subject: string): User | null;
  /** links the user to their identity at the provider (replacing an earlier link of either); false when no such user */
  linkSubject(name: string, issuer: string, subject: string): boolean;
  /** removes the user's link to the provider; false when it had none */
  unlinkSubject(name: string): boolean;
  add(name: string, role: Role, password: string): Promise<User>;
  remove(name: string): boolean;
  /** a new personal API token for the user (replacing the old one), shown once */
  issueToken(name: string): string;
  byToken(token: string): User | null;
  /** the user whose password this is, or null; takes as long for an unknown name */
  checkPassword(name: string, password: string): Promise<User | null>;
  startSession(user: User): { id: string; expires: Date };
  bySession(id: string): User | null;
  endSession(id: string): void;
  /** a new secret marking this browser as one the user signed in from, shown once */
  trustDevice(user: User): string;
  /** the user whose trusted browser this secret marks, or null (unknown, expired or forgotten) */
  deviceUser(id: string): User | null;
  forgetDevice(id: string): void;
}

interface UserRow {
  id: number;
  name: string;
  role: string;
  password_hash: string;
}

export function createAccounts(db: Database): Accounts {
  const count = db.prepare('SELECT count(*) FROM users').pluck();
  const byName = db.prepare<[string], UserRow>('SELECT id, name, role, password_hash FROM users WHERE name = ?');
  const byNameAnyCase = db.prepare<[string], UserRow>('SELECT id, name, role, password_hash FROM users WHERE name = ? COLLATE NOCASE LIMIT 1');
  const listAll = db.prepare(
    `SELECT id, name, role, created_at AS createdAt, EXISTS (SELECT 1 FROM api_tokens t WHERE t.user_id = users.id) AS hasToken,
       EXISTS (SELECT 1 FROM sso_subjects s WHERE s.user_id = users.id) AS hasSubject
     FROM users ORDER BY name`,
  );
  const userBySubject = db.prepare<[string, string], UserRow>(
    'SELECT u.id, u.name, u.role, u.password_hash FROM sso_subjects s JOIN users u ON u.id = s.user_id WHERE s.issuer = ? AND s.subject = ?',
  );
  const deleteSubjectOf = db.prepare<[number]>('DELETE FROM sso_subjects WHERE user_id = ?');
  const deleteSubject = db.prepare<[string, string]>('DELETE FROM sso_subjects WHERE issuer = ? AND subject = ?');
  const insertSubject = db.prepare<[string, string, number, string]>('INSERT INTO sso_subjects (issuer, subject, user_id, created_at) VALUES (?, ?, ?, ?)');
  const insertUser = db.prepare('INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)');
  const deleteUser = db.prepare<[string]>('DELETE FROM users WHERE name = ?');
  const deleteTokens = db.prepare<[number]>('DELETE FROM api_tokens WHERE user_id = ?');
  const insertToken = db.prepare('INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)');
  const userByToken = db.prepare<[string], UserRow>(
    'SELECT u.id, u.name, u.role, u.password_hash FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?',
  );
  const insertSession = db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, last_seen) VALUES (?, ?, ?, ?)');
  const sessionRow = db.prepare<[string], UserRow & { created_at: number; last_seen: number }>(
    `SELECT u.id, u.name, u.role, u.password_hash, s.created_at, s.last_seen
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
  );
  const touchSession = db.prepare('UPDATE sessions SET last_seen = ? WHERE id_hash = ?');
  const deleteSession = db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE last_seen < ? OR created_at < ?');
  const insertDevice = db.prepare('INSERT INTO trusted_devices (id_hash, user_id, created_at) VALUES (?, ?, ?)');
  const deviceRow = db.prepare<[string, number], UserRow>(
    `SELECT u.id, u.name, u.role, u.password_hash FROM trusted_devices d JOIN users u ON u.id = d.user_id WHERE d.id_hash = ? AND d.created_at >= ?`,
  );
  const deleteDevice = db.prepare<[string]>('DELETE FROM trusted_devices WHERE id_hash = ?');
  // Expired ones, and all but the user's newest few.
  const pruneDevices = db.prepare(
    `DELETE FROM trusted_devices WHERE created_at < ? OR (user_id = ? AND id_hash NOT IN
       (SELECT id_hash FROM trusted_devices WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ${DEVICES_PER_USER}))`,
  );

  // The count, cached: any() runs on every request, and a query there is a file lock and a read each time.
  let cached: { any: boolean; at: number } | null = null;
  const anyUser = (): boolean => {
    const now = Date.now();
    if (cached === null || now - cached.at >= USER_COUNT_TTL_MS || now < cached.at) cached = { any: (count.get() as number) > 0, at: now };
    return cached.any;
  };

  const toUser = (row: UserRow): User | null => (isRole(row.role) ? { id: row.id, name: row.name, role: row.role } : null);

  return {
    any: anyUser,
    list: () =>
      (listAll.all() as (Omit<UserSummary, 'hasToken' | 'hasSubject'> & { hasToken: number; hasSubject: number })[]).map((u) => ({ ...u, hasToken: u.hasToken === 1, hasSubject: u.hasSubject === 1 })),
    find(name) {
      const row = byName.get(name);
      return row ? toUser(row) : null;
    },
    bySubject(issuer, subject) {
      const row = userBySubject.get(issuer, subject);
      return row ? toUser(row) : null;
    },
    linkSubject(name, issuer, subject) {
      const row = byName.get(name);
      if (!row) return false;
      // One identity per user and one user per identity: a relink moves it.
      db.transaction(() => {
        deleteSubjectOf.run(row.id);
        deleteSubject.run(issuer, subject);
        insertSubject.run(issuer, subject, row.id, new Date().toISOString());
      })();
      return true;
    },
    unlinkSubject(name) {
      const row = byName.get(name);
      return row ? deleteSubjectOf.run(row.id).changes > 0 : false;
    },
    async add(name, role, password) {
      if (!USER_NAME_PATTERN.test(name)) throw new RangeError('a user name is 1–64 letters, digits, ".", "_", "@" or "-"');
      // Names are unique whatever their case: "ADM" beside an admin "adm" would share the admin's sign-in limits and read alike in the trail.
      const same = byNameAnyCase.get(name);
      if (same) throw new RangeError(same.name === name ? `user "${name}" already exists` : `user "${same.name}" already exists (names do not depend on case)`);
      const hash = await hashPassword(password);
      const { lastInsertRowid } = insertUser.run(name, role, hash, new Date().toISOString());
      cached = null;
      return { id: Number(lastInsertRowid), name, role };
    },
    remove(name) {
      // sessions and tokens go with the user (ON DELETE CASCADE)
      const removed = deleteUser.run(name).changes > 0;
      cached = null;
      return removed;
    },
    issueToken(name) {
      const row = byName.get(name);
      if (!row) throw new RangeError(`no user "${name}"`);
      const token = TOKEN_PREFIX + newSecret();
      db.transaction(() => {
        deleteTokens.run(row.id);
        insertToken.run(sha256(token), row.id, new Date().toISOString());
      })();
      return token;
    },
    byToken(token) {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
      const row = userByToken.get(sha256(token));
      return row ? toUser(row) : null;
    },
    async checkPassword(name, password) {
      const row = USER_NAME_PATTERN.test(name) ? byName.get(name) : undefined;
      const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
      return ok && row ? toUser(row) : null;
    },
    startSession(user) {
      const now = Date.now();
      deleteExpired.run(now - SESSION_IDLE_MS, now - SESSION_MAX_MS);
      const id = newSecret();
      insertSession.run(sha256(id), user.id, now, now);
      return { id, expires: new Date(now + SESSION_IDLE_MS) };
    },
    bySession(id) {
      if (id.length > 100) return null;
      const hash = sha256(id);
      const row = sessionRow.get(hash);
      if (!row) return null;
      const now = Date.now();
      if (now - row.last_seen > SESSION_IDLE_MS || now - row.created_at > SESSION_MAX_MS) {
        deleteSession.run(hash);
        return null;
      }
      if (now - row.last_seen > TOUCH_EVERY_MS) touchSession.run(now, hash);
      return toUser(row);
    },
    endSession(id) {
      deleteSession.run(sha256(id));
    },
    trustDevice(user) {
      const now = Date.now();
      const id = newSecret();
      db.transaction(() => {
        insertDevice.run(sha256(id), user.id, now);
        pruneDevices.run(now - DEVICE_TRUST_MS, user.id, user.id);
      })();
      return id;
    },
    deviceUser(id) {
      if (id.length === 0 || id.length > 100) return null;
      const row = deviceRow.get(sha256(id), Date.now() - DEVICE_TRUST_MS);
      return row ? toUser(row) : null;
    },
    forgetDevice(id) {
      deleteDevice.run(sha256(id));
    },
  };
}
