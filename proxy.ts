import { type NextRequest, NextResponse } from 'next/server';
import { hostRefusal, isSecureRequest } from './server/auth/request';
import { CALLBACK_PATH, LOGIN_PATH, LOGOUT_PATH } from './server/auth/oidc';
import { sessionForRequest } from './server/auth/refresh';
import { SESSION_COOKIE_NAMES, writeSessionCookies } from './server/auth/session';
import { consoleEnv } from './server/env';
import { HEALTH_PATH } from './server/health';
import { signInPath } from './lib/paths';

/** Paths served without a session: the sign-in page, single sign-on's redirects (login, callback, provider logout), the probes' health route. */
const PUBLIC_PATHS = new Set(['/sign-in', LOGIN_PATH, CALLBACK_PATH, LOGOUT_PATH, HEALTH_PATH]);

/**
 * Every request passes here first (Next.js proxy, Node.js runtime):
 * - security headers on every answer: a Content-Security-Policy with a fresh nonce per request
 *   (Next.js puts it on its own scripts when the request carries the policy), no framing by
 *   anyone (`frame-ancestors 'none'` and X-Frame-Options), no MIME sniffing, no Referer, HSTS
 *   when the console is served over TLS;
 * - in kubeconfig mode, a Host that is not loopback is refused (a DNS-rebound name);
 * - an early gate: without a live session, pages redirect to sign-in and API routes answer 401.
 *   Every page and route checks the session again itself (server/auth), which is what counts;
 * - single sign-on: a session whose access token is due is refreshed here (server/auth/refresh.ts),
 *   the new cookie going both to the page or route behind and back to the browser; one the
 *   provider refuses to refresh is no longer live (sign in again, and come back).
 */
export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);

  const { pathname, search } = request.nextUrl;
  let response: NextResponse;
  const hostProblem = hostRefusal(request.headers);
  if (hostProblem) {
    response = new NextResponse(hostProblem, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  } else if (PUBLIC_PATHS.has(pathname) || (pathname === '/api/session' && request.method !== 'GET')) {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    const { session, resealed } = await sessionForRequest((name) => request.cookies.get(name)?.value);
    if (session) {
      // A refreshed single sign-on token: the page or route reads the new cookie, the browser keeps it.
      if (resealed) requestHeaders.set('cookie', cookieHeaderWith(request, resealed));
      response = NextResponse.next({ request: { headers: requestHeaders } });
      if (resealed) writeSessionCookies(response.cookies, resealed, isSecureRequest());
    } else if (pathname.startsWith('/api/')) {
      response = NextResponse.json({ error: 'Sign in first.' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
    } else {
      response = NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.url));
    }
  }
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(securityHeaders())) response.headers.set(name, value);
  return response;
}

/** The request's Cookie header with the session cookies (every chunk) replaced by `sealed`. */
function cookieHeaderWith(request: NextRequest, sealed: string): string {
  const isSessionCookie = (name: string) => SESSION_COOKIE_NAMES.some((base) => name === base || name.startsWith(`${base}.`));
  const kept = request.cookies.getAll().filter((cookie) => !isSessionCookie(cookie.name));
  const written: { name: string; value: string }[] = [];
  writeSessionCookies({ set: (name, value) => (value ? written.push({ name, value }) : 0) }, sealed, isSecureRequest());
  return [...kept, ...written].map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

/**
 * Scripts only from this origin and with this request's nonce ('strict-dynamic' lets Next's
 * nonce'd loader add its chunks); no plugins, no base tag tricks, forms post only here, and no one
 * may frame the console (a framed console is a clickjacking target). Inline style attributes stay
 * allowed (style-src-attr): React and the virtualized table position rows with them, and a style
 * attribute cannot run script.
 */
export function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== 'production';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers every answer carries besides the policy (next.config.mjs sets them on static files too). */
export function securityHeaders(): Record<string, string> {
  return {
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(consoleEnv().CONSOLE_ORIGIN?.startsWith('https:') ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
