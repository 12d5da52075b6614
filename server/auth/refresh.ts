import 'server-only';
import { credentialsOfSession, freshCredentials, withCredentials } from './oidc-credentials';
import { revocations } from './revocation';
import { SESSION_COOKIE_NAMES, type Session, openSession, readSealedCookie, resealSession } from './session';

/**
 * The session a request carries, with a single sign-on session's access token refreshed when due
 * (proxy.ts asks, for every request, before any page or route runs). `resealed` is the new cookie
 * value when the tokens changed: proxy.ts sets it on the answer and on the request the page or route
 * reads. Undefined session: none, forged, expired, signed out, or a token that expired and could
 * not be refreshed (the provider's session ended or was revoked).
 */
export async function sessionForRequest(get: (name: string) => string | undefined): Promise<{ session?: Session; resealed?: string }> {
  for (const name of SESSION_COOKIE_NAMES) {
    const session = await openSession(readSealedCookie(get, name));
    if (!session || session.expiresAt <= Date.now() || revocations().isRevoked(session.sid)) continue;
    if (session.mode !== 'oidc') return { session };
    const credentials = await freshCredentials(session);
    if (!credentials) return {};
    if (credentials.accessToken === session.token) return { session };
    const refreshed = withCredentials(session, credentials);
    return { session: refreshed, resealed: await resealSession(refreshed) };
  }
  return {};
}

/**
 * Whether a single sign-on session can no longer act: its token expired and cannot be refreshed.
 * Live streams ask every 30 s (server/sse.ts), which also refreshes an idle page's token in time.
 */
export async function oidcSessionEnded(session: Session): Promise<boolean> {
  if (!credentialsOfSession(session)) return false;
  return (await freshCredentials(session)) === undefined;
}
