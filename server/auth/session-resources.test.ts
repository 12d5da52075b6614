import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A fresh process: module state lives on globalThis, shared by proxy.ts and the routes. */
async function load() {
  vi.resetModules();
  for (const key of Object.getOwnPropertySymbols(globalThis)) {
    if (key.description?.startsWith('bare-metal-console.')) delete (globalThis as Record<symbol, unknown>)[key];
  }
  return { resources: await import('./session-resources'), revocation: await import('./revocation') };
}

const session = (sid: string) => ({ sid, expiresAt: Date.now() + 3600_000 });

describe('what a session holds, let go when it ends', () => {
  beforeEach(() => vi.useRealTimers());

  it('releases streams and flows before the watch hub they use, on sign-out, and only that session’s', async () => {
    const { resources } = await load();
    const released: string[] = [];
    resources.holdForSession(session('alice'), { key: 'hub', phase: 'hub', release: () => released.push('alice hub') });
    resources.holdForSession(session('alice'), { key: 'flow:removal', phase: 'flow', release: () => released.push('alice removal paused') });
    resources.holdForSession(session('alice'), { key: 'stream:1', phase: 'stream', release: () => released.push('alice stream') });
    resources.holdForSession(session('bob'), { key: 'hub', phase: 'hub', release: () => released.push('bob hub') });
    resources.releaseSession('alice');
    expect(released).toEqual(['alice stream', 'alice removal paused', 'alice hub']);
    resources.releaseSession('alice');
    expect(released).toHaveLength(3);
  });

  it('releases what a session holds when another replica revokes it (the shared sign-out list)', async () => {
    const { resources, revocation } = await load();
    const released: string[] = [];
    resources.holdForSession(session('carol'), { key: 'flow:maintenance', phase: 'flow', release: () => released.push('maintenance paused') });
    await revocation.revocations().revoke('carol', Date.now() + 3600_000);
    expect(released).toEqual(['maintenance paused']);
  });

  it('forgets a resource that ended by itself, and a failing release does not keep the others held', async () => {
    const { resources } = await load();
    const released: string[] = [];
    const forget = resources.holdForSession(session('dave'), { key: 'stream:1', phase: 'stream', release: () => released.push('stream') });
    resources.holdForSession(session('dave'), {
      key: 'flow:x',
      phase: 'flow',
      release: () => {
        throw new Error('boom');
      },
    });
    resources.holdForSession(session('dave'), { key: 'hub', phase: 'hub', release: () => released.push('hub') });
    forget();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    resources.releaseSession('dave');
    quiet.mockRestore();
    expect(released).toEqual(['hub']);
  });

  it('releases an expired session at the next sweep, without a sign-out', async () => {
    vi.useFakeTimers();
    const { resources } = await load();
    const released: string[] = [];
    resources.holdForSession({ sid: 'erin', expiresAt: Date.now() + 30_000 }, { key: 'hub', phase: 'hub', release: () => released.push('hub') });
    vi.advanceTimersByTime(60_000);
    expect(released).toEqual(['hub']);
  });
});
