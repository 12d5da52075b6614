import { type NextRequest, NextResponse } from 'next/server';
import { CALLBACK_PATH, SignInFailure, completeSignIn, flowCookie, oidcSettingsOrThrow } from '@/server/auth/oidc';
import { consoleOrigin, hostRefusal, isSecureRequest } from '@/server/auth/request';
import { reviewSelf } from '@/server/auth/self-review';
import { sealSession, writeSessionCookies } from '@/server/auth/session';
import { isClusterError } from '@/server/errors';
import { tokenKubeConfig } from '@/server/kube/identity';
import { jsonError } from '@/server/route';

export const dynamic = 'force-dynamic';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The answer that sets the session: a page that moves on to `next` by itself. Not a redirect: the
 * session cookie is SameSite=Strict, and a browser does not send it on a redirect that continues a
 * navigation the provider's (cross-site) page started; a navigation this page starts is same-site.
 */
function continueTo(next: string): NextResponse {
  const href = escapeHtml(next);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Signed in</title></head><body><p>Signed in. <a href="${href}">Continue</a></p></body></html>`;
  return new NextResponse(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/**
 * GET /api/auth/callback?code&state: where the provider sends the browser back. openid-client
 * checks the answer against the flow cookie and exchanges the code (with the PKCE verifier); the
 * cluster then says who the access token is (SelfSubjectReview), so the console shows the user and
 * groups exactly as RBAC sees them, and a provider the apiserver does not trust is caught here.
 * Success: the sealed session cookie, and a page that moves on to where the user came from. Failure:
 * the sign-in page with a failure code; the details are in the server log.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const refusal = hostRefusal(request.headers);
  if (refusal) return jsonError(403, refusal);
  const settings = oidcSettingsOrThrow();
  const secure = isSecureRequest();
  const flow = flowCookie(secure);
  // The URL the provider redirected to, as registered (CONSOLE_ORIGIN), not as a proxy rewrote it.
  const callbackUrl = new URL(`${CALLBACK_PATH}${request.nextUrl.search}`, consoleOrigin(request.headers));
  const back = (path: string) => {
    const response = NextResponse.redirect(new URL(path, consoleOrigin(request.headers)), 303);
    response.cookies.set(flow.name, '', { ...flow.options, maxAge: 0, expires: new Date(0) });
    response.headers.set('Cache-Control', 'no-store');
    return response;
  };
  let next = '/';
  try {
    const signedIn = await completeSignIn(callbackUrl, request.cookies.get(flow.name)?.value);
    next = signedIn.next;
    const { credentials } = signedIn;
    let user;
    try {
      user = await reviewSelf(tokenKubeConfig(credentials.accessToken));
    } catch (error) {
      if (isClusterError(error, 'Unauthorized')) throw new SignInFailure('cluster', `the apiserver does not accept ${settings.issuer.href}'s access tokens`);
      throw error;
    }
    const sealed = await sealSession({
      mode: 'oidc',
      token: credentials.accessToken,
      tokenIssuedAt: credentials.issuedAt,
      tokenExpiresAt: credentials.expiresAt,
      ...(credentials.refreshToken ? { refreshToken: credentials.refreshToken } : {}),
      ...(credentials.idToken ? { idToken: credentials.idToken } : {}),
      ...user,
    });
    const response = continueTo(next);
    response.cookies.set(flow.name, '', { ...flow.options, maxAge: 0, expires: new Date(0) });
    try {
      writeSessionCookies(response.cookies, sealed, secure);
    } catch (error) {
      throw new SignInFailure('too-large', (error as Error).message);
    }
    console.info(`[sso] ${user.username} signed in`);
    return response;
  } catch (error) {
    const code = error instanceof SignInFailure ? error.code : 'unreachable';
    console.error(`[sso] sign-in failed (${code})`, error instanceof SignInFailure ? error.message : error);
    return back(`/sign-in?failure=${code}&next=${encodeURIComponent(next)}`);
  }
}
