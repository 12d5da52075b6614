import 'server-only';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { consoleEnv } from '../env';

/**
 * A signed-in user. Sealed (encrypted and authenticated) into an httpOnly cookie, so the token
 * is never visible to browser JavaScript and the server keeps no session store: any replica
 * with the same CONSOLE_SESSION_SECRET can read it.
 */
const sessionSchema = z.object({
  mode: z.enum(['kubeconfig', 'token']),
  /** The user's bearer token (token mode only). */
  token: z.string().optional(),
  username: z.string(),
  groups: z.array(z.string()),
  /** Sent back by the page in X-CSRF-Token on every mutating request. */
  csrf: z.string(),
});

export type Session = z.infer<typeof sessionSchema>;

export const CSRF_HEADER = 'x-csrf-token';

const PROCESS_KEY = Symbol.for('bare-metal-console.session-key');

function sessionKey(): Uint8Array {
  const secret = consoleEnv().CONSOLE_SESSION_SECRET;
  if (secret) return new Uint8Array(createHash('sha256').update(secret).digest());
  // One random key per process, on globalThis: proxy.ts and the routes are separate bundles
  // with separate module state, and must open each other's cookies.
  const holder = globalThis as typeof globalThis & { [PROCESS_KEY]?: Uint8Array };
  holder[PROCESS_KEY] ??= new Uint8Array(randomBytes(32));
  return holder[PROCESS_KEY];
}

/**
 * Who the session acts as, for keying per-identity caches (watch hubs, access reviews): a hash of
 * the token (never the token itself), or the kubeconfig's one identity.
 */
export function identityKey(session: Session): string {
  return session.mode === 'token' && session.token ? createHash('sha256').update(session.token).digest('hex') : 'kubeconfig';
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function sealSession(session: Session): Promise<string> {
  return new EncryptJWT({ ...session })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${consoleEnv().CONSOLE_SESSION_HOURS}h`)
    .encrypt(sessionKey());
}

/** The session in a cookie value, or undefined when it is missing, forged, or expired. */
export async function openSession(sealed: string | undefined): Promise<Session | undefined> {
  if (!sealed) return undefined;
  try {
    const { payload } = await jwtDecrypt(sealed, sessionKey());
    const parsed = sessionSchema.safeParse(payload);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Cookie name and attributes: `__Host-` and Secure under TLS; always httpOnly and SameSite=Strict. */
export function sessionCookie(secure: boolean) {
  return {
    name: secure ? '__Host-bmconsole-session' : 'bmconsole-session',
    options: {
      httpOnly: true,
      sameSite: 'strict' as const,
      secure,
      path: '/',
      maxAge: consoleEnv().CONSOLE_SESSION_HOURS * 3600,
    },
  };
}

export const SESSION_COOKIE_NAMES = ['__Host-bmconsole-session', 'bmconsole-session'] as const;
