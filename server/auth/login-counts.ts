// The sign-in limiter's per-user-name counts, kept in the database (table login_name_failures) so that a
// restart does not clear them (review v12d finding 8: a locked name signed in straight after a restart).
import type { Database } from 'better-sqlite3';
import type { NameCount, NameCountStore } from './login-limiter.js';

export function createNameCountStore(db: Database): NameCountStore {
  const all = db.prepare<[], { name: string; failures: number; last_at: number }>('SELECT name, failures, last_at FROM login_name_failures ORDER BY last_at');
  const upsert = db.prepare<[string, number, number]>(
    'INSERT INTO login_name_failures (name, failures, last_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at',
  );
  const remove = db.prepare<[string]>('DELETE FROM login_name_failures WHERE name = ?');
  return {
    load: () => all.all().map((r): [string, NameCount] => [r.name, { failures: r.failures, lastAt: r.last_at }]),
    save: (name, count) => void upsert.run(name, count.failures, count.lastAt),
    remove: (name) => void remove.run(name),
  };
}
