// Single sign-on against a fake identity provider on this machine (no network beyond loopback): the
// authorization code flow with PKCE and discovery, and each way a provider's answer can be wrong.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

const CLIENT_ID = 'journeys-test';
const REDIRECT = 'http://localhost/api/session/oidc/callback';

/** A provider that signs in whoever `user` says, with knobs to make its ID token wrong in one way. */
class FakeIssuer {
  url = '';
  user = 'ana';
  /** changes the ID token's claims before it is signed */
  tamper: (claims: Record<string, unknown>) => void = () => {};
  /** signs with a key it does not publish */
  signWithOtherKey = false;
  /** the subject its userinfo answer is about, when not the signed-in user's */
  userinfoSub: string | null = null;
  readonly codes = new Map<string, { challenge: string; nonce: string; redirect: string; used: boolean }>();
  private server: Server | null = null;
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url!, this.url || 'http://127.0.0.1');
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, { issuer: this.url, authorization_endpoint: `${this.url}/authorize`, token_endpoint: `${this.url}/token`, jwks_uri: `${this.url}/jwks`, userinfo_endpoint: `${this.url}/userinfo` });
      }
      if (url.pathname === '/userinfo') {
        if (req.headers.authorization !== 'Bearer x') return json(401, { error: 'invalid_token' });
        return json(200, { sub: this.userinfoSub ?? `sub-${this.user}`, preferred_username: this.user });
      }
      if (url.pathname === '/jwks') return json(200, { keys: [{ ...this.key.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] });
      if (url.pathname === '/authorize') {
        const p = url.searchParams;
        if (p.get('response_type') !== 'code' || p.get('client_id') !== CLIENT_ID || p.get('code_challenge_method') !== 'S256') return json(400, { error: 'invalid_request' });
        const code = `code-${this.codes.size + 1}`;
        this.codes.set(code, { challenge: p.get('code_challenge')!, nonce: p.get('nonce')!, redirect: p.get('redirect_uri')!, used: false });
        const back = new URL(p.get('redirect_uri')!);
        back.search = new URLSearchParams({ code, state: p.get('state')! }).toString();
        return res.writeHead(302, { location: back.toString() }).end();
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          const p = new URLSearchParams(body);
          const grant = this.codes.get(p.get('code') ?? '');
          if (!grant || grant.used || grant.redirect !== p.get('redirect_uri')) return json(400, { error: 'invalid_grant' });
          grant.used = true;
          // PKCE: the verifier must be the one whose S256 the authorization request carried.
          if (createHash('sha256').update(p.get('code_verifier') ?? '').digest('base64url') !== grant.challenge) return json(400, { error: 'invalid_grant' });
          const now = Math.floor(Date.now() / 1000);
          const claims: Record<string, unknown> = { iss: this.url, aud: CLIENT_ID, sub: `sub-${this.user}`, preferred_username: this.user, nonce: grant.nonce, iat: now, exp: now + 300 };
          this.tamper(claims);
          json(200, { access_token: 'x', token_type: 'Bearer', id_token: this.jwt(claims, this.signWithOtherKey ? this.otherKey.privateKey : this.key.privateKey) });
        });
        return;
      }
      json(404, { error: 'not_found' });
    });
    // A test idle for longer than Node's 5 s would meet a kept-alive socket the server has just closed (ECONNRESET).
    this.server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private jwt(claims: Record<string, unknown>, key: KeyObject): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signed = `${part({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${part(claims)}`;
    return `${signed}.${sign('sha256', Buffer.from(signed), key).toString('base64url')}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

describe('single sign-on (OpenID Connect)', () => {
  const issuer = new FakeIssuer();
  let server: TestServer;
  beforeAll(async () => {
    await issuer.start();
    server = await startTestServer({ oidc: { issuer: issuer.url, clientId: CLIENT_ID, redirectUri: REDIRECT } });
    await server.app.accounts.add('ana', 'analyst', 'a long enough password');
    await server.app.accounts.add('admin', 'admin', 'a long enough password');
    // single sign-on finds a user by the provider's subject, linked by an administrator (cli users link)
    server.app.accounts.linkSubject('ana', issuer.url, 'sub-ana');
  });
  afterAll(async () => {
    await server.close();
    await issuer.close();
  });

  /** The browser's part: start, follow the provider's redirect, come back to the callback. */
  async function signIn(options: { keepStateCookie?: boolean } = {}) {
    const start = await server.app.inject({ method: 'GET', url: '/api/session/oidc?next=/views.html' });
    expect(start.statusCode).toBe(302);
    const authorize = new URL(start.headers.location as string);
    expect(authorize.origin + authorize.pathname).toBe(`${issuer.url}/authorize`);
    const stateCookie = String(start.headers['set-cookie']).split(';')[0]!;
    expect(String(start.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax/);
    const atProvider = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(atProvider.headers.get('location')!);
    const callback = await server.app.inject({ method: 'GET', url: back.pathname + back.search, headers: options.keepStateCookie === false ? {} : { cookie: stateCookie } });
    const session = [callback.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('journeys_session=') && !c.startsWith('journeys_session=;'));
    return { start, authorize, back, callback, session: session?.split(';')[0] ?? null, stateCookie };
  }

  it('signs a known user in with the code flow, PKCE (S256) and discovery, and goes on to the page asked for', async () => {
    const { authorize, callback, session } = await signIn();
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(callback.statusCode).toBe(200);
    expect(callback.body).toContain('<meta http-equiv="refresh" content="0; url=/views.html">');
    expect(session).not.toBeNull();
    expect(String(callback.headers['set-cookie'])).toMatch(/journeys_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const who = await server.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: session! } });
    expect(who.json()).toMatchObject({ auth: true, user: { name: 'ana', role: 'analyst' }, exactCounts: true, oidc: true });
    expect(server.app.auditLog.list({ action: 'sign_in' })[0]).toMatchObject({ actor: 'ana', outcome: 'ok', detail: { method: 'oidc' } });
  });

  it('refuses a start with a parameter it does not take, by name (a misspelt ?nxt= sent the person to / after signing in; audit a12j G1)', async () => {
    const typo = await server.app.inject({ method: 'GET', url: '/api/session/oidc?nxt=/views.html' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error).toContain('unknown field "nxt" (fields: next)');
    expect(typo.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an answer brought back by another browser (no state cookie), and a state used twice', async () => {
    const { callback, session, back, stateCookie } = await signIn({ keepStateCookie: false });
    expect(callback.statusCode).toBe(400);
    expect(session).toBeNull();
    // the state was spent by that attempt: the right browser cannot use it afterwards either
    const again = await server.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { cookie: stateCookie } });
    expect(again.statusCode).toBe(400);
  });

  it('refuses ID tokens that are signed by another key, for another client, from another issuer, expired, not yet valid or for another sign-in', async () => {
    const wrongs: Array<[string, () => void]> = [
      ['other key', () => (issuer.signWithOtherKey = true)],
      ['audience', () => (issuer.tamper = (c) => (c.aud = 'someone-else'))],
      ['issuer', () => (issuer.tamper = (c) => (c.iss = 'https://evil.example'))],
      ['expired', () => (issuer.tamper = (c) => (c.exp = Math.floor(Date.now() / 1000) - 3600))],
      ['not yet valid', () => (issuer.tamper = (c) => (c.nbf = Math.floor(Date.now() / 1000) + 3600))],
      ['nonce', () => (issuer.tamper = (c) => (c.nonce = 'replayed'))],
    ];
    for (const [what, make] of wrongs) {
      make();
      const { callback, session } = await signIn();
      expect(callback.statusCode, what).toBe(401);
      expect(session, what).toBeNull();
      issuer.signWithOtherKey = false;
      issuer.tamper = () => {};
    }
  });

  it('signs in nobody the service does not know, and does not record the provider\'s name for them', async () => {
    issuer.user = 'stranger@council.example';
    try {
      const { callback, session } = await signIn();
      expect(callback.statusCode).toBe(403);
      expect(callback.body).toContain('Ask an administrator to add you');
      expect(session).toBeNull();
      expect(JSON.stringify(server.app.auditLog.list({ action: 'sign_in' }))).not.toContain('stranger');
    } finally {
      issuer.user = 'ana';
    }
  });

  it("signs nobody in by a name the provider lets a person choose: an unlinked subject whose preferred_username is an admin's is refused (audit a12e M5)", async () => {
    issuer.user = 'admin';
    try {
      const { callback, session } = await signIn();
      expect(callback.statusCode).toBe(403);
      expect(callback.body).toContain('no user linked to your council account');
      expect(session).toBeNull();
    } finally {
      issuer.user = 'ana';
    }
    // a subject linked to another issuer is not this provider's person either
    server.app.accounts.linkSubject('admin', 'https://other-provider.example', 'sub-admin');
    issuer.user = 'admin';
    try {
      expect((await signIn()).callback.statusCode).toBe(403);
    } finally {
      issuer.user = 'ana';
      server.app.accounts.unlinkSubject('admin');
    }
  });

  it('keeps no sign-in under way on the service: 12,000 started and never finished shut nobody out, and a forged state cookie is refused (audit a12e M5)', async () => {
    for (let i = 0; i < 12_000; i++) {
      const start = await server.app.inject({ method: 'GET', url: '/api/session/oidc' });
      if (start.statusCode !== 302) expect(start.statusCode, `start ${i}`).toBe(302);
    }
    const { callback, session } = await signIn();
    expect(callback.statusCode).toBe(200);
    expect(session).not.toBeNull();
    // the browser holds the sign-in sealed: a cookie it did not get from this service is another browser's
    const start = await server.app.inject({ method: 'GET', url: '/api/session/oidc' });
    const state = new URL(start.headers.location as string).searchParams.get('state')!;
    const forged = await server.app.inject({ method: 'GET', url: `/api/session/oidc/callback?code=code-x&state=${state}`, headers: { cookie: `journeys_oidc=${Buffer.from(JSON.stringify({ state })).toString('base64url')}` } });
    expect(forged.statusCode).toBe(400);
  }, 120_000);

  it('with JOURNEYS_OIDC_CLAIM set, signs in the user that claim names (a provider whose users cannot change it)', async () => {
    const byName = await startTestServer({ oidc: { issuer: issuer.url, clientId: CLIENT_ID, redirectUri: REDIRECT, claim: 'preferred_username' } });
    try {
      await byName.app.accounts.add('ana', 'viewer', 'a long enough password');
      const start = await byName.app.inject({ method: 'GET', url: '/api/session/oidc' });
      const back = new URL((await fetch(new URL(start.headers.location as string), { redirect: 'manual' })).headers.get('location')!);
      const callback = await byName.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { cookie: String(start.headers['set-cookie']).split(';')[0]! } });
      expect(callback.statusCode).toBe(200);
      expect(callback.body).toContain('Signed in as ana');
    } finally {
      await byName.close();
    }
  });

  it('with JOURNEYS_OIDC_CLAIM set and the claim only in the userinfo answer, takes it from there only when that answer is about the ID token\'s subject', async () => {
    const byName = await startTestServer({ oidc: { issuer: issuer.url, clientId: CLIENT_ID, redirectUri: REDIRECT, claim: 'preferred_username' } });
    const signInByName = async () => {
      const start = await byName.app.inject({ method: 'GET', url: '/api/session/oidc' });
      const back = new URL((await fetch(new URL(start.headers.location as string), { redirect: 'manual' })).headers.get('location')!);
      return byName.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { cookie: String(start.headers['set-cookie']).split(';')[0]! } });
    };
    issuer.tamper = (c) => delete c.preferred_username;
    try {
      await byName.app.accounts.add('ana', 'viewer', 'a long enough password');
      const callback = await signInByName();
      expect(callback.statusCode).toBe(200);
      expect(callback.body).toContain('Signed in as ana');
      // an answer about someone else (another token's, substituted) names nobody here
      issuer.userinfoSub = 'sub-admin';
      expect((await signInByName()).statusCode).toBe(401);
    } finally {
      issuer.tamper = () => {};
      issuer.userinfoSub = null;
      await byName.close();
    }
  });

  it('is off unless configured: no route, and the session says so', async () => {
    const plain = await startTestServer();
    try {
      expect((await plain.app.inject({ method: 'GET', url: '/api/session/oidc' })).statusCode).toBe(404);
      expect((await plain.app.inject({ method: 'GET', url: '/api/session' })).json().oidc).toBe(false);
    } finally {
      await plain.close();
    }
  });
});
