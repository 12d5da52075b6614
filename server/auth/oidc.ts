import 'server-only';
import { EncryptJWT, jwtDecrypt } from 'jose';
import * as client from 'openid-client';
import { z } from 'zod';
import { safeNextPath } from '@/lib/paths';
import { consoleEnv } from '../env';
import { Refusal } from '../errors';
import { keyFor } from './keys';

/**
 * Single sign-on with the organisation's identity provider: OAuth 2.0 authorization code flow with
 * PKCE (RFC 7636, S256), OpenID Connect when the scopes ask for `openid`. Every protocol step is
 * openid-client's (v6, on oauth4webapi): discovery, the authorization URL, the code exchange with
 * its state/nonce/issuer checks, the refresh grant and the RP-initiated logout URL
 * (OpenID Connect RP-Initiated Logout 1.0). The console only decides what to keep and where.
 *
 * The provider's ACCESS token is the user's bearer token for the apiserver (as OpenShift's OAuth
 * server's tokens are): kube-apiserver's structured authentication configuration validates it
 * (issuer, audience = the console's client id, username and groups claims). It is kept, with the
 * refresh and ID tokens, only in the sealed session cookie (server/auth/session.ts) and in this
 * process's memory while the session is used (server/auth/oidc-credentials.ts).
 */

export interface OidcSettings {
  /** The issuer, or the metadata document's own URL (one that contains `/.well-known/`). */
  issuer: URL;
  clientId: string;
  clientSecret?: string;
  scopes: string;
  /** The scopes ask for `openid`: expect an ID token, send a nonce, offer RP-initiated logout. */
  openid: boolean;
  providerName: string;
  /** `<CONSOLE_ORIGIN>/api/auth/callback`: registered at the provider as the redirect URI. */
  redirectUri: string;
  /** `<CONSOLE_ORIGIN>/sign-in?signed-out=1`: where the provider sends the browser after logout. */
  postLogoutRedirectUri: string;
}

export const CALLBACK_PATH = '/api/auth/callback';
export const LOGIN_PATH = '/api/auth/login';
export const LOGOUT_PATH = '/api/auth/logout';
export const SIGNED_OUT_PATH = '/sign-in?signed-out=1';

/** The configured provider (server/env.ts validated it), or undefined without single sign-on. */
export function oidcSettings(): OidcSettings | undefined {
  const env = consoleEnv();
  if (!env.CONSOLE_OIDC_ISSUER || !env.CONSOLE_OIDC_CLIENT_ID || !env.CONSOLE_ORIGIN) return undefined;
  return {
    issuer: new URL(env.CONSOLE_OIDC_ISSUER),
    clientId: env.CONSOLE_OIDC_CLIENT_ID,
    ...(env.CONSOLE_OIDC_CLIENT_SECRET ? { clientSecret: env.CONSOLE_OIDC_CLIENT_SECRET } : {}),
    scopes: env.CONSOLE_OIDC_SCOPES,
    openid: env.CONSOLE_OIDC_SCOPES.split(' ').includes('openid'),
    providerName: env.CONSOLE_OIDC_PROVIDER_NAME,
    redirectUri: `${env.CONSOLE_ORIGIN}${CALLBACK_PATH}`,
    postLogoutRedirectUri: `${env.CONSOLE_ORIGIN}${SIGNED_OUT_PATH}`,
  };
}

export function oidcSettingsOrThrow(): OidcSettings {
  const settings = oidcSettings();
  if (!settings) throw new Refusal(404, 'Single sign-on is not configured on this console.');
  return settings;
}

/** Metadata is read again after this long, so a provider's new endpoints or keys are picked up. */
const CONFIGURATION_TTL_MS = 60 * 60_000;

/**
 * Module state, not globalThis: proxy.ts and the routes are separate bundles, each with its own copy
 * of openid-client, and a Configuration only works with the copy that made it (instanceof checks).
 */
const holder: { cached?: { at: number; configuration: Promise<client.Configuration> } } = {};

/**
 * The provider's metadata and the console's client (openid-client Configuration), discovered once
 * per hour per bundle. A failed discovery is not kept. Throws Refusal 502 when the provider cannot
 * be reached.
 */
