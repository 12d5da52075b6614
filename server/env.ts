import 'server-only';
import { isAbsolute } from 'node:path';
import { z } from 'zod';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|\[::1\]|localhost)$/;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

/** The console's configuration, validated once (at start, from instrumentation.ts). */
const envSchema = z
  .object({
    /**
     * token: each user signs in with a bearer token (`oc whoami -t`), verified by the cluster.
     * kubeconfig: the kubeconfig's own identity; local use only, so loopback only.
     */
    CONSOLE_AUTH_MODE: z.enum(['kubeconfig', 'token']).default('token'),
    /** Path of the kubeconfig; unset means ~/.kube/config, or the in-cluster service account. */
    KUBECONFIG: z.string().min(1).optional(),
    /** The address `npm start` binds to. */
    CONSOLE_LISTEN_ADDRESS: z.string().min(1).default('127.0.0.1'),
    /**
     * Key material for the session cookie (32+ characters). Unset: a random key per process,
     * so sessions end when the console restarts.
     */
    CONSOLE_SESSION_SECRET: z.string().min(32, 'CONSOLE_SESSION_SECRET must be at least 32 characters').optional(),
    CONSOLE_SESSION_HOURS: z.coerce.number().positive().max(24).default(8),
    /**
     * The console's public origin when it sits behind a proxy (e.g. https://console.example.com):
     * the only source of the origin mutating requests must come from and of whether cookies are
     * Secure. X-Forwarded-* headers are never trusted for either.
     */
    CONSOLE_ORIGIN: z
      .url()
      .refine((value) => new URL(value).origin === value.replace(/\/$/, ''), 'CONSOLE_ORIGIN is an origin only: scheme, host and port, no path')
      .transform((value) => new URL(value).origin)
      .optional(),
    /**
     * The namespace the console runs in (a pod sets it from the downward API). When set, sign-outs
     * are recorded in a ConfigMap there, so every replica refuses a signed-out session.
     */
    CONSOLE_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'CONSOLE_NAMESPACE is a namespace name')
      .optional(),
    /**
     * Approve node CSRs automatically, with the console's own identity: only those that pass every
     * check and belong to a host enrolled through the console, and never while the flood guard trips.
     */
    /**
     * Absolute path of the nmstatectl binary that checks static network configs (`nmstatectl gc`,
     * what metal3's image customization runs). Unset: `nmstatectl` on PATH, else the test bed's
     * build when the console runs from its repository (server/nmstate/nmstatectl.ts).
     */
    CONSOLE_NMSTATECTL: z
      .string()
      .refine(isAbsolute, 'CONSOLE_NMSTATECTL must be an absolute path to the nmstatectl binary')
      .optional(),
    CONSOLE_AUTO_APPROVE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    /**
     * Single sign-on (server/auth/oidc.ts): the identity provider's issuer URL, e.g.
     * https://keycloak.example.com/realms/acme. Its metadata is read from
     * `<issuer>/.well-known/openid-configuration` (or `oauth-authorization-server` when the scopes
     * do not ask for `openid`). A URL that contains `/.well-known/` is the metadata document itself,
     * as OpenShift's OAuth server publishes it on the apiserver:
     * https://api.<cluster>:6443/.well-known/oauth-authorization-server. Unset: no single sign-on.
     */
    CONSOLE_OIDC_ISSUER: z
      .url()
      .refine((value) => value.startsWith('https:'), 'CONSOLE_OIDC_ISSUER must be an https: URL (tokens and codes travel to it)')
      .optional(),
    /** The console's client id at the provider. */
    CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** The client's secret (a confidential client; from a Secret in-cluster). Unset: a public client (PKCE only). */
    CONSOLE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /**
     * Space-separated scopes. `openid` makes it OpenID Connect (an ID token, a nonce, RP-initiated
     * logout); OpenShift's OAuth server wants `user:full`. Keycloak gives a refresh token without
     * `offline_access` (which would outlive a sign-out at the provider), so it is not asked for.
     */
    CONSOLE_OIDC_SCOPES: z
      .string()
      .trim()
      .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'CONSOLE_OIDC_SCOPES is scope tokens separated by single spaces (RFC 6749 §3.3)')
      .default('openid profile'),
    /** What the sign-in page calls the provider: "Sign in with <name>". */
    CONSOLE_OIDC_PROVIDER_NAME: z.string().trim().min(1).max(60).default('your identity provider'),
  })
  .superRefine((env, ctx) => {
    if (env.CONSOLE_AUTO_APPROVE && !env.CONSOLE_SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_AUTO_APPROVE'],
        message: 'automatic approval only trusts hosts the console can prove it enrolled, which needs a stable key: set CONSOLE_SESSION_SECRET',
      });
    }
    if (env.CONSOLE_OIDC_ISSUER && !env.CONSOLE_OIDC_CLIENT_ID) {
      ctx.addIssue({ code: 'custom', path: ['CONSOLE_OIDC_CLIENT_ID'], message: 'single sign-on needs the console\'s client id at the provider: set CONSOLE_OIDC_CLIENT_ID' });
    }
    if ((env.CONSOLE_OIDC_CLIENT_ID || env.CONSOLE_OIDC_CLIENT_SECRET) && !env.CONSOLE_OIDC_ISSUER) {
      ctx.addIssue({ code: 'custom', path: ['CONSOLE_OIDC_ISSUER'], message: 'an OAuth client is configured but no provider: set CONSOLE_OIDC_ISSUER' });
    }
    if (env.CONSOLE_OIDC_ISSUER && !env.CONSOLE_ORIGIN) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_ORIGIN'],
        message: 'single sign-on sends the provider back to <CONSOLE_ORIGIN>/api/auth/callback, so the console must know its public origin: set CONSOLE_ORIGIN',
      });
    }
    if (env.CONSOLE_AUTH_MODE === 'kubeconfig' && !isLoopbackHost(env.CONSOLE_LISTEN_ADDRESS)) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_LISTEN_ADDRESS'],
        message: `kubeconfig mode lends the kubeconfig's identity to every visitor, so the console must listen on loopback, not ${env.CONSOLE_LISTEN_ADDRESS}`,
      });
    }
  });

export type ConsoleEnv = z.infer<typeof envSchema>;

let parsed: ConsoleEnv | undefined;

export function parseConsoleEnv(source: Record<string, string | undefined>): ConsoleEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new Error(`Invalid console configuration:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export function consoleEnv(): ConsoleEnv {
  parsed ??= parseConsoleEnv(process.env);
  return parsed;
}
