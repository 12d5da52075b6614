import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { consoleEnv, isLoopbackHost } from '../env';
import { CSRF_HEADER, SESSION_COOKIE_NAMES, type Session, openSession } from './session';

type HeaderSource = Pick<Headers, 'get'>;

function requestHost(source: HeaderSource): string {
  return source.get('x-forwarded-host') ?? source.get('host') ?? '';
}

export function isSecureRequest(source: HeaderSource): boolean {
  const configured = consoleEnv().CONSOLE_ORIGIN;
  if (configured) return configured.startsWith('https:');
  return source.get('x-forwarded-proto') === 'https';
}

/** The console's own origin, which every mutating request's Origin header must equal. */
export function consoleOrigin(source: HeaderSource): string {
  return consoleEnv().CONSOLE_ORIGIN ?? `${isSecureRequest(source) ? 'https' : 'http'}://${requestHost(source)}`;
}

/**
 * Why a request must be refused before any session is looked at, or undefined. In kubeconfig mode
 * the Host must be loopback too: a DNS-rebound name would otherwise borrow the kubeconfig identity.
 */
export function hostRefusal(source: HeaderSource): string | undefined {
  if (consoleEnv().CONSOLE_AUTH_MODE !== 'kubeconfig') return undefined;
  const hostname = requestHost(source).replace(/:\d+$/, '');
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

export async function sessionFromCookies(): Promise<Session | undefined> {
  const store = await cookies();
  for (const name of SESSION_COOKIE_NAMES) {
    const session = await openSession(store.get(name)?.value);
    if (session) return session;
  }
  return undefined;
}

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `path`. */
export async function requirePageSession(path: string): Promise<Session> {
  const refusal = hostRefusal(await headers());
  if (refusal) throw new Error(refusal);
  const session = await sessionFromCookies();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return session;
}
