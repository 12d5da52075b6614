import { type NextRequest, NextResponse } from 'next/server';
import { hostRefusal, liveSession } from './server/auth/request';
import { SESSION_COOKIE_NAMES } from './server/auth/session';
import { consoleEnv } from './server/env';
import { signInPath } from './lib/paths';

/**
 * Every request passes here first (Next.js proxy, Node.js runtime):
 * - security headers on every answer: a Content-Security-Policy with a fresh nonce per request
 *   (Next.js puts it on its own scripts when the request carries the policy), no framing by
 *   anyone (`frame-ancestors 'none'` and X-Frame-Options), no MIME sniffing, no Referer, HSTS
 *   when the console is served over TLS;
 * - in kubeconfig mode, a Host that is not loopback is refused (a DNS-rebound name);
 * - an early gate: without a live session, pages redirect to sign-in and API routes answer 401.
 *   Every page and route checks the session again itself (server/auth), which is what counts.
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
  } else if (pathname === '/sign-in' || (pathname === '/api/session' && request.method !== 'GET') || (await signedIn(request))) {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else if (pathname.startsWith('/api/')) {
    response = NextResponse.json({ error: 'Sign in first.' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  } else {
    response = NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.url));
  }
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(securityHeaders())) response.headers.set(name, value);
  return response;
}

async function signedIn(request: NextRequest): Promise<boolean> {
  for (const name of SESSION_COOKIE_NAMES) {
    if (await liveSession(request.cookies.get(name)?.value)) return true;
  }
  return false;
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
