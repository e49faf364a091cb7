// Single sign-on against a real OpenID Connect provider implementation (panva's oidc-provider, OpenID
// certified) on loopback, where tests/server/api/oidc.test.ts has a hand-written fake: the service listens
// on a real socket and a small browser (fetch, manual redirects, its own cookie jar) goes through the whole
// authorization code flow: our start route, the provider's /auth, its login and consent (completed by a
// handler of this file with interactionDetails / interactionFinished), our callback, our session cookie.
import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logCapture, startTestServer, type TestServer } from './harness.js';

const CLIENT_ID = 'journeys';
const CLIENT_SECRET = randomBytes(24).toString('base64url');
/** signs the provider's cookies; shared by the provider instances that stand for one provider before and after its keys rotate */
const COOKIE_KEYS = [randomBytes(32).toString('base64url')];

/** The people the provider knows, by subject; the service links some of them to its users. */
const PEOPLE: Record<string, { preferred_username: string; email: string }> = {
  'sub-vic': { preferred_username: 'vic', email: 'vic@council.example' },
  'sub-ada': { preferred_username: 'ada', email: 'ada@council.example' },
  'sub-stranger': { preferred_username: 'stranger', email: 'stranger@council.example' },
};

/** An RS256 signing key as a private JWK with its kid, the way a provider is configured with one. */
function signingKey(kid: string): JsonWebKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
}

/** A port free on 127.0.0.1 now, for a server whose callback must be registered with the provider before it starts. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * oidc-provider's storage (sign-ins under way, sessions, grants, codes) as one Map that the instances of one
 * provider share, so that a sign-in begun before its key rotates finishes after (its own memory adapter is
 * one per instance). Expiry is not kept: a test lasts seconds.
 */
function sharedAdapter() {
  const store = new Map<string, Record<string, unknown>>();
  const uids = new Map<string, string>();
  return class Adapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Record<string, unknown>) {
      store.set(this.key(id), payload);
      if (typeof payload.uid === 'string') uids.set(`${this.model}:${payload.uid}`, id);
    }
    async find(id: string) {
      return store.get(this.key(id));
    }
    async findByUid(uid: string) {
      const id = uids.get(`${this.model}:${uid}`);
      return id === undefined ? undefined : store.get(this.key(id));
    }
    async findByUserCode() {
      return undefined;
    }
    async consume(id: string) {
      const payload = store.get(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, payload] of store) if (payload.grantId === grantId) store.delete(key);
    }
  };
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expires: number;
}

/**
 * A browser's part: GETs that follow redirects, with a cookie jar kept by host name (as browsers do, not by
 * port: the provider and the service share 127.0.0.1) and cookie path. It does not follow the service's
 * meta refresh: the test reads that page.
 */
class Browser {
  private readonly jar = new Map<string, StoredCookie[]>();
  /** every URL asked for, in order */
  readonly visited: URL[] = [];
  /** rewrites a URL before it is asked for (an attacker's or a broken provider's hand in the redirect) */
  rewrite: (url: URL) => URL = (url) => url;

  async get(start: string | URL): Promise<{ url: URL; status: number; body: string }> {
    let url = new URL(start);
    for (let hop = 0; hop < 20; hop++) {
      url = this.rewrite(url);
      this.visited.push(url);
      const cookie = this.cookieHeader(url);
      const response = await fetch(url, { redirect: 'manual', headers: cookie === '' ? {} : { cookie } });
      this.store(url, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.arrayBuffer();
        url = new URL(location, url);
        continue;
      }
      return { url, status: response.status, body: await response.text() };
    }
    throw new Error(`more than 20 redirects from ${String(start)}`);
  }

  /** The cookie `name` this browser would send to `url`, or null. */
  cookie(url: URL, name: string): string | null {
    return this.matching(url).find((c) => c.name === name)?.value ?? null;
  }

  cookieHeader(url: URL): string {
    return this.matching(url)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private matching(url: URL): StoredCookie[] {
    const now = Date.now();
    return (this.jar.get(url.hostname) ?? []).filter((c) => c.expires > now && (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)));
  }

  private store(url: URL, headers: string[]): void {
    const cookies = this.jar.get(url.hostname) ?? [];
    for (const header of headers) {
      const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.slice(0, url.pathname.lastIndexOf('/')) || '/';
      let expires = Number.POSITIVE_INFINITY;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val;
        else if (key.toLowerCase() === 'max-age') expires = Date.now() + Number(val) * 1000;
        else if (key.toLowerCase() === 'expires' && expires === Number.POSITIVE_INFINITY) expires = Date.parse(attribute.slice(attribute.indexOf('=') + 1));
      }
      const kept = cookies.filter((c) => !(c.name === name && c.path === path));
      if (value !== '' && expires > Date.now()) kept.push({ name, value, path, expires });
      cookies.splice(0, cookies.length, ...kept);
    }
    this.jar.set(url.hostname, cookies);
  }
}

