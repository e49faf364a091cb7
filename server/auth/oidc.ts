// Single sign-on with the council's identity provider (OpenID Connect), optional: the authorization
// code flow with PKCE (S256), the provider found by discovery (`/.well-known/openid-configuration`),
// the issuer it names in its answer checked (RFC 9207, where it names one), the ID token's RS256
// signature checked against the provider's published keys (JWKS), and its issuer, audience, expiry
// (and not-before, where set) and nonce checked. It signs in a person the service already knows: by
// default the user linked to the token's issuer and subject (`sub`, which a provider never gives to
// anyone else; `cli users link`), or, where `claim` is configured, the user named by that claim, from
// the ID token or else the provider's userinfo answer (a provider that lets people edit it lets them
// choose whom they sign in as: audit a12e M5). Nobody gets an account, nor a role, from the identity
// provider alone.
import { createCipheriv, createDecipheriv, createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';

export interface OidcConfig {
  /** the provider's issuer URL, exactly as its discovery document and ID tokens say it */
  issuer: string;
  clientId: string;
  /** sent to the token endpoint (client_secret_post) when set; a public client uses PKCE alone */
  clientSecret?: string;
  /** this service's callback as registered with the provider: https://NAME/api/session/oidc/callback */
  redirectUri: string;
  /**
   * the claim that holds the user's name here (from the ID token, or the userinfo answer about the same `sub`
   * when the ID token lacks it); when absent (the default) the user is the one linked to the token's issuer
   * and `sub` instead. Only for a provider whose users cannot change the claim.
   */
  claim?: string;
  /** @default 'openid profile email' */
  scope?: string;
  /** for tests: the fetch used to reach the provider */
  fetch?: typeof fetch;
}

/** The config from JOURNEYS_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _REDIRECT_URI, _CLAIM; null when not set. */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = env.JOURNEYS_OIDC_ISSUER;
  if (!issuer) return null;
  const clientId = env.JOURNEYS_OIDC_CLIENT_ID;
  const redirectUri = env.JOURNEYS_OIDC_REDIRECT_URI;
  if (!clientId || !redirectUri) throw new Error('JOURNEYS_OIDC_ISSUER needs JOURNEYS_OIDC_CLIENT_ID and JOURNEYS_OIDC_REDIRECT_URI too');
  return {
    issuer,
    clientId,
    redirectUri,
    ...(env.JOURNEYS_OIDC_CLIENT_SECRET ? { clientSecret: env.JOURNEYS_OIDC_CLIENT_SECRET } : {}),
    ...(env.JOURNEYS_OIDC_CLAIM ? { claim: env.JOURNEYS_OIDC_CLAIM } : {}),
  };
}

/**
 * What a sign-in started here must bring back. The browser keeps it, sealed (AES-256-GCM under a key of
 * this process) in the state cookie, not the service: a flood of sign-ins started and never finished fills
 * no table and shuts nobody out (audit a12e M5: 10,000 pending sign-ins used to refuse every other for ten
 * minutes).
 */
interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  created: number;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  /** where the access token reads the person's claims (OIDC Core 5.3), asked only for a configured claim the ID token lacks */
  userinfo_endpoint?: string;
  /** RFC 9207: the provider names itself (`iss`) in every authorization response */
  authorization_response_iss_parameter_supported?: boolean;
}

/** A refusal of the provider's answer: the person is not signed in, and why is logged, not shown. */
export class OidcError extends Error {
  /** 400: the sign-in's state is wrong (this browser did not start it, or it was used); 401: the provider's token is */
  constructor(
    message: string,
    readonly status: 400 | 401 = 401,
  ) {
    super(message);
  }
}

const random = (): string => randomBytes(32).toString('base64url');
const PENDING_MS = 10 * 60_000;
/** States spent (each used once) remembered for PENDING_MS, at most this many: the oldest go first. */
const MAX_SPENT = 100_000;
const CLOCK_SKEW_S = 60;

export class OidcClient {
  private discovery: Promise<Discovery> | null = null;
  private keys: Map<string, JsonWebKey> | null = null;
  /** seals the state cookies; a restart forgets it, and sign-ins then under way start again */
  private readonly sealKey = randomBytes(32);
  /** state → when it was spent, oldest first */
  private readonly spent = new Map<string, number>();
  private readonly fetch: typeof fetch;

  constructor(private readonly config: OidcConfig) {
    this.fetch = config.fetch ?? fetch;
  }

