import { request as httpRequest } from 'node:http';
import { type Page, expect, request, test } from '@playwright/test';
import { type ConsoleProcess, startConsole } from './cluster/console-process';
import { startTlsProxy } from './cluster/tls-proxy';
import { E2E_USER, adminToken, signIn } from './fixtures';

/** Records every Content-Security-Policy violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

test('every page keeps its Content-Security-Policy: not one violation, the YAML editor included', async ({ page }) => {
  const violations = await watchViolations(page);
  await signIn(page);
  const pages = [
    '/',
    '/csrs',
    '/setup',
    '/hosts/openshift-machine-api/openshift-worker-0',
    '/hosts/openshift-machine-api/openshift-worker-0/removal',
    '/hosts/openshift-machine-api/openshift-worker-0/maintenance',
    '/hosts/new/bulk',
    '/batches',
    // Last: the YAML editor is opened on it below.
    '/hosts/new',
  ];
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.headers()['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await violations(), path).toEqual([]);
  }
  // The network editor's YAML view is CodeMirror, which adds its own <style> (admitted by nonce).
  await page.getByRole('radio', { name: /static network/ }).check();
  await page.getByRole('button', { name: 'YAML view' }).click();
  await expect(page.getByRole('textbox', { name: 'NMState YAML' })).toBeVisible();
  expect(await violations()).toEqual([]);
});

test('no other page can frame the console (clickjacking)', async ({ page, baseURL }) => {
  const response = await page.request.get('/sign-in');
  expect(response.headers()['x-frame-options']).toBe('DENY');
  expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['referrer-policy']).toBe('no-referrer');
  await page.setContent(`<iframe title="console" src="${baseURL}/sign-in"></iframe>`);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  await expect.poll(() => frame?.url()).not.toBe('about:blank');
  await expect(page.frameLocator('iframe[title="console"]').getByRole('heading', { name: 'Sign in' })).toHaveCount(0);
});

test('sign-in never sends the user to another origin', async ({ page, baseURL }) => {
  const token = await adminToken();
  for (const next of ['/\\evil.example', '//evil.example', 'https://evil.example/']) {
    await page.context().clearCookies();
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Bearer token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(`Signed in as ${E2E_USER}`)).toBeVisible();
    expect(new URL(page.url()).origin, next).toBe(baseURL);
    await expect(page.getByRole('heading', { name: 'Inventory' })).toBeVisible();
  }
});

test('the removal dialog never opens from a URL alone', async ({ page }) => {
  await signIn(page);
  await page.goto('/hosts/openshift-machine-api/openshift-worker-1?remove=1');
  await expect(page.getByRole('heading', { name: 'Host openshift-worker-1' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test.describe('behind a TLS terminator', () => {
  let consoleServer: ConsoleProcess;
  let tls: Awaited<ReturnType<typeof startTlsProxy>>;
  const port = 3190;

  test.beforeAll(async () => {
    tls = await startTlsProxy(port);
    consoleServer = await startConsole({
      PORT: String(port),
      CONSOLE_AUTH_MODE: 'token',
      CONSOLE_ORIGIN: tls.origin,
      CONSOLE_SESSION_SECRET: `tls-e2e-${Date.now()}-session-secret-of-this-test`,
    });
  });

  test.afterAll(async () => {
    await consoleServer?.stop();
    await tls?.close();
  });

  test('sign-out deletes the __Host- cookie, and the session cannot be replayed', async ({ browser }) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${tls.origin}/sign-in`);
    await page.getByLabel('Bearer token').fill(await adminToken());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(`Signed in as ${E2E_USER}`)).toBeVisible();
    const cookie = (await context.cookies()).find((c) => c.name === '__Host-bmconsole-session');
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    const answer = await page.request.get(`${tls.origin}/api/inventory`);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['strict-transport-security']).toBe('max-age=31536000');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await context.cookies()).find((c) => c.name === '__Host-bmconsole-session'), 'the browser let go of the cookie').toBeUndefined();

    // Someone who copied the cookie before sign-out gets nothing with it.
    const replay = await request.newContext({ ignoreHTTPSErrors: true, extraHTTPHeaders: { cookie: `__Host-bmconsole-session=${cookie?.value}` } });
    const replayed = await replay.get(`${tls.origin}/api/inventory`);
    expect(replayed.status()).toBe(401);
    await replay.dispose();
    await context.close();
  });
});

test.describe('kubeconfig mode', () => {
  test('refuses to serve anything but loopback, whatever the headers say', async () => {
    const wide = await startConsole({ PORT: '3191', CONSOLE_AUTH_MODE: 'kubeconfig', CONSOLE_LISTEN_ADDRESS: '0.0.0.0' });
    await new Promise((resolve) => (wide.child.exitCode !== null ? resolve(undefined) : wide.child.once('exit', resolve)));
    expect(wide.child.exitCode).not.toBe(0);
    expect(wide.output()).toMatch(/kubeconfig mode lends the kubeconfig's identity to every visitor/);

    const local = await startConsole({ PORT: '3192', CONSOLE_AUTH_MODE: 'kubeconfig', CONSOLE_LISTEN_ADDRESS: '127.0.0.1' });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: 3192, path: '/api/inventory', headers: { host: 'rebound.example.com:3192', 'x-forwarded-host': '127.0.0.1:3192' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status, 'a DNS-rebound Host is refused even when X-Forwarded-Host claims loopback').toBe(403);
    } finally {
      await local.stop();
    }
  });
});
