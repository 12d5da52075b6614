import 'server-only';
import { revocations } from './revocation';
import type { Session } from './session';

/**
 * What a session holds in this process (its live streams, the flows it started, its identity's
 * watch hub), so that signing out (here or on another replica) lets go of all of it: nothing keeps
 * using a token after its session ended. Releases run in phase order: streams and flows first,
 * then hubs (which stop only once no stream uses them).
 */

type Phase = 'stream' | 'flow' | 'hub';
const ORDER: Phase[] = ['stream', 'flow', 'hub'];

interface Held {
  expiresAt: number;
  releases: Map<string, { phase: Phase; release: () => void }>;
}

const HOLDER = Symbol.for('bare-metal-console.session-resources');

function state(): Map<string, Held> {
  const holder = globalThis as typeof globalThis & { [HOLDER]?: Map<string, Held> };
  if (!holder[HOLDER]) {
    const held = new Map<string, Held>();
    holder[HOLDER] = held;
    revocations().onRevoked((sid) => releaseSession(sid));
    const sweeper = setInterval(() => {
      for (const [sid, entry] of held) if (entry.expiresAt < Date.now()) releaseSession(sid);
    }, 60_000);
    sweeper.unref();
  }
  return holder[HOLDER];
}

/**
 * Registers something the session holds under `key` (one entry per key); `release` runs when the
 * session is revoked or expires. Returns a function that forgets it (call it when the thing ends).
 */
export function holdForSession(session: Pick<Session, 'sid' | 'expiresAt'>, options: { key: string; phase: Phase; release: () => void }): () => void {
  const held = state();
  let entry = held.get(session.sid);
  if (!entry) {
    entry = { expiresAt: session.expiresAt, releases: new Map() };
    held.set(session.sid, entry);
  }
  entry.releases.set(options.key, { phase: options.phase, release: options.release });
  return () => {
    const current = held.get(session.sid);
    if (current?.releases.get(options.key)?.release === options.release) current.releases.delete(options.key);
  };
}

/** Lets go of everything the session holds (sign-out, revocation from another replica, expiry). */
export function releaseSession(sid: string): void {
  const entry = state().get(sid);
  if (!entry) return;
  state().delete(sid);
  for (const phase of ORDER) {
    for (const held of entry.releases.values()) {
      if (held.phase !== phase) continue;
      try {
        held.release();
      } catch (error) {
        console.error('[session] releasing a resource failed', error);
      }
    }
  }
}
