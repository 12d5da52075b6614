import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { signInPath } from '@/lib/paths';
import { consoleEnv, isLoopbackHost } from '../env';
import { revocations } from './revocation';
import { CSRF_HEADER, SESSION_COOKIE_NAMES, type Session, openSession, readSealedCookie } from './session';

type HeaderSource = Pick<Headers, 'get'>;

/**
 * Whether the console is served over TLS: only CONSOLE_ORIGIN says so. X-Forwarded-Proto is set
 * by whoever sends the request, so it decides neither the cookie's flags nor the origin check.
 */
export function isSecureRequest(): boolean {
  return consoleEnv().CONSOLE_ORIGIN?.startsWith('https:') ?? false;
}

/** The console's own origin, which every mutating request's Origin header must equal. */
export function consoleOrigin(source: HeaderSource): string {
  return consoleEnv().CONSOLE_ORIGIN ?? `http://${source.get('host') ?? ''}`;
}

/**
 * Why a request must be refused before any session is looked at, or undefined. In kubeconfig mode
 * the Host must be loopback too: a DNS-rebound name would otherwise borrow the kubeconfig identity
 * (the launcher, server/launch.mjs, also refuses any connection that is not from loopback).
 */
export function hostRefusal(source: HeaderSource): string | undefined {
  if (consoleEnv().CONSOLE_AUTH_MODE !== 'kubeconfig') return undefined;
  const host = source.get('host') ?? '';
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return isLoopbackHost(hostname) ? undefined : 'This console serves only loopback addresses in kubeconfig mode.';
}

export function originRefusal(source: HeaderSource): string | undefined {
  const origin = source.get('origin');
  if (!origin) return 'The request has no Origin header.';
  return origin === consoleOrigin(source) ? undefined : `Cross-origin requests are refused (${origin}).`;
}

export function csrfRefusal(source: HeaderSource, session: Session): string | undefined {
  const sent = Buffer.from(source.get(CSRF_HEADER) ?? '');
  const expected = Buffer.from(session.csrf);
  return sent.length === expected.length && timingSafeEqual(sent, expected) ? undefined : 'The CSRF token is missing or wrong.';
}

/**
 * A session that is sealed by this console, not expired and not signed out, or undefined. A single
 * sign-on session also ends when its access token expired without a refresh (proxy.ts refreshes it
 * before, where the provider allows).
 */
export async function liveSession(sealed: string | undefined): Promise<Session | undefined> {
  const session = await openSession(sealed);
  if (!session || session.expiresAt <= Date.now() || revocations().isRevoked(session.sid)) return undefined;
  if (session.mode === 'oidc' && (session.tokenExpiresAt ?? 0) <= Date.now()) return undefined;
  return session;
}

/** The first live session among the session cookies `get` reads (joined from their chunks). */
export async function sessionFromCookieReader(get: (name: string) => string | undefined): Promise<Session | undefined> {
  for (const name of SESSION_COOKIE_NAMES) {
    const session = await liveSession(readSealedCookie(get, name));
    if (session) return session;
  }
  return undefined;
}

export async function sessionFromCookies(): Promise<Session | undefined> {
  const store = await cookies();
  return sessionFromCookieReader((name) => store.get(name)?.value);
}

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `path`. */
export async function requirePageSession(path: string): Promise<Session> {
  const refusal = hostRefusal(await headers());
  if (refusal) throw new Error(refusal);
  const session = await sessionFromCookies();
  if (!session) redirect(signInPath(path));
  return session;
}
