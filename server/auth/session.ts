import 'server-only';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { consoleEnv } from '../env';
import { keyFor } from './keys';

/**
 * A signed-in user. Sealed (encrypted and authenticated) into an httpOnly cookie, so the token
 * is never visible to browser JavaScript; any replica with the same CONSOLE_SESSION_SECRET can read
 * it. Each session has an id (`sid`) that sign-out revokes (server/auth/revocation.ts), so a
 * replayed cookie is refused even before it expires.
 */
const sessionSchema = z.object({
  /** Random id of this sign-in; what sign-out revokes. */
  sid: z.string().min(16),
  mode: z.enum(['kubeconfig', 'token']),
  /** The user's bearer token (token mode only). */
  token: z.string().optional(),
  username: z.string(),
  groups: z.array(z.string()),
  /** Sent back by the page in X-CSRF-Token on every mutating request. */
  csrf: z.string(),
});

export type Session = z.infer<typeof sessionSchema> & {
  /** When the sealed cookie stops being accepted (ms since the epoch). */
  expiresAt: number;
};

export type NewSession = Omit<z.infer<typeof sessionSchema>, 'sid' | 'csrf'>;

export const CSRF_HEADER = 'x-csrf-token';

/**
 * Who the session acts as, for keying per-identity caches (watch hubs, access reviews): a hash of
 * the token (never the token itself), or the kubeconfig's one identity.
 */
export function identityKey(session: Pick<Session, 'mode' | 'token'>): string {
  return session.mode === 'token' && session.token ? createHash('sha256').update(session.token).digest('hex') : 'kubeconfig';
}

/** Seals a new sign-in (a fresh sid and CSRF token) into a cookie value. */
export async function sealSession(session: NewSession): Promise<string> {
  const fields = { ...session, sid: randomBytes(18).toString('base64url'), csrf: randomBytes(32).toString('base64url') };
  return new EncryptJWT({ ...fields })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${consoleEnv().CONSOLE_SESSION_HOURS}h`)
    .encrypt(keyFor('session'));
}

/**
 * The session in a cookie value, or undefined when it is missing, forged or expired. Whether it
 * was revoked is the caller's question (server/auth/request.ts asks it for every request).
 */
export async function openSession(sealed: string | undefined): Promise<Session | undefined> {
  if (!sealed) return undefined;
  try {
    const { payload } = await jwtDecrypt(sealed, keyFor('session'));
    const parsed = sessionSchema.safeParse(payload);
    if (!parsed.success || typeof payload.exp !== 'number') return undefined;
    return { ...parsed.data, expiresAt: payload.exp * 1000 };
  } catch {
    return undefined;
  }
}

export const SESSION_COOKIE_NAMES = ['__Host-bmconsole-session', 'bmconsole-session'] as const;

/**
 * Cookie name and attributes: `__Host-` and Secure under TLS; always httpOnly and SameSite=Strict.
 * Deleting a cookie needs the same name, path and Secure flag it was set with, or browsers keep it.
 */
export function sessionCookie(secure: boolean) {
  return {
    name: secure ? SESSION_COOKIE_NAMES[0] : SESSION_COOKIE_NAMES[1],
    options: {
      httpOnly: true,
      sameSite: 'strict' as const,
      secure,
      path: '/',
      maxAge: consoleEnv().CONSOLE_SESSION_HOURS * 3600,
    },
  };
}
