// Single sign-on (server/auth/oidc.ts), registered only when configured:
//   GET /api/session/oidc?next=/path   sends the browser to the identity provider, binding the sign-in
//                                      to this browser with a short-lived state cookie (SameSite=Lax:
//                                      it must come back on the provider's cross-site redirect);
//   GET /api/session/oidc/callback     checks the provider's answer, then starts the same session as a
//                                      password sign-in would, for the user named by the ID token.
// The callback answers a small page that moves on to `next` itself: the session cookie is
// SameSite=Strict, so it is not sent on a redirect that began on the provider's site, but it is on a
// navigation the service's own page starts.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { strictObject } from '../../core/zod.js';
import type { Accounts } from '../auth/accounts.js';
import { SESSION_MAX_MS } from '../auth/accounts.js';
import { OidcClient, OidcError, type OidcConfig } from '../auth/oidc.js';
import type { AuditLog } from '../audit/audit-log.js';
import { sitePath } from '../../core/site-path.js';
import { secureAttribute, sessionCookieHeader } from './session.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export interface OidcRoutesOptions {
  accounts: Accounts;
  audit: AuditLog;
  config: OidcConfig;
}

const STATE_COOKIE = 'journeys_oidc';
const CALLBACK_PATH = '/api/session/oidc/callback';

// The start is ours: a misspelt `?nxt=` is refused by name (it sent the person to / after signing in). The
// callback is the provider's: it may add parameters of its own (session_state), so it takes what it does not know.
const StartQuerySchema = strictObject({ next: z.string().max(2000).optional() });
const CallbackQuerySchema = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(256).optional(),
  error: z.string().max(256).optional(),
  /** the issuer the provider names in its answer (RFC 9207) */
  iss: z.string().max(2000).optional(),
});

function stateCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = secureAttribute(request);
  return `${STATE_COOKIE}=${value}; Path=${CALLBACK_PATH}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page with no script (the CSP allows none inline) that moves on to `to`, or says what went wrong. */
function page(reply: FastifyReply, status: number, title: string, text: string, to: string | null): FastifyReply {
  const refresh = to === null ? '' : `<meta http-equiv="refresh" content="0; url=${escapeHtml(to)}">`;
  const link = to === null ? '<a href="/signin.html">Back to sign-in</a>' : `<a href="${escapeHtml(to)}">Continue</a>`;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8">${refresh}<title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p>${link}</p></main></body></html>`);
}

export const oidcRoutes: FastifyPluginAsync<OidcRoutesOptions> = async (parent, { accounts, audit, config }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const client = new OidcClient(config);
  const publicRoute = { access: 'public' as const };

  app.get('/api/session/oidc', { config: publicRoute, schema: { querystring: StartQuerySchema } }, async (request, reply) => {
    const { url, cookie } = await client.start(sitePath(request.query.next));
    void reply.header('set-cookie', stateCookie(request, cookie, 600));
    return reply.redirect(url, 302);
  });

  app.get(CALLBACK_PATH, { config: publicRoute, schema: { querystring: CallbackQuerySchema } }, async (request, reply) => {
    const { code, state, error, iss } = request.query;
    const address = request.ip;
    void reply.header('set-cookie', stateCookie(request, '', 0));
    const refuse = (reason: string, status = 400) => {
      audit.record({ actor: null, role: null, action: 'sign_in', outcome: 'failed', detail: { method: 'oidc', reason }, address });
      return page(reply, status, 'Sign-in did not complete', 'Single sign-on did not complete. Try again, or sign in with your name and password.', null);
    };
    if (error !== undefined) return refuse('provider_error');
    if (code === undefined || state === undefined) return refuse('no_code');
    let result: Awaited<ReturnType<OidcClient['finish']>>;
    try {
      result = await client.finish(code, state, cookieValue(request.headers.cookie, STATE_COOKIE), iss);
    } catch (failure) {
      if (!(failure instanceof OidcError)) throw failure;
      request.log.warn({ reason: failure.message }, 'single sign-on refused');
      return refuse(failure.status === 400 ? 'state_refused' : 'token_refused', failure.status);
    }
    const identity = client.identity(result.claims);
    const user = identity === null ? null : identity.by === 'name' ? accounts.find(identity.value) : accounts.bySubject(config.issuer, identity.value);
    if (user === null) {
      // Recorded without the name or subject: it may be anyone's the provider knows, not a user of this service.
      audit.record({ actor: null, role: null, action: 'sign_in', outcome: 'refused', detail: { method: 'oidc', reason: 'no_such_user' }, address });
      const missing = identity?.by === 'name' ? 'no user of that name' : 'no user linked to your council account';
      return page(reply, 403, 'No account here', `Your council account signed you in, but this service has ${missing}. Ask an administrator to add you.`, null);
    }
    const session = accounts.startSession(user);
    audit.record({ actor: user.name, role: user.role, action: 'sign_in', outcome: 'ok', detail: { method: 'oidc' }, address });
    void reply.header('set-cookie', [stateCookie(request, '', 0), sessionCookieHeader(request, session.id, SESSION_MAX_MS / 1000)]);
    return page(reply, 200, 'Signed in', `Signed in as ${user.name}.`, result.next);
  });
};
