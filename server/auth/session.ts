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
  /** kubeconfig: the console's own identity; token: a pasted bearer token; oidc: single sign-on (server/auth/oidc.ts). */
  mode: z.enum(['kubeconfig', 'token', 'oidc']),
  /** The user's bearer token (token mode), or the provider's access token (oidc mode). */
  token: z.string().optional(),
  /** oidc: when the access token expires (ms since the epoch); it is refreshed before then. */
  tokenExpiresAt: z.number().optional(),
  /** oidc: when the access token was issued (ms since the epoch), to refresh in its last quarter. */
  tokenIssuedAt: z.number().optional(),
  /** oidc: the provider's refresh token, when it gives one (OpenShift's OAuth server does not). */
  refreshToken: z.string().optional(),
  /** oidc: the ID token, sent back as id_token_hint when signing out at the provider. */
  idToken: z.string().optional(),
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
export function identityKey(session: Pick<Session, 'mode' | 'token' | 'sid'>): string {
  // A single sign-on session's token changes at every refresh: its identity is the session, whose
  // cluster calls always use its freshest token (server/auth/oidc-credentials.ts).
  if (session.mode === 'oidc') return `oidc:${createHash('sha256').update(session.sid).digest('hex')}`;
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
 * Seals a session again with new tokens (a refresh): the same sid (what sign-out revokes), CSRF
 * token and expiry, so a refresh never extends the console session nor changes what the page holds.
 */
export async function resealSession(session: Session): Promise<string> {
  const { expiresAt, ...fields } = session;
  return new EncryptJWT({ ...sessionSchema.parse(fields) })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt / 1000))
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

/**
 * A sealed session is split over cookies of at most this many characters: browsers keep a cookie
 * only up to 4096 bytes with its name and attributes (RFC 6265 §6.1), and a provider's access,
 * refresh and ID tokens together exceed it. `<name>`, `<name>.1`, ... `<name>.3`.
 */
export const COOKIE_CHUNK_CHARS = 3800;
export const MAX_COOKIE_CHUNKS = 4;

function chunkName(name: string, index: number): string {
  return index === 0 ? name : `${name}.${index}`;
}

/** The sealed value stored under `name` (joined from its chunks), or undefined. */
export function readSealedCookie(get: (name: string) => string | undefined, name: string): string | undefined {
  const first = get(name);
  if (!first) return undefined;
  let value = first;
  for (let index = 1; index < MAX_COOKIE_CHUNKS; index++) {
    const next = get(chunkName(name, index));
    if (!next) break;
    value += next;
  }
  return value;
}

interface CookieWriter {
  set(name: string, value: string, options: Record<string, unknown>): unknown;
}

/**
 * Writes a sealed session into the response's cookies, split into chunks, and deletes the chunks a
 * previous, longer value left. Throws when even MAX_COOKIE_CHUNKS cannot hold it.
 */
export function writeSessionCookies(target: CookieWriter, sealed: string, secure: boolean): void {
  const { name, options } = sessionCookie(secure);
  const count = Math.ceil(sealed.length / COOKIE_CHUNK_CHARS);
  if (count > MAX_COOKIE_CHUNKS) throw new Error(`The session is too large for the browser's cookies (${sealed.length} characters)`);
  for (let index = 0; index < MAX_COOKIE_CHUNKS; index++) {
    const part = sealed.slice(index * COOKIE_CHUNK_CHARS, (index + 1) * COOKIE_CHUNK_CHARS);
    if (part) target.set(chunkName(name, index), part, options);
    else target.set(chunkName(name, index), '', { ...options, maxAge: 0, expires: new Date(0) });
  }
}

/** Deletes every session cookie and chunk, with the attributes they were set with (a `__Host-` cookie needs Secure). */
export function clearSessionCookies(target: CookieWriter): void {
  for (const name of SESSION_COOKIE_NAMES) {
    const secure = name.startsWith('__Host-');
    for (let index = 0; index < MAX_COOKIE_CHUNKS; index++) {
      target.set(chunkName(name, index), '', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0, expires: new Date(0) });
    }
  }
}