export async function oidcConfiguration(settings: OidcSettings = oidcSettingsOrThrow()): Promise<client.Configuration> {
  const cached = holder.cached;
  if (cached && Date.now() - cached.at < CONFIGURATION_TTL_MS) return cached.configuration;
  const configuration = client.discovery(
    settings.issuer,
    settings.clientId,
    settings.clientSecret ? { client_secret: settings.clientSecret } : undefined,
    settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
    { algorithm: settings.openid ? 'oidc' : 'oauth2', timeout: 10 },
  );
  holder.cached = { at: Date.now(), configuration };
  try {
    return await configuration;
  } catch (error) {
    if (holder.cached?.configuration === configuration) delete holder.cached;
    console.error(`[sso] reading the metadata of ${settings.issuer.href} failed`, error);
    throw new Refusal(502, `The identity provider (${settings.providerName}) cannot be reached: ${(error as Error).message}`);
  }
}

/** A sign-in in progress: what the callback must find again (kept in a sealed, short-lived cookie). */
const flowSchema = z.object({
  verifier: z.string().min(43),
  state: z.string().min(16),
  nonce: z.string().min(16).optional(),
  next: z.string(),
});

/** The sign-in-in-progress cookie: Lax, because the provider sends the browser back with a cross-site top-level GET. */
export const FLOW_COOKIE = 'bmconsole-sign-in';
export const FLOW_MINUTES = 10;

export function flowCookie(secure: boolean) {
  return {
    name: secure ? `__Host-${FLOW_COOKIE}` : FLOW_COOKIE,
    options: { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: FLOW_MINUTES * 60 },
  };
}

/**
 * Starts a sign-in: a fresh PKCE verifier (its S256 challenge goes to the provider), state and, for
 * OpenID Connect, nonce. Returns the provider's authorization URL and the sealed flow for the cookie.
 */
export async function beginSignIn(next: string): Promise<{ url: URL; sealedFlow: string }> {
  const settings = oidcSettingsOrThrow();
  const configuration = await oidcConfiguration(settings);
  const verifier = client.randomPKCECodeVerifier();
  const flow = {
    verifier,
    state: client.randomState(),
    ...(settings.openid ? { nonce: client.randomNonce() } : {}),
    next: safeNextPath(next),
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: settings.redirectUri,
    scope: settings.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    ...(flow.nonce ? { nonce: flow.nonce } : {}),
  });
  const sealedFlow = await new EncryptJWT({ ...flow })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${FLOW_MINUTES}m`)
    .encrypt(keyFor('sign-in-flow'));
  return { url, sealedFlow };
}

/** Tokens of a signed-in user, as the console keeps them. Times in ms since the epoch. */
export interface OidcCredentials {
  accessToken: string;
  issuedAt: number;
  expiresAt: number;
  refreshToken?: string;
  idToken?: string;
}

/**
 * When a token response says nothing of the access token's lifetime (expires_in is only
 * RECOMMENDED, RFC 6749 §5.1), the console keeps it for this long and then asks again.
 */
const ASSUMED_LIFETIME_MS = 5 * 60_000;

function credentialsOf(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers, previous?: OidcCredentials): OidcCredentials {
  const now = Date.now();
  const seconds = tokens.expiresIn();
  return {
    accessToken: tokens.access_token,
    issuedAt: now,
    expiresAt: now + (seconds !== undefined ? seconds * 1000 : ASSUMED_LIFETIME_MS),
    // A refresh response may omit both (RFC 6749 §6, OIDC Core §12.2): the previous ones stay valid.
    ...((tokens.refresh_token ?? previous?.refreshToken) ? { refreshToken: tokens.refresh_token ?? previous?.refreshToken } : {}),
    ...((tokens.id_token ?? previous?.idToken) ? { idToken: tokens.id_token ?? previous?.idToken } : {}),
  };
}

/**
 * Why a sign-in failed, as a code the sign-in page words (components/auth/sign-in-failures.ts): the
 * page never shows text from its URL, which anyone can write. Details go to the server log.
 */
export class SignInFailure extends Error {
  constructor(readonly code: SignInFailureCode, message: string) {
    super(message);
  }
}

export type SignInFailureCode = 'flow' | 'provider' | 'verify' | 'cluster' | 'unreachable' | 'too-large';

/**
 * Finishes a sign-in on the callback: checks the flow cookie, then lets openid-client check the
 * answer (state, issuer, PKCE, the ID token and its nonce) and exchange the code. `callbackUrl` is
 * the callback as the browser was sent to it (CONSOLE_ORIGIN + path + query). Throws SignInFailure.
 */
export async function completeSignIn(callbackUrl: URL, sealedFlow: string | undefined): Promise<{ credentials: OidcCredentials; next: string }> {
  const settings = oidcSettingsOrThrow();
  if (!sealedFlow) throw new SignInFailure('flow', 'no sign-in flow cookie');
  let flow: z.infer<typeof flowSchema>;
  try {
    const { payload } = await jwtDecrypt(sealedFlow, keyFor('sign-in-flow'));
    flow = flowSchema.parse(payload);
  } catch {
    throw new SignInFailure('flow', 'the sign-in flow cookie is forged or expired');
  }
  const providerError = callbackUrl.searchParams.get('error');
  if (providerError) {
    const description = callbackUrl.searchParams.get('error_description');
    throw new SignInFailure('provider', `the provider answered ${providerError}${description ? `: ${description}` : ''}`);
  }
  const configuration = await oidcConfiguration(settings);
  try {
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      ...(flow.nonce ? { expectedNonce: flow.nonce } : {}),
      idTokenExpected: settings.openid,
    });
    return { credentials: credentialsOf(tokens), next: flow.next };
  } catch (error) {
    throw new SignInFailure('verify', `the provider's answer could not be verified: ${(error as Error).message}`);
  }
}

