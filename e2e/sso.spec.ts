import { webcrypto } from 'node:crypto';
import { type Browser, type Page, expect, request, test } from '@playwright/test';
import { CertificateSigningRequestKind } from '../lib/k8s/kinds';
import { EC_P256, createCertificateRequestPem } from '../lib/pki/certificate-request';
import { type ConsoleProcess, startConsole } from './cluster/console-process';
import {
  type OidcState,
  type OidcUser,
  allowConsoleOrigin,
  consoleOidcEnv,
  logoutUserAtProvider,
  providerSessionCount,
  requireOidcState,
  setAccessTokenLifespan,
} from './cluster/oidc';
import type { KubeObject } from './cluster/kube';
import { freeLoopbackPort } from './cluster/webhook';
import { admin } from './fixtures';

/**
 * Single sign-on with the test bed's real Keycloak: a console configured as README "Sign in with
 * your identity provider" says, users signing in on Keycloak's own login page, RBAC following their
 * Keycloak group. The console client's access tokens live 30 s here, so every test also runs
 * across token refreshes.
 */

const TOKEN_SECONDS = 30;
let state: OidcState;
let origin: string;
let consoleServer: ConsoleProcess;

test.beforeAll(async () => {
  state = requireOidcState();
  const port = await freeLoopbackPort();
  origin = `http://127.0.0.1:${port}`;
  await allowConsoleOrigin(state, origin);
  await setAccessTokenLifespan(state, TOKEN_SECONDS);
  consoleServer = await startConsole({
    PORT: String(port),
    CONSOLE_AUTH_MODE: 'token',
    CONSOLE_SESSION_SECRET: `sso-e2e-${Date.now()}-session-secret-of-this-test`,
    ...consoleOidcEnv(state, origin),
  });
});

test.afterAll(async () => {
  await consoleServer?.stop();
  if (state) await setAccessTokenLifespan(state, undefined);
});

