import { NextResponse } from 'next/server';
import { signInSchema } from '@/lib/auth/sign-in';
import { hostRefusal, isSecureRequest, originRefusal } from '@/server/auth/request';
import { errorResponse, jsonError, sessionRoute } from '@/server/auth/route';
import { reviewSelf } from '@/server/auth/self-review';
import { SESSION_COOKIE_NAMES, newCsrfToken, sealSession, sessionCookie } from '@/server/auth/session';
import { consoleEnv } from '@/server/env';
import { ClusterError } from '@/server/errors';
import { consoleKubeConfig, tokenKubeConfig } from '@/server/kube/identity';

export const dynamic = 'force-dynamic';

/** Sign in: verify the token (or the kubeconfig identity) with the cluster, then set the session cookie. */
export async function POST(request: Request) {
  const refusal = hostRefusal(request.headers) ?? originRefusal(request.headers);
  if (refusal) return jsonError(403, refusal);
  const body: unknown = await request.json().catch(() => ({}));
  const parsed = signInSchema.safeParse(body);
  if (!parsed.success) {
    return jsonError(400, 'Check the token.', { fields: { token: parsed.error.issues[0]?.message ?? 'Invalid token.' } });
  }
  const mode = consoleEnv().CONSOLE_AUTH_MODE;
  const token = parsed.data.token;
  if (mode === 'token' && !token) return jsonError(400, 'Check the token.', { fields: { token: 'Paste a bearer token.' } });
  try {
    const kc = mode === 'token' && token ? tokenKubeConfig(token) : consoleKubeConfig();
    const user = await reviewSelf(kc);
    const sealed = await sealSession({ mode, ...(mode === 'token' ? { token } : {}), ...user, csrf: newCsrfToken() });
    const cookie = sessionCookie(isSecureRequest(request.headers));
    const response = NextResponse.json({ username: user.username });
    response.cookies.set(cookie.name, sealed, cookie.options);
    return response;
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'Unauthorized') {
      return jsonError(401, 'The cluster did not accept this token.', { fields: { token: 'The cluster did not accept this token.' } });
    }
    return errorResponse(error, 'sign in');
  }
}

/** Sign out: a mutating request like any other (Origin and CSRF token checked). */
export const DELETE = sessionRoute({ mutating: true, context: 'sign out' }, async () => {
  const response = NextResponse.json({ signedOut: true });
  for (const name of SESSION_COOKIE_NAMES) response.cookies.delete(name);
  return response;
});
