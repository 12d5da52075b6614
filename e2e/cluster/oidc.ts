/**
 * The test bed's OpenID provider (TESTBED.md): the real Keycloak, from its distribution on Maven
 * Central (build-keycloak.sh), started on 127.0.0.1 over TLS with a test-bed CA made at each start,
 * with one realm it seeds: a client for the console (authorization code + PKCE, confidential), a
 * public client for tests that need tokens without a browser (password grant, as `kubectl
 * oidc-login` users have), two groups and a user in each. kube-apiserver trusts it through its
 * structured authentication configuration (`--authentication-config`), with these mappings:
 *
 *   username = `oidc:` + the access token's `preferred_username`
 *   groups   = `oidc:` + each of its `groups` (Keycloak's group membership mapper, short names)
 *   audience = the console's client id (Keycloak's audience mapper puts it in the access token)
 *
 * RBAC: group `oidc:console-admins` is bound to cluster-admin; `oidc:console-viewers` to
 * `testbed-oidc-viewer`, which reads what the console shows and nothing else (no Secrets).
 *
 * Started only when asked (TESTBED_OIDC=1: `npm test`, `npm run demo`), in parallel with the
 * control plane. Passwords and the client secret are made at each start and kept in the cluster's
 * state folder (`oidc.json`, mode 0600), never committed.
 */
import * as k8s from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { ClusterRoleBindingKind, ClusterRoleKind } from '../../lib/k8s/kinds';
import { ObjectClient, kubeRequest, waitFor } from './kube';
import { componentDir, testbedPaths } from './paths';
import { daemonPid, logFile, startDaemon, stopDaemon } from './processes';
import { loopbackCertificates } from './loopback-tls';
import { freeLoopbackPort } from './webhook';

export const OIDC_REALM = 'bare-metal-console';
export const CONSOLE_CLIENT_ID = 'bare-metal-console';
export const CLI_CLIENT_ID = 'testbed-cli';
export const CLAIM_PREFIX = 'oidc:';
export const ADMIN_GROUP = 'console-admins';
export const VIEWER_GROUP = 'console-viewers';
export const VIEWER_CLUSTER_ROLE = 'testbed-oidc-viewer';
export const PROVIDER_NAME = 'Keycloak';
/** Keycloak's default, which the realm keeps: refreshed by the console after 3m45s. */
export const ACCESS_TOKEN_SECONDS = 300;
export const DAEMON = 'keycloak';

export interface OidcUser {
  username: string;
  password: string;
  group: string;
  /** What the apiserver calls this user. */
  kubeUsername: string;
}

/** What tests, the demo and `cluster:status` need to know about the running provider (`<stateDir>/oidc.json`). */
export interface OidcState {
  issuer: string;
  port: number;
  /** The test-bed CA that signed Keycloak's certificate: give it to the console as NODE_EXTRA_CA_CERTS. */
  caFile: string;
  clientId: string;
  clientSecret: string;
  cliClientId: string;
  providerName: string;
  /** Keycloak's bootstrap administrator (master realm), for the admin REST API. */
  keycloakAdmin: { username: string; password: string };
  users: { admin: OidcUser; viewer: OidcUser };
}

/** Whether this run wants the provider (TESTBED_OIDC=1). */
export function oidcRequested(): boolean {
  return process.env.TESTBED_OIDC === '1';
}

function homeDir(): string {
  return join(testbedPaths().stateDir, 'keycloak');
}

export function oidcStatePath(): string {
  return join(testbedPaths().stateDir, 'oidc.json');
}

export function readOidcState(): OidcState | undefined {
  const path = oidcStatePath();
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as OidcState) : undefined;
}

/** The running provider's state; throws with what to do when the cluster was started without it. */
export function requireOidcState(): OidcState {
  const state = readOidcState();
  if (!state || daemonPid(testbedPaths().stateDir, DAEMON) === undefined) {
    throw new Error('The local cluster runs without its OpenID provider: stop it (npm run cluster:down) and start it with TESTBED_OIDC=1');
  }
  return state;
}

export function oidcRunning(): boolean {
  return readOidcState() !== undefined && daemonPid(testbedPaths().stateDir, DAEMON) !== undefined;
}

const secret = () => randomBytes(18).toString('base64url');