/** Signs in as a user would: the console's link, then Keycloak's own login form. */
async function signInWithKeycloak(page: Page, user: OidcUser, path = '/'): Promise<void> {
  await page.goto(`${origin}${path}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByRole('link', { name: 'Sign in with Keycloak' }).click();
  await expect(page).toHaveURL(new RegExp(`^https://127\\.0\\.0\\.1:${state.port}/realms/`));
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await expect(page.getByText(`Signed in as ${user.kubeUsername}`)).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(path.split('?')[0]);
}

async function keycloakContext(browser: Browser) {
  // Keycloak's certificate is signed by the test bed's CA, which Chromium does not know.
  return browser.newContext({ ignoreHTTPSErrors: true });
}

test('the sign-in page offers the provider, and keeps the token as a fallback', async ({ browser }) => {
  const context = await keycloakContext(browser);
  const page = await context.newPage();
  await page.goto(`${origin}/sign-in`);
  await expect(page.getByRole('link', { name: 'Sign in with Keycloak' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Or paste a bearer token' })).toBeVisible();
  await expect(page.getByLabel('Bearer token')).toBeVisible();

  // A callback this browser did not start (a forged or replayed link) signs no one in.
  await page.goto(`${origin}/api/auth/callback?code=stolen-code&state=forged-state`);
  await expect(page).toHaveURL(/\/sign-in\?failure=flow/);
  await expect(page.getByRole('alert').filter({ hasText: 'The sign-in took too long or was started in another browser. Sign in again.' })).toBeVisible();
  await expect(page.getByText('Signed in as')).toHaveCount(0);
  await context.close();
});

test('a read-only group member signs in on Keycloak and sees actions disabled with the reason', async ({ browser }) => {
  const context = await keycloakContext(browser);
  const page = await context.newPage();
  await signInWithKeycloak(page, state.users.viewer, '/setup');
  const create = page.getByRole('button', { name: 'Create Provisioning CR' });
  await expect(create).toBeDisabled();
  await expect(page.getByText(`${state.users.viewer.kubeUsername} may not create provisionings.`)).toBeVisible();
  // Reading is allowed by the group's role: the inventory lists the seeded hosts.
  await page.getByRole('link', { name: 'Inventory' }).click();
  await expect(page.getByRole('row', { name: /openshift-worker-0/ })).toBeVisible();
  const viewer = state.users.viewer.kubeUsername;
  // Enrolling is not offered, and says why.
  await expect(page.getByRole('link', { name: 'Enroll a host' })).toHaveCount(0);
  await expect(page.getByText(`Enrolling hosts is not offered: ${viewer} may not create baremetalhosts in namespace openshift-machine-api.`)).toBeVisible();
  // Removing a host: disabled with the reason, on the host page and in the row's menu.
  const row = page.getByRole('row', { name: /openshift-worker-0/ });
  await row.getByRole('button', { name: 'Actions for host openshift-worker-0' }).click();
  await expect(page.getByRole('menuitem', { name: 'Remove host…' })).toBeDisabled();
  await expect(page.getByRole('menuitem', { name: 'Remove host…' })).toHaveAccessibleDescription(/may not (patch|delete) baremetalhosts/);
  await page.keyboard.press('Escape');
  // This spec's console has its own origin (the one the provider sends users back to).
  await page.goto(new URL('/hosts/openshift-machine-api/openshift-worker-0', page.url()).toString());
  const remove = page.getByRole('button', { name: 'Remove host', exact: true });
  await expect(remove).toBeDisabled();
  await expect(remove).toHaveAccessibleDescription(/may not (patch|delete) baremetalhosts/);
  // The wizard, reached by URL: it says at once that creating is not theirs, with the reason.
  await page.goto(new URL('/hosts/new', page.url()).toString());
  const readOnly = page.getByRole('note', { name: 'Read only' });
  await expect(readOnly).toContainText('You cannot enroll hosts here.');
  await expect(readOnly).toContainText(`${viewer} may not create`);
  // CSRs: approve and deny are disabled with the reason.
  await page.goto(new URL('/csrs', page.url()).toString());
  await expect(page.getByText(`Approve and deny are disabled: ${viewer} may not update certificatesigningrequests/approval.`)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Approve all that pass/ })).toBeDisabled();
  await context.close();
});

test('an admin group member approves a CSR as themselves, across token refreshes', async ({ browser }) => {
  const name = 'e2e-sso-approved-csr';
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pem = await createCertificateRequestPem({ keys, commonName: 'system:node:sso-nobody', organizations: ['system:nodes'] });
  await admin.create(CertificateSigningRequestKind, {
    metadata: { name },
    spec: { request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['digital signature', 'client auth'] },
  });
  const context = await keycloakContext(browser);
  try {
    const page = await context.newPage();
    await signInWithKeycloak(page, state.users.admin, '/csrs');
    // Past the first access token's lifetime: the console refreshed it, the page goes on.
    await page.waitForTimeout((TOKEN_SECONDS + 2) * 1000);
    await page.reload();
    await expect(page.getByText(`Signed in as ${state.users.admin.kubeUsername}`)).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByRole('button', { name: `Approve ${name}` }).click();
    await row.getByLabel(`This CSR fails a check. Type ${name} to approve it anyway`).fill(name);
    await row.getByRole('button', { name: 'Approve despite failed checks' }).click();
    await expect(row.getByRole('cell', { name: /Approved/ })).toBeVisible();
    const approved = await admin.get<KubeObject & { status?: { conditions?: { type: string; status: string }[] } }>(CertificateSigningRequestKind, name);
    expect(approved?.status?.conditions?.find((c) => c.type === 'Approved')?.status).toBe('True');
  } finally {
    await context.close();
    await admin.delete(CertificateSigningRequestKind, name);
  }
});

test('sign-out ends the console session and the provider session', async ({ browser }) => {
  const context = await keycloakContext(browser);
  const page = await context.newPage();
  await signInWithKeycloak(page, state.users.admin, '/');
  // The user's sessions at Keycloak: this browser's, and others (earlier tests, password grants).
  const sessionsBefore = await providerSessionCount(state, state.users.admin);
  expect(sessionsBefore).toBeGreaterThan(0);
  const sessionCookies = (await context.cookies(origin)).filter((c) => c.name.startsWith('bmconsole-session'));
  expect(sessionCookies.length, 'the tokens are in the sealed session cookie').toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  // Keycloak ends its session (RP-initiated logout) and sends the browser back to sign-in.
  await expect(page).toHaveURL(`${origin}/sign-in?signed-out=1`);
  await expect(page.getByRole('status').filter({ hasText: 'You are signed out of the console and of Keycloak.' })).toBeVisible();
  await expect.poll(() => providerSessionCount(state, state.users.admin)).toBe(sessionsBefore - 1);

  // The copied cookie is refused, and the provider asks for the password again.
  const replay = await request.newContext({ extraHTTPHeaders: { cookie: sessionCookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
  expect((await replay.get(`${origin}/api/inventory`)).status()).toBe(401);
  await replay.dispose();
  await page.getByRole('link', { name: 'Sign in with Keycloak' }).click();
  await expect(page.getByLabel('Username or email')).toBeVisible();
  await context.close();
});

test('a sign-in the provider revoked sends the user to sign in, then back to the page they were on', async ({ browser }) => {
  const context = await keycloakContext(browser);
  const page = await context.newPage();
  const hostPage = '/hosts/openshift-machine-api/openshift-worker-1';
  await signInWithKeycloak(page, state.users.admin, hostPage);
  await expect(page.getByRole('heading', { name: 'Host openshift-worker-1' })).toBeVisible();

  // An administrator ends the user's sessions at Keycloak. The page stays open and idle: at its
  // token's next refresh the console learns it, and the live page goes to sign-in by itself.
  await logoutUserAtProvider(state, state.users.admin);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fhosts%2Fopenshift-machine-api%2Fopenshift-worker-1$/, { timeout: (TOKEN_SECONDS + 45) * 1000 });

  await page.getByRole('link', { name: 'Sign in with Keycloak' }).click();
  await page.getByLabel('Username or email').fill(state.users.admin.username);
  await page.getByLabel('Password', { exact: true }).fill(state.users.admin.password);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await expect(page).toHaveURL(`${origin}${hostPage}`);
  await expect(page.getByRole('heading', { name: 'Host openshift-worker-1' })).toBeVisible();
  await context.close();
});

test('an expired sign-in: the next page load and API call send the user to sign in, with the page to come back to', async ({ browser }) => {
  const context = await keycloakContext(browser);
  const page = await context.newPage();
  await signInWithKeycloak(page, state.users.viewer, '/csrs');
  await logoutUserAtProvider(state, state.users.viewer);
  // Once the token is due for refresh, the next page load finds the provider session gone.
  await page.waitForTimeout(TOKEN_SECONDS * 1000);
  await page.goto(`${origin}/setup`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsetup$/);
  // API calls answer 401 the same way.
  expect((await page.request.get(`${origin}/api/inventory`)).status()).toBe(401);
  await context.close();
});

test('npm run demo: the kubeconfig mode console offers Keycloak beside its own identity', async ({ browser }) => {
  // As e2e/cluster/demo.ts configures it (on another port than the demo's 3000).
  const port = await freeLoopbackPort();
  const demoOrigin = `http://127.0.0.1:${port}`;
  await allowConsoleOrigin(state, demoOrigin);
  const demo = await startConsole({ PORT: String(port), CONSOLE_AUTH_MODE: 'kubeconfig', CONSOLE_LISTEN_ADDRESS: '127.0.0.1', ...consoleOidcEnv(state, demoOrigin) });
  const context = await keycloakContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${demoOrigin}/sign-in`);
    await expect(page.getByRole('button', { name: 'Continue with the kubeconfig identity' })).toBeVisible();
    await page.getByRole('link', { name: 'Sign in with Keycloak' }).click();
    await page.getByLabel('Username or email').fill(state.users.viewer.username);
    await page.getByLabel('Password', { exact: true }).fill(state.users.viewer.password);
    await page.getByRole('button', { name: 'Sign In' }).click();
    await expect(page.getByText(`Signed in as ${state.users.viewer.kubeUsername}`)).toBeVisible();
    await expect(page.getByRole('row', { name: /openshift-worker-0/ })).toBeVisible();
  } finally {
    await context.close();
    await demo.stop();
  }
});