/**
 * oidc-provider on 127.0.0.1 with one confidential client (client_secret_post, the one way server/auth/oidc.ts
 * authenticates), PKCE required, RS256 keys made here. `rotate()` stands a new instance of it in: same issuer,
 * client, cookie keys and (oidc-provider's memory adapter is one per process) the same sign-ins under way,
 * but a new signing key, the old one no longer published.
 */
class RealProvider {
  issuer = '';
  /** whom the provider's login signs in next (its subject) */
  person = 'sub-vic';
  /** the person declines at the provider's login instead (access_denied) */
  declines = false;
  /** called in the middle of the provider's interaction, before it answers (to rotate its key there) */
  duringInteraction: () => void = () => {};
  /** the provider's kid now */
  kid = 'key-1';
  /** how many requests its token endpoint has had */
  tokenRequests = 0;
  /** how far its clock is ahead of this machine's (ms) */
  clockAhead = 0;
  private provider!: Provider;
  private handler!: (req: IncomingMessage, res: ServerResponse) => void;
  private server: Server | null = null;
  private readonly errors: unknown[] = [];
  private readonly adapter = sharedAdapter();

  constructor(private readonly redirectUris: string[]) {}

  async start(): Promise<void> {
    this.server = createHttpServer((req, res) => {
      if (this.clockAhead !== 0) {
        // the provider's clock, while it answers (the browser, or the service, waits on it meanwhile)
        const now = Date.now;
        const ahead = this.clockAhead;
        Date.now = () => now() + ahead;
        const restore = () => (Date.now = now);
        res.once('finish', restore).once('close', restore);
      }
      if (req.url?.startsWith('/interaction/')) {
        this.interaction(req, res).catch((error: unknown) => {
          this.errors.push(error);
          res.writeHead(500).end(String(error));
        });
        return;
      }
      if (req.url?.startsWith('/token')) this.tokenRequests++;
      this.handler(req, res);
    });
    this.server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.use(signingKey(this.kid));
  }

  rotate(): void {
    this.kid = `key-${Number(this.kid.slice(4)) + 1}`;
    this.use(signingKey(this.kid));
  }

  /** what the provider's handlers threw (the test expects none) */
  get thrown(): unknown[] {
    return this.errors;
  }

  private use(key: JsonWebKey): void {
    this.provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: this.redirectUris,
          token_endpoint_auth_method: 'client_secret_post',
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      adapter: this.adapter,
      jwks: { keys: [key] },
      pkce: { required: () => true },
      features: { devInteractions: { enabled: false } },
      cookies: { keys: COOKIE_KEYS },
      claims: { openid: ['sub'], profile: ['preferred_username'], email: ['email'] },
      findAccount: (_ctx: unknown, sub: string) => (PEOPLE[sub] ? { accountId: sub, claims: () => ({ sub, ...PEOPLE[sub] }) } : undefined),
    });
    this.provider.on('server_error', (_ctx, error) => this.errors.push(error));
    this.handler = this.provider.callback();
  }

  /** The provider's login and consent pages, answered as the person `person` would: signs them in, grants what is asked. */
  private async interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const provider = this.provider;
    const details = await provider.interactionDetails(req, res);
    let result: Record<string, unknown>;
    if (this.declines) {
      result = { error: 'access_denied', error_description: 'the person declined' };
    } else if (details.prompt.name === 'login') {
      result = { login: { accountId: this.person } };
    } else if (details.prompt.name === 'consent') {
      const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id });
      const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
      if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
      if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
      result = { consent: { grantId: await grant.save() } };
    } else {
      throw new Error(`unexpected prompt ${details.prompt.name}`);
    }
    this.duringInteraction();
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