/** The console's environment for single sign-on with the test bed's provider, at `origin`. */
export function consoleOidcEnv(state: OidcState, origin: string): Record<string, string> {
  return {
    CONSOLE_ORIGIN: origin,
    CONSOLE_OIDC_ISSUER: state.issuer,
    CONSOLE_OIDC_CLIENT_ID: state.clientId,
    CONSOLE_OIDC_CLIENT_SECRET: state.clientSecret,
    CONSOLE_OIDC_PROVIDER_NAME: state.providerName,
    NODE_EXTRA_CA_CERTS: state.caFile,
  };
}

/** The console's redirect and post-logout URIs at `origin`, as Keycloak's client lists them. */
function consoleUris(origin: string): { redirect: string; postLogout: string[] } {
  return { redirect: `${origin}/api/auth/callback`, postLogout: [`${origin}/sign-in?signed-out=1`] };
}

/** Origins registered from the start: `npm run demo` (localhost:3000) and the e2e web server. */
function initialOrigins(): string[] {
  const origins = new Set(['http://localhost:3000', 'http://127.0.0.1:3000']);
  if (process.env.E2E_PORT) origins.add(`http://127.0.0.1:${process.env.E2E_PORT}`);
  for (const origin of (process.env.TESTBED_OIDC_ORIGINS ?? '').split(',').filter(Boolean)) origins.add(origin);
  return [...origins];
}

const tokenMappers = (audience: string) => [
  {
    name: 'console audience',
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    config: { 'included.client.audience': audience, 'access.token.claim': 'true', 'id.token.claim': 'false', 'introspection.token.claim': 'true' },
  },
  {
    name: 'groups',
    protocol: 'openid-connect',
    protocolMapper: 'oidc-group-membership-mapper',
    config: { 'claim.name': 'groups', 'full.path': 'false', 'access.token.claim': 'true', 'id.token.claim': 'true', 'userinfo.token.claim': 'true', 'introspection.token.claim': 'true' },
  },
];

function realm(state: OidcState): Record<string, unknown> {
  const uris = initialOrigins().map(consoleUris);
  const user = (u: OidcUser, first: string, last: string) => ({
    username: u.username,
    enabled: true,
    email: `${u.username}@example.com`,
    emailVerified: true,
    firstName: first,
    lastName: last,
    credentials: [{ type: 'password', value: u.password, temporary: false }],
    groups: [`/${u.group}`],
  });
  return {
    realm: OIDC_REALM,
    displayName: 'Bare Metal Console test bed',
    enabled: true,
    accessTokenLifespan: ACCESS_TOKEN_SECONDS,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36_000,
    groups: [{ name: ADMIN_GROUP }, { name: VIEWER_GROUP }],
    users: [user(state.users.admin, 'Ada', 'Admin'), user(state.users.viewer, 'Vic', 'Viewer')],
    clients: [
      {
        clientId: CONSOLE_CLIENT_ID,
        name: 'Bare Metal Console',
        enabled: true,
        protocol: 'openid-connect',
        publicClient: false,
        clientAuthenticatorType: 'client-secret',
        secret: state.clientSecret,
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        frontchannelLogout: true,
        redirectUris: uris.map((u) => u.redirect),
        webOrigins: [],
        attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': uris.flatMap((u) => u.postLogout).join('##') },
        defaultClientScopes: ['basic', 'profile', 'acr'],
        optionalClientScopes: ['email'],
        protocolMappers: tokenMappers(CONSOLE_CLIENT_ID),
      },
      {
        clientId: CLI_CLIENT_ID,
        name: 'Test bed command line (password grant, tests only)',
        enabled: true,
        protocol: 'openid-connect',
        publicClient: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: true,
        redirectUris: [],
        defaultClientScopes: ['basic', 'profile'],
        protocolMappers: tokenMappers(CONSOLE_CLIENT_ID),
      },
    ],
  };
}

/**
 * kube-apiserver's structured authentication configuration (apiserver.config.k8s.io/v1, GA in
 * Kubernetes 1.34): trust the realm's tokens for the console's audience, with the mappings above.
 */
export function authenticationConfiguration(state: Pick<OidcState, 'issuer' | 'clientId'>, caPem: string): string {
  const ca = caPem.trim().split('\n').map((line) => `      ${line}`).join('\n');
  return `apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
jwt:
- issuer:
    url: ${state.issuer}
    audiences:
    - ${state.clientId}
    certificateAuthority: |
${ca}
  claimMappings:
    username:
      claim: preferred_username
      prefix: "${CLAIM_PREFIX}"
    groups:
      claim: groups
      prefix: "${CLAIM_PREFIX}"
`;
}

