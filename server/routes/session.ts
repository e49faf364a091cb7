// /api/session: sign in with a name and password (sets the HttpOnly, SameSite=Strict session cookie;
// Secure when the request came over HTTPS), see who is signed in, sign out. Failed sign-ins are
// audited and rate-limited: a guessing address locks itself out, and guesses at a name from many
// addresses are slowed (a wait that grows to 120 s), never locked, so a guesser cannot lock a user out
// (server/auth/login-limiter.ts); a browser the user signed in from before carries a device cookie that
// passes the name's wait.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../auth/accounts.js';
import { createHash } from 'node:crypto';
import { DEVICE_TRUST_MS, SESSION_MAX_MS } from '../auth/accounts.js';
import { SESSION_COOKIE, cookieValue, sessionCookie } from '../auth/auth-plugin.js';
import { LoginLimiter } from '../auth/login-limiter.js';
import { PasswordChecksBusyError, passwordChecksBusy } from '../auth/passwords.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditTally } from '../audit/audit-tally.js';
import { ApiError, UnauthorizedError } from '../errors.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export interface SessionRoutesOptions {
  accounts: Accounts;
  audit: AuditLog;
  /** where failed and refused sign-ins are counted (server/audit/audit-tally.ts) */
  tally: AuditTally;
  limiter?: LoginLimiter;
  /** single sign-on is configured (the sign-in page then offers it) */
  oidc?: boolean;
}

const SignInSchema = z.strictObject({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/** Marks a browser the user signed in from; sent only to /api/session. */
export const DEVICE_COOKIE = 'journeys_device';

/**
 * The session cookie (value '' and age 0 to sign out). It lives as long as a session can (SESSION_MAX_MS,
 * 24 h); the server ends the session after 8 idle hours (accounts.ts bySession), so the cookie need not be
 * renewed: with an 8-hour Max-Age a browser in use all day lost its session 8 hours after signing in.
 */
export function sessionCookieHeader(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = secureAttribute(request);
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

/**
 * `; Secure` over HTTPS, and always behind a trusted reverse proxy: a proxy that also forwards plain HTTP
 * (X-Forwarded-Proto: http) must not get a cookie the browser would send unencrypted (audit a12 finding 7).
 */
export function secureAttribute(request: FastifyRequest): string {
  return request.protocol === 'https' || request.behindProxy ? '; Secure' : '';
}

function deviceCookieHeader(request: FastifyRequest, value: string): string {
  const secure = secureAttribute(request);
  return `${DEVICE_COOKIE}=${value}; Path=/api/session; HttpOnly; SameSite=Strict; Max-Age=${DEVICE_TRUST_MS / 1000}${secure}`;
}

export const sessionRoutes: FastifyPluginAsync<SessionRoutesOptions> = async (parent, { accounts, audit, tally, limiter = new LoginLimiter(), oidc = false }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const publicRoute = { access: 'public' as const };

  app.get('/api/session', { config: publicRoute }, async (request) => {
    const user = request.user;
    return { auth: accounts.any(), user: user ? { name: user.name, role: user.role } : null, exactCounts: request.exactCounts, oidc };
  });

  app.post('/api/session', { config: publicRoute, schema: { body: SignInSchema } }, async (request, reply) => {
    const { name, password } = request.body;
    const address = request.ip;
    if (!accounts.any()) throw new ApiError(409, 'AUTH_OFF', 'sign-in is off: this service has no users (it only listens on this machine)');
    // A device cookie counts only for the user it was given to; the limiter keys it by its hash.
    const deviceId = cookieValue(request.headers.cookie, DEVICE_COOKIE);
    const trusted = deviceId !== null && accounts.deviceUser(deviceId)?.name === name;
    const device = trusted ? createHash('sha256').update(deviceId).digest('base64url') : undefined;
    const known = accounts.find(name);
    const attempt = { device, known: known !== null };
    // Failures and refusals are tallied (one row per kind and address a minute, with how many it stands
    // for), naming the account when it is one; refused attempts change no count.
    const tallied = (outcome: 'failed' | 'refused', detail: Record<string, string | number | boolean>): void =>
      tally.note({ actor: known?.name ?? null, role: known?.role ?? null, action: 'sign_in', outcome, detail, address });
    // Behind the proxy a sign-in it forwarded as plain HTTP carried the password unencrypted from the browser
    // (audit a12b): refused, so that the proxy is made to send HTTP to HTTPS before anyone's password is used
    // that way again (the password is not checked, and the attempt is audited).
    if (request.behindProxy && forwardedProto(request.headers['x-forwarded-proto']) === 'http') {
      tallied('refused', { reason: 'plain_http', trustedDevice: trusted });
      throw new ApiError(403, 'HTTPS_REQUIRED', 'sign in over HTTPS: the reverse proxy passed this sign-in on as plain HTTP, so the password crossed the network unencrypted; have the proxy redirect HTTP to HTTPS');
    }
    const wait = limiter.retryAfter(address, name, attempt);
    if (wait > 0) {
      tallied('refused', { reason: 'rate_limited', trustedDevice: trusted });
      void reply.header('retry-after', String(wait));
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', `too many failed sign-ins: try again in ${wait < 60 ? `${wait} second(s)` : `${Math.ceil(wait / 60)} minute(s)`}`);
    }
    if (passwordChecksBusy() || !limiter.mayCheck(address)) {
      tallied('refused', { reason: 'busy', trustedDevice: trusted });
      void reply.header('retry-after', '5');
      throw new ApiError(503, 'SIGN_IN_BUSY', 'too many sign-ins at once: try again in a few seconds');
    }
    // Counted as the (slow) check starts, so that guesses sent together each count.
    limiter.start(address, name, attempt);
    let user: Awaited<ReturnType<Accounts['checkPassword']>>;
    try {
      user = await accounts.checkPassword(name, password);
    } catch (error) {
      limiter.finish(address, name, attempt, 'unjudged');
      if (!(error instanceof PasswordChecksBusyError)) throw error;
      tallied('refused', { reason: 'busy', trustedDevice: trusted });
      void reply.header('retry-after', '5');
      throw new ApiError(503, 'SIGN_IN_BUSY', 'too many sign-ins at once: try again in a few seconds');
    }
    if (user === null) {
      limiter.finish(address, name, attempt, 'failed');
      tallied('failed', { knownUser: known !== null, trustedDevice: trusted });
      throw new UnauthorizedError('wrong name or password');
    }
    limiter.finish(address, name, attempt, 'ok');
    const session = accounts.startSession(user);
    audit.record({ actor: user.name, role: user.role, action: 'sign_in', outcome: 'ok', detail: { trustedDevice: trusted }, address });
    const cookies = [sessionCookieHeader(request, session.id, SESSION_MAX_MS / 1000)];
    if (!trusted) cookies.push(deviceCookieHeader(request, accounts.trustDevice(user)));
    void reply.header('set-cookie', cookies);
    return { name: user.name, role: user.role };
  });

  app.delete('/api/session', { config: publicRoute }, async (request, reply) => {
    const id = sessionCookie(request.headers.cookie);
    if (id !== null) {
      const user = accounts.bySession(id);
      accounts.endSession(id);
      if (user) audit.record({ actor: user.name, role: user.role, action: 'sign_out', outcome: 'ok', address: request.ip });
    }
    void reply.header('set-cookie', sessionCookieHeader(request, '', 0));
    return reply.status(204).send();
  });
};

/** The scheme the client used, as the proxy says (the first of a list), lower case; null when not said. */
function forwardedProto(header: string | string[] | undefined): string | null {
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
  return first ? first : null;
}
