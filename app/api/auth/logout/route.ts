import { type NextRequest, NextResponse } from 'next/server';
import { SIGNED_OUT_PATH, logoutCookie, openLogout } from '@/server/auth/oidc';
import { consoleOrigin, hostRefusal, isSecureRequest } from '@/server/auth/request';
import { jsonError } from '@/server/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/auth/logout: the second half of a single sign-on sign-out (the console session is
 * already revoked by DELETE /api/session). Sends the browser (303) to the provider's end-session
 * URL kept in the sealed sign-out cookie, and deletes the cookie; without one, to the sign-in page.
 * It only redirects, to the provider's own endpoint: no Origin or CSRF check is needed.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const refusal = hostRefusal(request.headers);
  if (refusal) return jsonError(403, refusal);
  const cookie = logoutCookie(isSecureRequest());
  const target = await openLogout(request.cookies.get(cookie.name)?.value);
  const response = NextResponse.redirect(target ?? new URL(SIGNED_OUT_PATH, consoleOrigin(request.headers)), 303);
  response.cookies.set(cookie.name, '', { ...cookie.options, maxAge: 0, expires: new Date(0) });
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