  /**
   * Who the ID token's claims sign in: `{ claim, value }` to look up, the claim configured (a user's name)
   * or the subject (`sub`, to find by issuer and subject); null when the token lacks it.
   */
  identity(claims: Record<string, unknown>): { by: 'name' | 'subject'; value: string } | null {
    const by = this.config.claim === undefined ? 'subject' : 'name';
    const value = claims[this.config.claim ?? 'sub'];
    return typeof value === 'string' && value !== '' ? { by, value } : null;
  }

  /** Where to send the browser to sign in, the state its answer must carry back, and the cookie that binds it to this browser. */
  async start(next: string, now = Date.now()): Promise<{ url: string; state: string; cookie: string }> {
    const d = await this.discover();
    const pending: PendingSignIn = { state: random(), nonce: random(), verifier: random(), next, created: now };
    const url = new URL(d.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: this.config.redirectUri,
      scope: this.config.scope ?? 'openid profile email',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), state: pending.state, cookie: this.seal(pending) };
  }

  /**
   * The provider's answer (the callback's `code`, `state` and `iss`; `cookie` is the state cookie of the
   * browser that started): the ID token's claims, once every check passed. Each state is used once: any
   * answer that brings it spends it.
   */
  async finish(code: string, state: string, cookie: string | null, iss?: string, now = Date.now()): Promise<{ claims: Record<string, unknown>; next: string }> {
    const used = this.spend(state, now);
    const pending = cookie === null ? null : this.unseal(cookie);
    if (pending === null || pending.state !== state) throw new OidcError('the sign-in was started in another browser', 400);
    if (used || now - pending.created > PENDING_MS || now < pending.created) throw new OidcError('unknown, used or expired sign-in state', 400);
    const d = await this.discover();
    // RFC 9207: an answer naming another issuer, or none from a provider that always names itself, may be
    // another provider's code brought here (mix-up); it is not sent to this provider's token endpoint.
    if (iss !== undefined ? iss !== this.config.issuer : d.authorization_response_iss_parameter_supported === true) {
      throw new OidcError(`the answer names issuer ${iss === undefined ? '(none)' : JSON.stringify(iss.slice(0, 200))}, not ${this.config.issuer} (RFC 9207)`, 400);
    }
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.config.redirectUri,
      client_id: this.config.clientId,
      code_verifier: pending.verifier,
      ...(this.config.clientSecret ? { client_secret: this.config.clientSecret } : {}),
    });
    const response = await this.fetch(d.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body });
    if (!response.ok) throw new OidcError(`the token endpoint answered ${response.status}${await oauthError(response)}`);
    const tokens = (await response.json()) as { id_token?: unknown; access_token?: unknown };
    if (typeof tokens.id_token !== 'string') throw new OidcError('the token endpoint sent no ID token');
    const claims = await this.verifyIdToken(tokens.id_token, now);
    if (claims.nonce !== pending.nonce) throw new OidcError('the ID token is not for this sign-in (nonce)');
    const claim = this.config.claim;
    if (claim !== undefined && claims[claim] === undefined && typeof tokens.access_token === 'string' && d.userinfo_endpoint) {
      return { claims: { ...claims, [claim]: await this.userinfoClaim(d.userinfo_endpoint, tokens.access_token, claims.sub, claim) }, next: pending.next };
    }
    return { claims, next: pending.next };
  }

  /**
   * The configured claim from the provider's userinfo answer, for a provider that keeps the claims a scope
   * asks for out of the ID token when it issues an access token (OIDC Core 5.4: oidc-provider does). The
   * answer must be about the ID token's subject (OIDC Core 5.3.4); only that one claim is taken from it.
   */
  private async userinfoClaim(endpoint: string, accessToken: string, sub: unknown, claim: string): Promise<unknown> {
    const response = await this.fetch(endpoint, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    if (!response.ok) throw new OidcError(`the userinfo endpoint answered ${response.status}`);
    let info: Record<string, unknown>;
    try {
      info = (await response.json()) as Record<string, unknown>;
    } catch {
      throw new OidcError('the userinfo endpoint did not answer JSON (signed or encrypted userinfo is not read)');
    }
    if (typeof info !== 'object' || info === null || info.sub !== sub) throw new OidcError('the userinfo answer is about another subject than the ID token');
    return info[claim];
  }

  /** Marks `state` used; whether it already was. */
  private spend(state: string, now: number): boolean {
    for (const [old, at] of this.spent) {
      if (now - at <= PENDING_MS && this.spent.size < MAX_SPENT) break;
      this.spent.delete(old);
    }
    const used = this.spent.has(state);
    if (!used) this.spent.set(state, now);
    return used;
  }

  private seal(pending: PendingSignIn): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(pending), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** The sign-in a state cookie holds, or null when it was not sealed here (another process, tampered, cut). */
  private unseal(cookie: string): PendingSignIn | null {
    try {
      const bytes = Buffer.from(cookie, 'base64url');
      if (bytes.length < 29) return null;
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const p = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as PendingSignIn;
      return typeof p.state === 'string' && typeof p.nonce === 'string' && typeof p.verifier === 'string' && typeof p.next === 'string' && typeof p.created === 'number' ? p : null;
    } catch {
      return null;
    }
  }

  private async verifyIdToken(token: string, now: number): Promise<Record<string, unknown>> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new OidcError('the ID token is not a JWT');
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = parseJson(headerPart) as { alg?: unknown; kid?: unknown };
    if (header.alg !== 'RS256') throw new OidcError(`ID tokens signed with ${String(header.alg)} are not accepted (RS256 only)`);
    const key = await this.key(typeof header.kid === 'string' ? header.kid : null);
    const signed = Buffer.from(`${headerPart}.${payloadPart}`);
    if (!verify('sha256', signed, createPublicKey({ key, format: 'jwk' }), Buffer.from(signaturePart, 'base64url'))) throw new OidcError('the ID token signature does not verify');
    const claims = parseJson(payloadPart) as Record<string, unknown>;
    const seconds = now / 1000;
    if (claims.iss !== this.config.issuer) throw new OidcError('the ID token is from another issuer');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(this.config.clientId)) throw new OidcError('the ID token is for another client');
    if (audiences.length > 1 && claims.azp !== this.config.clientId) throw new OidcError('the ID token was issued to another party (azp)');
    if (typeof claims.exp !== 'number' || claims.exp < seconds - CLOCK_SKEW_S) throw new OidcError('the ID token has expired');
    if (typeof claims.iat === 'number' && claims.iat > seconds + CLOCK_SKEW_S) throw new OidcError('the ID token is issued in the future');
    if (typeof claims.nbf === 'number' && claims.nbf > seconds + CLOCK_SKEW_S) throw new OidcError('the ID token is not valid yet (nbf)');
    return claims;
  }

  /** The signing key `kid` (or the only one), from the provider's JWKS; fetched again once for a key not seen yet (rotation). */
  private async key(kid: string | null): Promise<JsonWebKey> {
    for (const fresh of [false, true]) {
      if (this.keys === null || fresh) {
        const d = await this.discover();
        const response = await this.fetch(d.jwks_uri, { headers: { accept: 'application/json' } });
        if (!response.ok) throw new OidcError(`the provider's keys could not be read (${response.status})`);
        const { keys } = (await response.json()) as { keys?: (JsonWebKey & { kid?: string; use?: string })[] };
        this.keys = new Map((keys ?? []).filter((k) => k.kty === 'RSA' && (k.use === undefined || k.use === 'sig')).map((k, i) => [k.kid ?? `#${i}`, k]));
      }
      const found = kid !== null ? this.keys.get(kid) : this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
      if (found) return found;
    }
    throw new OidcError('the ID token is signed with a key the provider does not publish');
  }

  private discover(): Promise<Discovery> {
    this.discovery ??= (async () => {
      const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await this.fetch(url, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new OidcError(`discovery at ${url} answered ${response.status}`);
      const d = (await response.json()) as Partial<Discovery>;
      if (d.issuer !== this.config.issuer) throw new OidcError(`discovery names issuer ${String(d.issuer)}, not ${this.config.issuer}`);
      if (!d.authorization_endpoint || !d.token_endpoint || !d.jwks_uri) throw new OidcError('discovery lacks an authorization, token or JWKS endpoint');
      return d as Discovery;
    })().catch((error: unknown) => {
      this.discovery = null; // try again on the next sign-in
      throw error;
    });
    return this.discovery;
  }
}

/**
 * The OAuth error of a refusal (RFC 6749 5.2: `invalid_client` for a wrong secret, `invalid_grant` for a code
 * spent or a wrong verifier) as `: error (description)` for the log, cut short and printable only; '' if none.
 */
async function oauthError(response: Response): Promise<string> {
  const printable = (value: unknown, most: number) => (typeof value === 'string' ? value.replace(/[^\x20-\x7e]/g, '?').slice(0, most) : '');
  try {
    const body = (await response.json()) as { error?: unknown; error_description?: unknown };
    const error = printable(body.error, 64);
    const description = printable(body.error_description, 200);
    return error === '' ? '' : `: ${error}${description === '' ? '' : ` (${description})`}`;
  } catch {
    return '';
  }
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new OidcError('the ID token is not a JWT');
  }
}