/**
 * A new access token from the refresh token (RFC 6749 §6). Throws when there is no refresh token or
 * the provider refuses it (its session ended, was revoked, or idled out): the user signs in again.
 */
export async function refreshCredentials(current: OidcCredentials): Promise<OidcCredentials> {
  if (!current.refreshToken) throw new Error('the provider gave no refresh token');
  const configuration = await oidcConfiguration();
  const tokens = await client.refreshTokenGrant(configuration, current.refreshToken);
  return credentialsOf(tokens, current);
}

/**
 * The provider logout still to do after a sign-out, in a sealed, short-lived cookie: the page that
 * signed out may be replaced before its script follows the answer (its live view, told the session
 * ended, sends it to sign-in), so whichever page the browser lands on next, /api/auth/logout or the
 * sign-in page, finishes it. Lax: the provider's redirect back is cross-site.
 */
export const LOGOUT_COOKIE = 'bmconsole-sign-out';
const LOGOUT_MINUTES = 5;

export function logoutCookie(secure: boolean) {
  return {
    name: secure ? `__Host-${LOGOUT_COOKIE}` : LOGOUT_COOKIE,
    options: { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: LOGOUT_MINUTES * 60 },
  };
}

export async function sealLogout(url: string): Promise<string> {
  return new EncryptJWT({ url })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${LOGOUT_MINUTES}m`)
    .encrypt(keyFor('sign-in-flow'));
}

/** The provider logout URL a sealed cookie holds, or undefined (none, forged, expired, not the provider's). */
export async function openLogout(sealed: string | undefined): Promise<string | undefined> {
  if (!sealed) return undefined;
  try {
    const { payload } = await jwtDecrypt(sealed, keyFor('sign-in-flow'));
    const url = z.object({ url: z.url() }).parse(payload).url;
    const configuration = await oidcConfiguration();
    const endpoint = configuration.serverMetadata().end_session_endpoint;
    return endpoint && url.startsWith(`${endpoint}?`) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where to send the browser to end the provider's session too (RP-initiated logout, with the ID
 * token as hint and the sign-in page to come back to), or undefined when the provider has no
 * end_session_endpoint (OpenShift's OAuth server): then only the console session ends.
 */
export async function providerLogoutUrl(idToken: string | undefined): Promise<string | undefined> {
  const settings = oidcSettings();
  if (!settings) return undefined;
  let configuration: client.Configuration;
  try {
    configuration = await oidcConfiguration(settings);
  } catch {
    return undefined;
  }
  if (!configuration.serverMetadata().end_session_endpoint) return undefined;
  return client
    .buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: settings.postLogoutRedirectUri,
      ...(idToken ? { id_token_hint: idToken } : { client_id: settings.clientId }),
    })
    .toString();
}