export interface PreparedOidc {
  state: OidcState;
  authenticationConfigPath: string;
}

/**
 * Chooses a port, makes the CA and certificate, the realm with fresh secrets, Keycloak's own home
 * for this cluster (its database and logs; the distribution is linked from the cache), and the
 * apiserver's authentication configuration. Nothing is started yet.
 */
export async function prepareOidc(): Promise<PreparedOidc> {
  const { stateDir } = testbedPaths();
  const home = homeDir();
  rmSync(home, { recursive: true, force: true });
  mkdirSync(join(home, 'data', 'import'), { recursive: true, mode: 0o700 });
  const dist = join(componentDir('keycloak'), 'keycloak');
  // kc.sh resolves the distribution from its own path; -Dkc.home.dir points the rest here.
  for (const part of ['bin', 'conf', 'lib', 'providers', 'themes']) symlinkSync(join(dist, part), join(home, part));
  const port = await freeLoopbackPort();
  const issuer = `https://127.0.0.1:${port}/realms/${OIDC_REALM}`;
  const person = (username: string, group: string): OidcUser => ({ username, password: secret(), group, kubeUsername: `${CLAIM_PREFIX}${username}` });
  // The database build-keycloak.sh initialised (schema, master realm, its administrator) saves
  // most of a first start; without it Keycloak makes its own, with an administrator made here.
  const component = componentDir('keycloak');
  const initialised = existsSync(join(component, 'initial-data', 'h2')) && existsSync(join(component, 'bootstrap-admin'));
  if (initialised) cpSync(join(component, 'initial-data'), join(home, 'data'), { recursive: true });
  const [adminName, adminPassword] = initialised ? readFileSync(join(component, 'bootstrap-admin'), 'utf8').trim().split(' ') : [];
  const state: OidcState = {
    issuer,
    port,
    caFile: join(home, 'ca.crt'),
    clientId: CONSOLE_CLIENT_ID,
    clientSecret: secret(),
    cliClientId: CLI_CLIENT_ID,
    providerName: PROVIDER_NAME,
    keycloakAdmin: { username: adminName ?? 'testbed-admin', password: adminPassword ?? secret() },
    users: { admin: person('console-admin', ADMIN_GROUP), viewer: person('console-viewer', VIEWER_GROUP) },
  };
  const { caPem, certPem, keyPem } = await loopbackCertificates({ caName: 'bare-metal-console test bed OpenID provider CA', days: 30 });
  writeFileSync(state.caFile, `${caPem}\n`);
  writeFileSync(join(home, 'tls.crt'), `${certPem}\n`);
  writeFileSync(join(home, 'tls.key'), `${keyPem}\n`, { mode: 0o600 });
  writeFileSync(join(home, 'data', 'import', `${OIDC_REALM}-realm.json`), JSON.stringify(realm(state), null, 2), { mode: 0o600 });
  const authenticationConfigPath = join(home, 'authentication-config.yaml');
  writeFileSync(authenticationConfigPath, authenticationConfiguration(state, caPem));
  writeFileSync(oidcStatePath(), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(oidcStatePath(), 0o600);
  mkdirSync(stateDir, { recursive: true });
  return { state, authenticationConfigPath };
}

/** The Java home build-keycloak.sh checked (KEYCLOAK_JAVA_HOME, else Temurin 25). */
function javaHome(): string {
  return process.env.KEYCLOAK_JAVA_HOME ?? '/usr/lib/jvm/temurin-25-jdk-amd64';
}

/** Starts Keycloak for this cluster in the background (it takes tens of seconds: see waitForOidc). */
export function startOidc({ state }: PreparedOidc): void {
  const home = homeDir();
  const component = componentDir('keycloak');
  const aot = join(component, 'keycloak.aot');
  startDaemon(testbedPaths().stateDir, {
    name: DAEMON,
    command: join(component, 'keycloak', 'bin', 'kc.sh'),
    args: [
      'start',
      '--optimized',
      // Its own home: database, transaction logs and the realm to import are this cluster's.
      `-Dkc.home.dir=${home}`,
      `--hostname=https://127.0.0.1:${state.port}`,
      '--http-enabled=false',
      '--http-host=127.0.0.1',
      `--https-port=${state.port}`,
      `--https-certificate-file=${join(home, 'tls.crt')}`,
      `--https-certificate-key-file=${join(home, 'tls.key')}`,
      // One node: no JGroups discovery, which would bind ports beyond loopback.
      '--cache=local',
      '--import-realm',
    ],
    env: {
      JAVA_HOME: javaHome(),
      ...(existsSync(aot) ? { JAVA_OPTS_APPEND: `-XX:AOTCache=${aot}` } : {}),
      KC_BOOTSTRAP_ADMIN_USERNAME: state.keycloakAdmin.username,
      KC_BOOTSTRAP_ADMIN_PASSWORD: state.keycloakAdmin.password,
    },
  });
}

/** One HTTPS request to Keycloak, trusting only the test-bed CA. JSON (or nothing) comes back. */
export async function keycloakRequest<T = unknown>(
  state: OidcState,
  options: { method?: string; path: string; form?: Record<string, string>; json?: unknown; token?: string },
): Promise<{ status: number; body: T }> {
  const ca = readFileSync(state.caFile);
  const body = options.form ? new URLSearchParams(options.form).toString() : options.json !== undefined ? JSON.stringify(options.json) : undefined;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: state.port,
        path: options.path,
        method: options.method ?? (body ? 'POST' : 'GET'),
        ca,
        headers: {
          accept: 'application/json',
          ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        timeout: 15_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (an HTML error page): kept as text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Keycloak did not answer ${options.path} within 15 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Waits until Keycloak serves the realm's metadata (it imports the realm while starting). */
export async function waitForOidc(state: OidcState, options: { timeoutMs?: number } = {}): Promise<void> {
  const { stateDir } = testbedPaths();
  const outcome = await waitFor(
    `Keycloak to serve ${state.issuer}`,
    async () => {
      if (daemonPid(stateDir, DAEMON) === undefined) return 'exited' as const;
      try {
        const answer = await keycloakRequest(state, { path: `/realms/${OIDC_REALM}/.well-known/openid-configuration` });
        return answer.status === 200 ? ('ready' as const) : undefined;
      } catch {
        return undefined;
      }
    },
    { timeoutMs: options.timeoutMs ?? 240_000, intervalMs: 250 },
  );
  if (outcome === 'exited') throw new Error(`Keycloak exited while starting; see ${logFile(stateDir, DAEMON)}`);
}

/** Binds the realm's groups: admins to cluster-admin, viewers to a read-only role of what the console shows. */
export async function grantOidcGroups(kc: k8s.KubeConfig): Promise<void> {
  const client = new ObjectClient(kc);
  const group = (name: string) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `${CLAIM_PREFIX}${name}` });
  await client.ensure(ClusterRoleKind, {
    metadata: { name: VIEWER_CLUSTER_ROLE },
    rules: [
      { apiGroups: [''], resources: ['nodes', 'pods', 'events', 'namespaces', 'services'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments', 'daemonsets', 'replicasets', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['metal3.io'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
    ],
  });
  await client.ensure(ClusterRoleBindingKind, {
    metadata: { name: 'testbed-oidc-admins' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [group(ADMIN_GROUP)],
  });
  await client.ensure(ClusterRoleBindingKind, {
    metadata: { name: 'testbed-oidc-viewers' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: VIEWER_CLUSTER_ROLE },
    subjects: [group(VIEWER_GROUP)],
  });
}

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
}

/** Tokens for a realm user through the public test client's password grant (no browser). */
export async function passwordGrant(state: OidcState, user: OidcUser): Promise<TokenSet> {
  const answer = await keycloakRequest<TokenSet>(state, {
    path: `/realms/${OIDC_REALM}/protocol/openid-connect/token`,
    form: { grant_type: 'password', client_id: state.cliClientId, username: user.username, password: user.password, scope: 'openid' },
  });
  if (answer.status !== 200) throw new Error(`Keycloak refused the password grant of ${user.username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * Waits until kube-apiserver accepts the provider's tokens (its JWT authenticator reads the
 * issuer's metadata and keys in the background, retrying until Keycloak answers).
 */
export async function waitForApiserverTrust(kc: k8s.KubeConfig, state: OidcState): Promise<void> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the admin kubeconfig names no cluster');
  const { access_token: token } = await passwordGrant(state, state.users.admin);
  const userKc = new k8s.KubeConfig();
  userKc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'oidc', token }],
    contexts: [{ name: 'oidc', cluster: cluster.name, user: 'oidc' }],
    currentContext: 'oidc',
  });
  await waitFor(
    "kube-apiserver to accept the provider's tokens",
    async () => {
      try {
        const review = await kubeRequest<{ status: { userInfo: { username: string } } }>(userKc, {
          method: 'POST',
          path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        });
        return review.status.userInfo.username === state.users.admin.kubeUsername ? true : undefined;
      } catch {
        return undefined;
      }
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
}

/** A token of Keycloak's bootstrap administrator (master realm, admin-cli). */
async function adminToken(state: OidcState): Promise<string> {
  const answer = await keycloakRequest<TokenSet>(state, {
    path: '/realms/master/protocol/openid-connect/token',
    form: { grant_type: 'password', client_id: 'admin-cli', username: state.keycloakAdmin.username, password: state.keycloakAdmin.password },
  });
  if (answer.status !== 200) throw new Error(`Keycloak refused its administrator: ${answer.status}`);
  return answer.body.access_token;
}

async function adminCall<T = unknown>(state: OidcState, options: { method?: string; path: string; json?: unknown }): Promise<T> {
  const answer = await keycloakRequest<T>(state, { ...options, path: `/admin/realms/${OIDC_REALM}${options.path}`, token: await adminToken(state) });
  if (answer.status >= 300) throw new Error(`Keycloak's admin API answered ${answer.status} to ${options.method ?? 'GET'} ${options.path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

interface ClientRepresentation {
  id: string;
  clientId: string;
  redirectUris?: string[];
  attributes?: Record<string, string>;
}

async function consoleClient(state: OidcState): Promise<ClientRepresentation> {
  const [found] = await adminCall<ClientRepresentation[]>(state, { path: `/clients?clientId=${encodeURIComponent(state.clientId)}` });
  if (!found) throw new Error(`Keycloak has no client ${state.clientId}`);
  return found;
}

/**
 * Registers a console at `origin` with the provider (its redirect and post-logout URIs): each
 * console a test starts listens on its own port, and Keycloak matches redirect URIs exactly.
 */
export async function allowConsoleOrigin(state: OidcState, origin: string): Promise<void> {
  const client = await consoleClient(state);
  const uris = consoleUris(origin);
  const redirectUris = [...new Set([...(client.redirectUris ?? []), uris.redirect])];
  const postLogout = [...new Set([...(client.attributes?.['post.logout.redirect.uris'] ?? '').split('##').filter(Boolean), ...uris.postLogout])];
  await adminCall(state, {
    method: 'PUT',
    path: `/clients/${client.id}`,
    json: { ...client, redirectUris, attributes: { ...client.attributes, 'post.logout.redirect.uris': postLogout.join('##') } },
  });
}

/** Sets the console client's access token lifetime (seconds; undefined: the realm's 5 minutes). */
export async function setAccessTokenLifespan(state: OidcState, seconds: number | undefined): Promise<void> {
  const client = await consoleClient(state);
  const attributes = { ...client.attributes, 'access.token.lifespan': seconds === undefined ? '' : String(seconds) };
  await adminCall(state, { method: 'PUT', path: `/clients/${client.id}`, json: { ...client, attributes } });
}

/** Ends every session of a user at the provider, as an administrator revoking access does: their refresh tokens stop working. */
export async function logoutUserAtProvider(state: OidcState, user: OidcUser): Promise<void> {
  const [found] = await adminCall<{ id: string }[]>(state, { path: `/users?exact=true&username=${encodeURIComponent(user.username)}` });
  if (!found) throw new Error(`Keycloak has no user ${user.username}`);
  await adminCall(state, { method: 'POST', path: `/users/${found.id}/logout` });
}

/** How many sessions a user has at the provider (0 after signing out there). */
export async function providerSessionCount(state: OidcState, user: OidcUser): Promise<number> {
  const [found] = await adminCall<{ id: string }[]>(state, { path: `/users?exact=true&username=${encodeURIComponent(user.username)}` });
  if (!found) throw new Error(`Keycloak has no user ${user.username}`);
  return (await adminCall<unknown[]>(state, { path: `/users/${found.id}/sessions` })).length;
}

/** Stops Keycloak and deletes this cluster's provider state (its home, database, secrets). */
export async function stopOidc(): Promise<void> {
  await stopDaemon(testbedPaths().stateDir, DAEMON, 20_000);
  rmSync(homeDir(), { recursive: true, force: true });
  rmSync(oidcStatePath(), { force: true });
}
