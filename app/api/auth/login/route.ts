import { type NextRequest, NextResponse } from 'next/server';
import { safeNextPath } from '@/lib/paths';
import { beginSignIn, flowCookie } from '@/server/auth/oidc';
import { hostRefusal, isSecureRequest } from '@/server/auth/request';
import { Refusal } from '@/server/errors';
import { jsonError } from '@/server/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/auth/login?next=<path>: starts single sign-on. Sets the sealed sign-in-flow cookie
 * (PKCE verifier, state, nonce, where to come back to; 10 minutes) and sends the browser to the
 * provider's authorization endpoint (302). A provider that cannot be reached sends it back to the
 * sign-in page with `failure=unreachable`. A GET that only redirects: it changes nothing the user
 * has, so it needs no Origin or CSRF check (a forged one only starts a sign-in).
 */
export async function GET(request: NextRequest): Promise<Response> {
  const refusal = hostRefusal(request.headers);
  if (refusal) return jsonError(403, refusal);
  const next = safeNextPath(request.nextUrl.searchParams.get('next'));
  try {
    const { url, sealedFlow } = await beginSignIn(next);
    const response = NextResponse.redirect(url, 302);
    const cookie = flowCookie(isSecureRequest());
    response.cookies.set(cookie.name, sealedFlow, cookie.options);
    response.headers.set('Cache-Control', 'no-store');
    return response;
  } catch (error) {
    if (error instanceof Refusal && error.status === 404) return jsonError(404, error.userMessage);
    return NextResponse.redirect(new URL(`/sign-in?failure=unreachable&next=${encodeURIComponent(next)}`, request.nextUrl), 303);
  }
}
