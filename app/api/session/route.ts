import { signInSchema } from '@/lib/auth/sign-in';
import { isSecureRequest } from '@/server/auth/request';
import { endSession } from '@/server/auth/sign-out';
import { reviewSelf } from '@/server/auth/self-review';
import { LOGOUT_PATH, logoutCookie, providerLogoutUrl, sealLogout } from '@/server/auth/oidc';
import { clearSessionCookies, sealSession, writeSessionCookies } from '@/server/auth/session';
import { consoleEnv } from '@/server/env';
import { Refusal, isClusterError } from '@/server/errors';
import { consoleKubeConfig, tokenKubeConfig } from '@/server/kube/identity';
import { json, publicRoute, sessionRoute } from '@/server/route';

export const dynamic = 'force-dynamic';

/** A bearer token is at most 16 KiB (signInSchema); nothing larger is read before sign-in. */
const MAX_SIGN_IN_BYTES = 20 * 1024;

/** Sign in: verify the token (or the kubeconfig identity) with the cluster, then set the session cookie. */
export const POST = publicRoute({ context: 'sign in', body: signInSchema, bodyMessage: 'Check the token.', maxBodyBytes: MAX_SIGN_IN_BYTES }, async ({ body }) => {
  const mode = consoleEnv().CONSOLE_AUTH_MODE;
  const token = body.token;
  if (mode === 'token' && !token) throw new Refusal(400, 'Check the token.', { fields: { token: 'Paste a bearer token.' } });
  const kc = mode === 'token' && token ? tokenKubeConfig(token) : consoleKubeConfig();
  let user;
  try {
    user = await reviewSelf(kc);
  } catch (error) {
    if (isClusterError(error, 'Unauthorized')) throw new Refusal(401, 'The cluster did not accept this token.', { fields: { token: 'The cluster did not accept this token.' } });
    throw error;
  }
  const sealed = await sealSession({ mode, ...(mode === 'token' ? { token } : {}), ...user });
  const response = json({ username: user.username });
  writeSessionCookies(response.cookies, sealed, isSecureRequest());
  return response;
});

/** Who is signed in (401 when no one): the page asks when its live stream was closed. */
export const GET = sessionRoute({ mutating: false, context: 'read the session' }, async ({ session }) => json({ username: session.username }));

/**
 * Sign out: a mutating request like any other (Origin and CSRF token checked). The session is
 * revoked (a replayed cookie is refused, on every replica), its streams, flows and hub let go, and
 * the cookie is deleted with the attributes it was set with (a `__Host-` cookie needs Secure).
 * A single sign-on session's answer also carries `logoutPath` (/api/auth/logout), where the
 * browser goes next: it sends it on to the provider's end-session endpoint (RP-initiated logout,
 * the URL kept meanwhile in a sealed cookie), so the provider's session ends too; the provider then
 * sends it back to the sign-in page.
 */
export const DELETE = sessionRoute({ mutating: true, context: 'sign out' }, async ({ session }) => {
  const outcome = await endSession(session);
  const logoutUrl = session.mode === 'oidc' ? await providerLogoutUrl(session.idToken) : undefined;
  const response = json({ signedOut: true, ...(outcome.warning ? { warning: outcome.warning } : {}), ...(logoutUrl ? { logoutPath: LOGOUT_PATH } : {}) });
  clearSessionCookies(response.cookies);
  if (logoutUrl) {
    const cookie = logoutCookie(isSecureRequest());
    response.cookies.set(cookie.name, await sealLogout(logoutUrl), cookie.options);
  }
  return response;
});
