import { beforeEach, describe, expect, it, vi } from 'vitest';

const SECRET = 'b'.repeat(40);

async function load(env: Record<string, string> = {}) {
  vi.resetModules();
  vi.unstubAllEnvs();
  vi.stubEnv('CONSOLE_SESSION_SECRET', SECRET);
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  for (const key of Object.getOwnPropertySymbols(globalThis)) {
    if (key.description?.startsWith('bare-metal-console.')) delete (globalThis as Record<symbol, unknown>)[key];
  }
  return { session: await import('./session'), request: await import('./request'), credentials: await import('./oidc-credentials') };
}

/** A cookie jar as the browser keeps it: a value set empty with maxAge 0 is deleted. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    cookies,
    set: (name: string, value: string, options: Record<string, unknown>) => {
      if (!value || options.maxAge === 0) cookies.delete(name);
      else cookies.set(name, value);
    },
    get: (name: string) => cookies.get(name),
  };
}

// A provider's tokens: three JWT-sized strings that together exceed one 4 KiB cookie.
const big = (label: string) => `${label}.${'x'.repeat(1400)}.${'y'.repeat(340)}`;
const now = Date.now();
const sso = {
  mode: 'oidc' as const,
  token: big('access'),
  tokenIssuedAt: now,
  tokenExpiresAt: now + 300_000,
  refreshToken: big('refresh'),
  idToken: big('id'),
  username: 'oidc:ada',
  groups: ['oidc:console-admins', 'system:authenticated'],
};

describe('single sign-on sessions in cookies', () => {
  beforeEach(() => vi.unstubAllEnvs());

  it('splits a session larger than one cookie over chunks, each under the 4096-byte limit, and reads it back', async () => {
    const { session, request } = await load();
    const sealed = await session.sealSession(sso);
    expect(sealed.length).toBeGreaterThan(4096);
    const browser = jar();
    session.writeSessionCookies(browser, sealed, false);
    expect([...browser.cookies.keys()]).toEqual(['bmconsole-session', 'bmconsole-session.1']);
    for (const value of browser.cookies.values()) expect(value.length).toBeLessThanOrEqual(session.COOKIE_CHUNK_CHARS);
    const live = await request.sessionFromCookieReader(browser.get);
    expect(live).toMatchObject({ ...sso });
  });

  it('deletes the chunks a longer session left when a shorter one replaces it', async () => {
    const { session, request } = await load();
    const browser = jar();
    session.writeSessionCookies(browser, await session.sealSession(sso), false);
    session.writeSessionCookies(browser, await session.sealSession({ mode: 'token', token: 'short', username: 'bob', groups: [] }), false);
    expect([...browser.cookies.keys()]).toEqual(['bmconsole-session']);
    expect((await request.sessionFromCookieReader(browser.get))?.username).toBe('bob');
    session.clearSessionCookies(browser);
    expect(browser.cookies.size).toBe(0);
  });

  it('refuses a session too large for the browser rather than losing part of it', async () => {
    const { session } = await load();
    const sealed = await session.sealSession({ ...sso, groups: Array.from({ length: 600 }, (_, i) => `oidc:group-number-${i}`) });
    expect(() => session.writeSessionCookies(jar(), sealed, false)).toThrow(/too large/);
  });

  it('a single sign-on session whose token expired is not live, and re-sealing keeps its id, CSRF token and expiry', async () => {
    const { session, request } = await load();
    const expired = await session.sealSession({ ...sso, tokenExpiresAt: Date.now() - 1 });
    expect(await request.liveSession(expired)).toBeUndefined();
    const opened = (await session.openSession(await session.sealSession(sso)))!;
    const resealed = await session.openSession(await session.resealSession({ ...opened, token: 'new-access-token' }));
    expect(resealed).toMatchObject({ sid: opened.sid, csrf: opened.csrf, token: 'new-access-token' });
    expect(Math.abs(resealed!.expiresAt - opened.expiresAt)).toBeLessThan(1000);
  });

  it('keys per-identity caches by the session, not by a token that changes at every refresh', async () => {
    const { session } = await load();
    const opened = (await session.openSession(await session.sealSession(sso)))!;
    expect(session.identityKey(opened)).toBe(session.identityKey({ ...opened, token: 'refreshed' }));
    expect(session.identityKey(opened)).not.toContain(opened.sid);
  });

  it('refreshes in the last quarter of a token\'s lifetime, and at most a minute before it expires', async () => {
    const { credentials } = await load();
    const fiveMinutes = { accessToken: 'a', issuedAt: 0, expiresAt: 300_000 };
    expect(credentials.refreshDue(fiveMinutes, 239_000)).toBe(false);
    expect(credentials.refreshDue(fiveMinutes, 240_000)).toBe(true);
    const thirtySeconds = { accessToken: 'a', issuedAt: 0, expiresAt: 30_000 };
    expect(credentials.refreshDue(thirtySeconds, 22_000)).toBe(false);
    expect(credentials.refreshDue(thirtySeconds, 22_500)).toBe(true);
  });
});
