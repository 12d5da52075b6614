import { beforeEach, describe, expect, it, vi } from 'vitest';

const SECRET = 'a'.repeat(40);

async function load(env: Record<string, string>) {
  vi.resetModules();
  vi.unstubAllEnvs();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return import('./session');
}

const session = { mode: 'token' as const, token: 'sha256~secret-token', username: 'alice', groups: ['system:authenticated'], csrf: 'c'.repeat(43) };

describe('sealed sessions', () => {
  beforeEach(() => vi.unstubAllEnvs());

  it('round-trips, and the sealed cookie does not show the token', async () => {
    const { sealSession, openSession } = await load({ CONSOLE_SESSION_SECRET: SECRET });
    const sealed = await sealSession(session);
    expect(sealed).not.toContain('secret-token');
    expect(Buffer.from(sealed.split('.').join(''), 'base64url').toString('latin1')).not.toContain('secret-token');
    expect(await openSession(sealed)).toEqual(session);
  });

  it('refuses a tampered cookie, a cookie sealed with another key, and garbage', async () => {
    const first = await load({ CONSOLE_SESSION_SECRET: SECRET });
    const sealed = await first.sealSession(session);
    const parts = sealed.split('.');
    parts[3] = `${parts[3]?.slice(0, -2)}AA`;
    expect(await first.openSession(parts.join('.'))).toBeUndefined();
    expect(await first.openSession('not-a-session')).toBeUndefined();
    expect(await first.openSession(undefined)).toBeUndefined();
    const other = await load({ CONSOLE_SESSION_SECRET: 'b'.repeat(40) });
    expect(await other.openSession(sealed)).toBeUndefined();
  });

  it('refuses an expired session', async () => {
    const { sealSession, openSession } = await load({ CONSOLE_SESSION_SECRET: SECRET, CONSOLE_SESSION_HOURS: '1' });
    const sealed = await sealSession(session);
    vi.useFakeTimers();
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    try {
      expect(await openSession(sealed)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('names the cookie __Host- and Secure under TLS, and always httpOnly and SameSite=Strict', async () => {
    const { sessionCookie } = await load({ CONSOLE_SESSION_SECRET: SECRET });
    expect(sessionCookie(true)).toMatchObject({ name: '__Host-bmconsole-session', options: { secure: true, httpOnly: true, sameSite: 'strict', path: '/' } });
    expect(sessionCookie(false)).toMatchObject({ name: 'bmconsole-session', options: { secure: false, httpOnly: true, sameSite: 'strict' } });
  });
});

describe('mutating request checks', () => {
  const headers = (values: Record<string, string>) => new Headers(values);

  it('accepts only the console’s own origin', async () => {
    vi.resetModules();
    const { originRefusal } = await import('./request');
    expect(originRefusal(headers({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).toBeUndefined();
    expect(originRefusal(headers({ host: '127.0.0.1:3000', origin: 'http://evil.example' }))).toBe('Cross-origin requests are refused (http://evil.example).');
    expect(originRefusal(headers({ host: '127.0.0.1:3000' }))).toBe('The request has no Origin header.');
  });

  it('needs the session’s CSRF token, exactly', async () => {
    vi.resetModules();
    const { csrfRefusal } = await import('./request');
    expect(csrfRefusal(headers({ 'x-csrf-token': session.csrf }), session)).toBeUndefined();
    expect(csrfRefusal(headers({ 'x-csrf-token': `${session.csrf.slice(0, -1)}d` }), session)).toBe('The CSRF token is missing or wrong.');
    expect(csrfRefusal(headers({}), session)).toBe('The CSRF token is missing or wrong.');
  });

  it('serves only loopback Host names in kubeconfig mode', async () => {
    vi.resetModules();
    vi.stubEnv('CONSOLE_AUTH_MODE', 'kubeconfig');
    const { hostRefusal } = await import('./request');
    expect(hostRefusal(headers({ host: 'localhost:3000' }))).toBeUndefined();
    expect(hostRefusal(headers({ host: '127.0.0.1:3000' }))).toBeUndefined();
    expect(hostRefusal(headers({ host: 'rebound.example.com:3000' }))).toMatch(/only loopback/);
  });
});
