import { beforeEach, describe, expect, it, vi } from 'vitest';

const SECRET = 'a'.repeat(40);

async function load(env: Record<string, string>) {
  vi.resetModules();
  vi.unstubAllEnvs();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  // Module state lives on globalThis (proxy.ts and the routes share it): a fresh test needs a fresh one.
  for (const key of Object.getOwnPropertySymbols(globalThis)) {
    if (key.description?.startsWith('bare-metal-console.')) delete (globalThis as Record<symbol, unknown>)[key];
  }
  return { session: await import('./session'), request: await import('./request'), revocation: await import('./revocation') };
}

const user = { mode: 'token' as const, token: 'sha256~secret-token', username: 'alice', groups: ['system:authenticated'] };

describe('sealed sessions', () => {
  beforeEach(() => vi.unstubAllEnvs());

  it('round-trips with a fresh id and CSRF token, and the sealed cookie does not show the token', async () => {
    const { session } = await load({ CONSOLE_SESSION_SECRET: SECRET });
    const sealed = await session.sealSession(user);
    expect(sealed).not.toContain('secret-token');
    expect(Buffer.from(sealed.split('.').join(''), 'base64url').toString('latin1')).not.toContain('secret-token');
    const opened = await session.openSession(sealed);
    expect(opened).toMatchObject(user);
    expect(opened?.sid).toMatch(/^[\w-]{20,}$/);
    expect(opened?.csrf).toMatch(/^[\w-]{40,}$/);
    const again = await session.openSession(await session.sealSession(user));
    expect(again?.sid).not.toBe(opened?.sid);
  });

  it('refuses a tampered cookie, a cookie sealed with another key, and garbage', async () => {
    const first = await load({ CONSOLE_SESSION_SECRET: SECRET });
    const sealed = await first.session.sealSession(user);
    const parts = sealed.split('.');
    parts[3] = `${parts[3]?.slice(0, -2)}AA`;
    expect(await first.session.openSession(parts.join('.'))).toBeUndefined();
    expect(await first.session.openSession('not-a-session')).toBeUndefined();
    expect(await first.session.openSession(undefined)).toBeUndefined();
    const other = await load({ CONSOLE_SESSION_SECRET: 'b'.repeat(40) });
    expect(await other.session.openSession(sealed)).toBeUndefined();
  });

  it('refuses an expired session', async () => {
    const { session } = await load({ CONSOLE_SESSION_SECRET: SECRET, CONSOLE_SESSION_HOURS: '1' });
    const sealed = await session.sealSession(user);
    vi.useFakeTimers();
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    try {
      expect(await session.openSession(sealed)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a signed-out session even when its cookie is replayed', async () => {
    const { session, request, revocation } = await load({ CONSOLE_SESSION_SECRET: SECRET });
    const sealed = await session.sealSession(user);
    const live = await request.liveSession(sealed);
    expect(live).toBeDefined();
    await revocation.revocations().revoke(live!.sid, live!.expiresAt);
    expect(await request.liveSession(sealed)).toBeUndefined();
    const other = await request.liveSession(await session.sealSession(user));
    expect(other, 'another sign-in of the same user is not affected').toBeDefined();
  });

  it('names the cookie __Host- and Secure under TLS, and always httpOnly and SameSite=Strict', async () => {
    const { session } = await load({ CONSOLE_SESSION_SECRET: SECRET });
    expect(session.sessionCookie(true)).toMatchObject({ name: '__Host-bmconsole-session', options: { secure: true, httpOnly: true, sameSite: 'strict', path: '/' } });
    expect(session.sessionCookie(false)).toMatchObject({ name: 'bmconsole-session', options: { secure: false, httpOnly: true, sameSite: 'strict' } });
  });
});

describe('mutating request checks', () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  beforeEach(() => vi.unstubAllEnvs());

  it('accepts only the console’s own origin, never one a header claims', async () => {
    const { request } = await load({});
    expect(request.originRefusal(headers({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).toBeUndefined();
    expect(request.originRefusal(headers({ host: '127.0.0.1:3000', origin: 'http://evil.example' }))).toBe('Cross-origin requests are refused (http://evil.example).');
    expect(request.originRefusal(headers({ host: '127.0.0.1:3000' }))).toBe('The request has no Origin header.');
    // X-Forwarded-Host and -Proto are whatever the sender says: they move neither the origin nor the cookie flags.
    expect(request.originRefusal(headers({ host: '127.0.0.1:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', origin: 'https://evil.example' }))).toMatch(/refused/);
    expect(request.isSecureRequest()).toBe(false);
  });

  it('takes the origin and TLS from CONSOLE_ORIGIN behind a proxy', async () => {
    const { request } = await load({ CONSOLE_ORIGIN: 'https://console.example.com' });
    expect(request.isSecureRequest()).toBe(true);
    expect(request.originRefusal(headers({ host: '10.0.0.5:3000', origin: 'https://console.example.com' }))).toBeUndefined();
    expect(request.originRefusal(headers({ host: '10.0.0.5:3000', origin: 'http://10.0.0.5:3000' }))).toMatch(/refused/);
  });

  it('needs the session’s CSRF token, exactly', async () => {
    const { request, session } = await load({ CONSOLE_SESSION_SECRET: SECRET });
    const live = (await session.openSession(await session.sealSession(user)))!;
    expect(request.csrfRefusal(headers({ 'x-csrf-token': live.csrf }), live)).toBeUndefined();
    expect(request.csrfRefusal(headers({ 'x-csrf-token': `${live.csrf.slice(0, -1)}#` }), live)).toBe('The CSRF token is missing or wrong.');
    expect(request.csrfRefusal(headers({}), live)).toBe('The CSRF token is missing or wrong.');
  });

  it('serves only loopback Host names in kubeconfig mode, whatever X-Forwarded-Host says', async () => {
    const { request } = await load({ CONSOLE_AUTH_MODE: 'kubeconfig' });
    expect(request.hostRefusal(headers({ host: 'localhost:3000' }))).toBeUndefined();
    expect(request.hostRefusal(headers({ host: '127.0.0.1:3000' }))).toBeUndefined();
    expect(request.hostRefusal(headers({ host: '[::1]:3000' }))).toBeUndefined();
    expect(request.hostRefusal(headers({ host: 'rebound.example.com:3000' }))).toMatch(/only loopback/);
    expect(request.hostRefusal(headers({ host: 'rebound.example.com:3000', 'x-forwarded-host': '127.0.0.1:3000' }))).toMatch(/only loopback/);
  });
});