describe('single sign-on against oidc-provider (a real OpenID Connect provider) on loopback', () => {
  let provider: RealProvider;
  let server: TestServer;
  let base: URL;
  /** ports (and callbacks registered with the provider) for other services: configured wrongly, by claim */
  let otherPort: number;
  let claimPort: number;
  const logged = logCapture();

  /** The callback of a service listening on `port`, as registered with the provider. */
  const callbackAt = (port: number) => `http://127.0.0.1:${port}/api/session/oidc/callback`;

  async function listen(test: TestServer, port: number): Promise<URL> {
    return new URL(await test.app.listen({ port, host: '127.0.0.1' }));
  }

  beforeAll(async () => {
    const port = await freePort();
    otherPort = await freePort();
    claimPort = await freePort();
    provider = new RealProvider([callbackAt(port), callbackAt(otherPort), callbackAt(claimPort)]);
    await provider.start();
    server = await startTestServer({
      oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: callbackAt(port) },
      logger: { level: 'warn', stream: logged.stream },
    });
    base = await listen(server, port);
    await server.app.accounts.add('vic', 'viewer', 'a long enough password');
    await server.app.accounts.add('ada', 'admin', 'a long enough password');
    server.app.accounts.linkSubject('vic', provider.issuer, 'sub-vic');
    server.app.accounts.linkSubject('ada', provider.issuer, 'sub-ada');
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  /** `person` signs in at the provider through a new browser, starting on the service at `at`. */
  async function signIn(person: string, at: URL = base, browser = new Browser()) {
    provider.person = person;
    const page = await browser.get(new URL('/api/session/oidc?next=/views.html', at));
    const session = browser.cookie(new URL('/api/session', at), 'journeys_session');
    const ask = (path: string) => fetch(new URL(path, at), { headers: { cookie: browser.cookieHeader(new URL(path, at)) } });
    return { browser, page, session, ask };
  }

  it('signs a linked viewer in through the whole code flow; their role applies (403 on an admin route), and an admin\'s does too', async () => {
    const { browser, page, session, ask } = await signIn('sub-vic');
    expect(provider.thrown).toEqual([]);
    // the flow went through the provider's own endpoints: authorization, its interaction, back to our callback
    const paths = browser.visited.map((u) => `${u.origin === provider.issuer ? 'provider' : 'service'} ${u.pathname}`);
    expect(paths[0]).toBe('service /api/session/oidc');
    expect(paths).toContain('provider /auth');
    expect(paths.some((p) => p.startsWith('provider /interaction/'))).toBe(true);
    expect(paths.at(-1)).toBe('service /api/session/oidc/callback');
    const authorize = browser.visited.find((u) => u.pathname === '/auth')!;
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    // the provider names itself in its answer (RFC 9207), which the fake provider does not
    expect(browser.visited.at(-1)!.searchParams.get('iss')).toBe(provider.issuer);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Signed in as vic');
    expect(page.body).toContain('<meta http-equiv="refresh" content="0; url=/views.html">');
    expect(session).not.toBeNull();
    // the state cookie is spent
    expect(browser.cookie(new URL('/api/session/oidc/callback', base), 'journeys_oidc')).toBeNull();
    const who = await ask('/api/session');
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({ auth: true, user: { name: 'vic', role: 'viewer' }, oidc: true });
    expect((await ask('/api/audit')).status).toBe(403);

    const admin = await signIn('sub-ada');
    expect(admin.page.status).toBe(200);
    expect(await (await admin.ask('/api/session')).json()).toMatchObject({ user: { name: 'ada', role: 'admin' } });
    expect((await admin.ask('/api/audit')).status).toBe(200);
  });

  it('refuses a person the provider knows but the service has not linked, and signs nobody in', async () => {
    const before = server.app.auditLog.list({ action: 'sign_in' }).length;
    const { page, session, ask } = await signIn('sub-stranger');
    expect(provider.thrown).toEqual([]);
    expect(page.status).toBe(403);
    expect(page.body).toContain('no user linked to your council account');
    expect(session).toBeNull();
    expect(await (await ask('/api/session')).json()).toMatchObject({ auth: true, user: null });
    const entries = server.app.auditLog.list({ action: 'sign_in' });
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toMatchObject({ actor: null, outcome: 'refused', detail: { method: 'oidc', reason: 'no_such_user' } });
    expect(JSON.stringify(entries)).not.toContain('stranger');
  });

  it('refuses an answer that names another issuer, or none where discovery promises one (RFC 9207: mix-up), before its code is spent', async () => {
    const changes: Array<[string, (params: URLSearchParams) => void]> = [
      ['another issuer', (params) => params.set('iss', 'https://evil.example')],
      ['no issuer', (params) => params.delete('iss')],
    ];
    for (const [what, change] of changes) {
      const browser = new Browser();
      browser.rewrite = (url) => {
        if (url.origin !== base.origin || url.pathname !== '/api/session/oidc/callback') return url;
        const changed = new URL(url);
        change(changed.searchParams);
        return changed;
      };
      const tokenRequests = provider.tokenRequests;
      const { page, session } = await signIn('sub-vic', base, browser);
      expect(provider.tokenRequests, what).toBe(tokenRequests);
      expect(page.status, what).toBe(400);
      expect(page.body, what).toContain('Single sign-on did not complete');
      expect(session, what).toBeNull();
      expect(server.app.auditLog.list({ action: 'sign_in' })[0], what).toMatchObject({ outcome: 'failed', detail: { method: 'oidc', reason: 'state_refused' } });
    }
  });

  it('signs nobody in when the person declines at the provider (access_denied comes back to the callback)', async () => {
    provider.declines = true;
    try {
      const { browser, page, session } = await signIn('sub-vic');
      expect(provider.thrown).toEqual([]);
      expect(browser.visited.at(-1)!.searchParams.get('error')).toBe('access_denied');
      expect(page.status).toBe(400);
      expect(page.body).toContain('Single sign-on did not complete');
      expect(session).toBeNull();
      expect(server.app.auditLog.list({ action: 'sign_in' })[0]).toMatchObject({ outcome: 'failed', detail: { method: 'oidc', reason: 'provider_error' } });
    } finally {
      provider.declines = false;
    }
  });

  it('refuses the sign-in when the service is configured with a wrong client secret, says why in its log, and starts no session', async () => {
    const { stream, lines } = logCapture();
    const wrong = await startTestServer({
      oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: 'not-the-secret', redirectUri: callbackAt(otherPort) },
      logger: { level: 'warn', stream },
    });
    try {
      const at = await listen(wrong, otherPort);
      await wrong.app.accounts.add('vic', 'viewer', 'a long enough password');
      wrong.app.accounts.linkSubject('vic', provider.issuer, 'sub-vic');
      const { page, session, ask } = await signIn('sub-vic', at);
      expect(page.status).toBe(401);
      expect(page.body).toContain('Single sign-on did not complete');
      expect(session).toBeNull();
      expect(await (await ask('/api/session')).json()).toMatchObject({ user: null });
      expect(wrong.app.auditLog.list({ action: 'sign_in' })[0]).toMatchObject({ outcome: 'failed', detail: { method: 'oidc', reason: 'token_refused' } });
      const warning = lines.map((l) => JSON.parse(l) as { msg?: string; reason?: string }).find((l) => l.msg === 'single sign-on refused');
      // the log names the provider's refusal (RFC 6749 5.2), not only a status: a wrong secret is told from a wrong code
      expect(warning?.reason).toMatch(/^the token endpoint answered 401: invalid_client \(.+\)$/);
    } finally {
      await wrong.close();
    }
  });

  it('with JOURNEYS_OIDC_CLAIM set, finds the claim at the provider\'s userinfo when its ID token does not carry it (OIDC Core 5.4)', async () => {
    // oidc-provider, like any provider that keeps to OIDC Core 5.4, puts the profile and email claims a
    // scope asks for in its userinfo answer, not in the ID token, when it issues an access token too
    const byName = await startTestServer({ oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: callbackAt(claimPort), claim: 'preferred_username' } });
    try {
      const at = await listen(byName, claimPort);
      await byName.app.accounts.add('vic', 'viewer', 'a long enough password');
      const { page, session, ask } = await signIn('sub-vic', at);
      expect(provider.thrown).toEqual([]);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Signed in as vic');
      expect(session).not.toBeNull();
      expect(await (await ask('/api/session')).json()).toMatchObject({ user: { name: 'vic', role: 'viewer' } });
      // someone the service has no user for by that name is still refused
      const stranger = await signIn('sub-stranger', at);
      expect(stranger.page.status).toBe(403);
      expect(stranger.page.body).toContain('no user of that name');
      expect(stranger.session).toBeNull();
    } finally {
      await byName.close();
    }
  });

  it('allows the provider\'s clock to be a minute ahead of the service\'s, not more (the ID token\'s iat)', async () => {
    const { app } = server;
    try {
      provider.clockAhead = 30_000;
      expect((await signIn('sub-vic')).page.status).toBe(200);
      provider.clockAhead = 5 * 60_000;
      const { page, session } = await signIn('sub-vic');
      expect(page.status).toBe(401);
      expect(session).toBeNull();
      expect(app.auditLog.list({ action: 'sign_in' })[0]).toMatchObject({ outcome: 'failed', detail: { method: 'oidc', reason: 'token_refused' } });
      const warning = logged.lines.map((l) => JSON.parse(l) as { msg?: string; reason?: string }).findLast((l) => l.msg === 'single sign-on refused');
      expect(warning?.reason).toBe('the ID token is issued in the future');
    } finally {
      provider.clockAhead = 0;
    }
  });

  it('follows the provider\'s key rotation: a key not seen before (between discovery and callback) is fetched from its JWKS again', async () => {
    // a sign-in first, so the service holds the provider's discovery and its keys of now
    expect((await signIn('sub-vic')).page.status).toBe(200);
    const before = provider.kid;
    provider.duringInteraction = () => provider.rotate();
    try {
      const { page, session, ask } = await signIn('sub-ada');
      expect(provider.thrown).toEqual([]);
      expect(provider.kid).not.toBe(before);
      const jwks = (await (await fetch(`${provider.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toEqual([provider.kid]);
      expect(page.status).toBe(200);
      expect(session).not.toBeNull();
      expect(await (await ask('/api/session')).json()).toMatchObject({ user: { name: 'ada', role: 'admin' } });
    } finally {
      provider.duringInteraction = () => {};
    }
  });
});
