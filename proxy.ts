import { type NextRequest, NextResponse } from 'next/server';
import { SESSION_COOKIE_NAMES, openSession } from './server/auth/session';

/**
 * An early gate only: without a valid session, pages redirect to sign-in and API routes answer
 * 401. Every page and route checks the session again itself (server/auth), which is what counts.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === '/sign-in' || pathname === '/api/session') return NextResponse.next();
  for (const name of SESSION_COOKIE_NAMES) {
    if (await openSession(request.cookies.get(name)?.value)) return NextResponse.next();
  }
  if (pathname.startsWith('/api/')) {
    return NextResponse.json({ error: 'Sign in first.' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  }
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
