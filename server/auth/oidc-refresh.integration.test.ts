import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcState, logoutUserAtProvider, passwordGrant, requireOidcState } from '@/e2e/cluster/oidc';

/**
 * Token refresh against the test bed's real Keycloak and kube-apiserver (TESTBED_OIDC=1): the
 * console's own code (openid-client's refresh grant, the per-session store, the KubeConfig that
 * asks for a fresh token per request, the proxy's re-sealing) with tokens from the realm's public
 * test client (password grant), whose tokens the apiserver accepts as it does the console's.
 */

let state: OidcState;
type Modules = {
  credentials: typeof import('./oidc-credentials');
  refresh: typeof import('./refresh');
  session: typeof import('./session');
  selfReview: typeof import('./self-review');
  identity: typeof import('../kube/identity');
};
let m: Modules;

beforeAll(async () => {
  state = requireOidcState();
  if (process.env.NODE_EXTRA_CA_CERTS !== state.caFile) {
    throw new Error(`Run through npm run test:integration: Node must trust the provider's CA from its start (NODE_EXTRA_CA_CERTS=${state.caFile})`);
  }
  // The console's configuration, read once on first use: set before the modules load.
  Object.assign(process.env, {
    CONSOLE_OIDC_ISSUER: state.issuer,
    CONSOLE_OIDC_CLIENT_ID: state.cliClientId,
    CONSOLE_OIDC_PROVIDER_NAME: state.providerName,
    CONSOLE_ORIGIN: 'http://127.0.0.1:9',
  });
  m = {
    credentials: await import('./oidc-credentials'),
    refresh: await import('./refresh'),
    session: await import('./session'),
    selfReview: await import('./self-review'),
    identity: await import('../kube/identity'),
  };
});

afterAll(() => {
  for (const key of ['CONSOLE_OIDC_ISSUER', 'CONSOLE_OIDC_CLIENT_ID', 'CONSOLE_OIDC_PROVIDER_NAME', 'CONSOLE_ORIGIN']) delete process.env[key];
});

/**
 * A signed-in session holding real tokens whose recorded lifetime is nearly over (so a refresh is
 * due now), or already over, while the provider's session is alive.
 */
async function dueSession(options: { user?: 'admin' | 'viewer'; token?: string; expired?: boolean } = {}) {
  const user = state.users[options.user ?? 'admin'];
  const tokens = await passwordGrant(state, user);
  const now = Date.now();
  const sealed = await m.session.sealSession({
    mode: 'oidc',
    token: options.token ?? tokens.access_token,
    tokenIssuedAt: now - 290_000,
    tokenExpiresAt: options.expired ? now - 1000 : now + 10_000,
    refreshToken: tokens.refresh_token,
    idToken: tokens.id_token,
    username: user.kubeUsername,
    groups: [`oidc:${user.group}`],
  });
  const session = await m.session.openSession(sealed);
  if (!session) throw new Error('the sealed session does not open');
  return { user, tokens, sealed, session };
}

describe('single sign-on token refresh', () => {
  it('refreshes a due token once however many requests ask, and the apiserver accepts the new one', async () => {
    const { user, tokens, session } = await dueSession();
    const answers = await Promise.all(Array.from({ length: 5 }, () => m.credentials.freshCredentials(session)));
    const fresh = answers[0];
    expect(fresh?.accessToken).toBeDefined();
    expect(fresh?.accessToken).not.toBe(tokens.access_token);
    expect(new Set(answers.map((a) => a?.accessToken)).size, 'one refresh for concurrent requests').toBe(1);
    expect(fresh!.expiresAt - fresh!.issuedAt).toBeGreaterThan(60_000);
    const who = await m.selfReview.reviewSelf(m.identity.tokenKubeConfig(fresh!.accessToken));
    expect(who.username).toBe(user.kubeUsername);
    expect(who.groups).toContain(`oidc:${user.group}`);
  });

  it('re-seals the cookie with the new tokens, keeping the session id, CSRF token and expiry', async () => {
    const { sealed, session } = await dueSession({ user: 'viewer' });
    const name = m.session.SESSION_COOKIE_NAMES[1];
    const { session: refreshed, resealed } = await m.refresh.sessionForRequest((cookie) => (cookie === name ? sealed : undefined));
    expect(resealed).toBeDefined();
    expect(refreshed?.token).not.toBe(session.token);
    const reopened = await m.session.openSession(resealed);
    expect(reopened).toMatchObject({ sid: session.sid, csrf: session.csrf, mode: 'oidc', username: session.username, token: refreshed?.token });
    expect(Math.abs((reopened?.expiresAt ?? 0) - session.expiresAt)).toBeLessThan(1000);
    // The next request with the new cookie needs no refresh.
    const again = await m.refresh.sessionForRequest((cookie) => (cookie === name ? resealed : undefined));
    expect(again.resealed).toBeUndefined();
    expect(again.session?.token).toBe(refreshed?.token);
  });

  it('lets work that outlives the token (a flow, a watch) go on: each cluster call gets a fresh token', async () => {
    // The cookie's access token is long expired (and not even a token): only the refresh token works.
    const { user, session } = await dueSession({ token: 'expired-access-token', expired: true });
    const kc = m.identity.kubeConfigFor(session);
    expect((await m.selfReview.reviewSelf(kc)).username).toBe(user.kubeUsername);
  });

  it('ends the session once the provider refuses the refresh token (its session was revoked)', async () => {
    const { user, sealed, session } = await dueSession({ user: 'viewer' });
    await logoutUserAtProvider(state, user);
    expect(await m.credentials.freshCredentials(session)).toBeUndefined();
    expect(await m.refresh.oidcSessionEnded(session)).toBe(true);
    const name = m.session.SESSION_COOKIE_NAMES[1];
    expect((await m.refresh.sessionForRequest((cookie) => (cookie === name ? sealed : undefined))).session).toBeUndefined();
  });

  it('keeps a session whose token is not due without asking the provider', async () => {
    const user = state.users.admin;
    const tokens = await passwordGrant(state, user);
    const now = Date.now();
    const session = await m.session.openSession(
      await m.session.sealSession({ mode: 'oidc', token: tokens.access_token, tokenIssuedAt: now, tokenExpiresAt: now + 300_000, refreshToken: 'not-a-refresh-token', username: user.kubeUsername, groups: [] }),
    );
    expect((await m.credentials.freshCredentials(session!))?.accessToken).toBe(tokens.access_token);
  });
});
