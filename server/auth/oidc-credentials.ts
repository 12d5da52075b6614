import 'server-only';
import { KubeConfig } from '@kubernetes/client-node';
import { ResponseBodyError } from 'openid-client';
import { type OidcCredentials, refreshCredentials } from './oidc';
import type { Session } from './session';
import { holdForSession } from './session-resources';

/**
 * The freshest tokens of each single sign-on session this process serves. The sealed cookie carries
 * the tokens between requests and replicas; this map lets what outlives a request (a removal flow,
 * the watch hub behind a live stream) keep using the session after its access token was refreshed,
 * and refreshes it itself when no browser request does. One refresh at a time per session.
 *
 * An access token is refreshed in the last quarter of its lifetime, and at most a minute before it
 * expires (Keycloak's default lifetime is 5 minutes: refreshed after 3m45s). Entries go when the
 * session is signed out (here or on another replica) or expires (server/auth/session-resources.ts).
 */

interface Entry {
  credentials: OidcCredentials;
  refreshing?: Promise<OidcCredentials>;
  /** The provider refused the refresh token (invalid_grant): its session ended or was revoked. */
  refused?: boolean;
}

const HOLDER = Symbol.for('bare-metal-console.oidc-credentials');
const MAX_MARGIN_MS = 60_000;

function store(): Map<string, Entry> {
  const holder = globalThis as typeof globalThis & { [HOLDER]?: Map<string, Entry> };
  holder[HOLDER] ??= new Map();
  return holder[HOLDER];
}

/** The tokens a session's cookie carries (undefined for sessions that are not single sign-on). */
export function credentialsOfSession(session: Session): OidcCredentials | undefined {
  if (session.mode !== 'oidc' || !session.token || !session.tokenExpiresAt) return undefined;
  return {
    accessToken: session.token,
    issuedAt: session.tokenIssuedAt ?? session.tokenExpiresAt - 5 * 60_000,
    expiresAt: session.tokenExpiresAt,
    ...(session.refreshToken ? { refreshToken: session.refreshToken } : {}),
    ...(session.idToken ? { idToken: session.idToken } : {}),
  };
}

/** The session with these tokens in it (what gets sealed again into the cookie). */
export function withCredentials(session: Session, credentials: OidcCredentials): Session {
  return {
    ...session,
    token: credentials.accessToken,
    tokenIssuedAt: credentials.issuedAt,
    tokenExpiresAt: credentials.expiresAt,
    ...(credentials.refreshToken ? { refreshToken: credentials.refreshToken } : {}),
    ...(credentials.idToken ? { idToken: credentials.idToken } : {}),
  };
}

/** Whether tokens are due for a refresh at `now` (ms): in the last quarter of their lifetime, or the last minute. */
export function refreshDue(credentials: OidcCredentials, now = Date.now()): boolean {
  const margin = Math.min(MAX_MARGIN_MS, (credentials.expiresAt - credentials.issuedAt) / 4);
  return credentials.expiresAt - now <= margin;
}

function remember(session: Session): Entry | undefined {
  const fromCookie = credentialsOfSession(session);
  if (!fromCookie) return undefined;
  const entries = store();
  let entry = entries.get(session.sid);
  if (!entry) {
    entry = { credentials: fromCookie };
    entries.set(session.sid, entry);
    holdForSession(session, { key: 'oidc-credentials', phase: 'hub', release: () => entries.delete(session.sid) });
  } else if (fromCookie.expiresAt > entry.credentials.expiresAt) {
    // Another replica refreshed: its tokens came back in the cookie.
    entry.credentials = fromCookie;
  }
  return entry;
}

/**
 * The session's current tokens, refreshed first when due. Resolves to undefined when they are
 * expired and cannot be refreshed (no refresh token, or the provider refused: its session ended),
 * so the caller sends the user to sign in. A refused refresh is logged.
 */
export async function freshCredentials(session: Session): Promise<OidcCredentials | undefined> {
  const entry = remember(session);
  if (!entry || entry.refused) return undefined;
  if (!refreshDue(entry.credentials)) return entry.credentials;
  if (!entry.credentials.refreshToken) return entry.credentials.expiresAt > Date.now() ? entry.credentials : undefined;
  entry.refreshing ??= refreshCredentials(entry.credentials).finally(() => {
    entry.refreshing = undefined;
  });
  try {
    entry.credentials = await entry.refreshing;
    return entry.credentials;
  } catch (error) {
    if (error instanceof ResponseBodyError && error.error === 'invalid_grant') {
      // Definitive (RFC 6749 §5.2): the provider ended this sign-in. Its access token may still be
      // accepted by the apiserver until it expires, but the console stops using it now.
      console.info(`[sso] the provider ended the session of ${session.username} (${error.error_description ?? error.error})`);
      entry.refused = true;
      return undefined;
    }
    // The provider is unreachable for now: go on with the token while it lasts, and try again.
    console.warn(`[sso] refreshing the access token of ${session.username} failed: ${(error as Error).message}`);
    return entry.credentials.expiresAt > Date.now() ? entry.credentials : undefined;
  }
}

const AUTH_PROVIDER = 'bare-metal-console-oidc';

/**
 * A KubeConfig for `cluster` that authenticates every request with the session's freshest access
 * token (client-node asks its authenticator per request), so a flow or a watch that outlives the
 * token goes on with the refreshed one. When the tokens cannot be refreshed the last one is sent,
 * and the apiserver's 401 says the rest.
 */
export function oidcKubeConfig(session: Session, cluster: NonNullable<ReturnType<KubeConfig['getCurrentCluster']>>): KubeConfig {
  remember(session);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'session', authProvider: { name: AUTH_PROVIDER, config: {} } }],
    contexts: [{ name: 'session', cluster: cluster.name, user: 'session' }],
    currentContext: 'session',
  });
  kc.addAuthenticator({
    isAuthProvider: (user) => user.authProvider?.name === AUTH_PROVIDER,
    applyAuthentication: async (_user, opts) => {
      const credentials = (await freshCredentials(session)) ?? store().get(session.sid)?.credentials ?? credentialsOfSession(session);
      if (!credentials) return;
      opts.headers = { ...opts.headers, Authorization: `Bearer ${credentials.accessToken}` };
    },
  });
  return kc;
}
