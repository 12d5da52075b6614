import { expect, test } from '@playwright/test';
import { ProvisioningKind } from '../lib/k8s/kinds';
import { PROVISIONING_NAME } from '../lib/metal3/constants';
import { createWorker, deleteWorker } from './cluster/seed';
import { admin, signIn } from './fixtures';

test('without a session, API routes answer 401 and pages go to sign-in', async ({ page, request }) => {
  const api = await request.get('/api/inventory');
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({ error: 'Sign in first.' });
  expect((await request.get('/api/stream')).status()).toBe(401);
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsetup$/);
});

test('a token the cluster does not accept is refused at its field', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Paste a bearer token.')).toBeVisible();
  await page.getByLabel('Bearer token').fill('not-a-real-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('The cluster did not accept this token.')).toBeVisible();
  await expect(page.getByLabel('Bearer token')).toHaveAttribute('aria-invalid', 'true');
});

test('signed in with a token, the seeded hosts and nodes are shown linked', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Inventory' })).toBeVisible();
  const worker0 = page.getByRole('row', { name: /openshift-worker-0/ });
  await expect(worker0.getByRole('cell', { name: 'app1 linked by IP', exact: true })).toBeVisible();
  await expect(worker0.getByRole('cell', { name: /provisioned/ }).first()).toBeVisible();
  const controller1 = page.getByRole('row', { name: /controller1/ });
  await expect(controller1.getByRole('cell', { name: 'controller1 linked by name', exact: true })).toBeVisible();
  await expect(controller1.getByRole('cell', { name: 'master, worker' })).toBeVisible();

  await page.getByLabel('Search by name, MAC or IP').fill('192.168.111.31');
  await expect(page.getByRole('row', { name: /openshift-worker-1/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /controller1/ })).toHaveCount(0);
  await page.getByLabel('Search by name, MAC or IP').fill('');
  await page.getByLabel('State').selectOption('externally provisioned');
  await expect(page.getByText('Showing 3 of')).toBeVisible();
});

test('a host created with the API walks to provisioned on screen, without a reload', async ({ page }) => {
  const name = 'e2e-live-worker';
  await signIn(page);
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  await createWorker(admin, { host: name, mac: '52:54:00:00:0e:02' });
  try {
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(row.getByRole('cell', { name: 'OK: provisioned' })).toBeVisible({ timeout: 120_000 });
    await expect(row.getByText('host without node')).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  } finally {
    await deleteWorker(admin, { host: name });
  }
});

test('mutations from another origin, or without the CSRF token, are refused', async ({ page }) => {
  await signIn(page);
  const origin = new URL(page.url()).origin;
  const crossOrigin = await page.request.post('/api/setup', { headers: { Origin: 'http://evil.example' } });
  expect(crossOrigin.status()).toBe(403);
  expect((await crossOrigin.json()).error).toBe('Cross-origin requests are refused (http://evil.example).');
  const noCsrf = await page.request.post('/api/setup', { headers: { Origin: origin } });
  expect(noCsrf.status()).toBe(403);
  expect((await noCsrf.json()).error).toBe('The CSRF token is missing or wrong.');
  expect(await admin.get(ProvisioningKind, PROVISIONING_NAME)).toBeUndefined();
});

test('provisioning setup: the banner leads to creating the Provisioning CR, and the workloads come up', async ({ page }) => {
  await signIn(page);
  try {
    const banner = page.getByRole('region', { name: 'Provisioning setup' });
    await expect(banner).toContainText('The Provisioning CR provisioning-configuration does not exist.');
    await banner.getByRole('link', { name: 'Finish provisioning setup' }).click();
    await expect(page.getByRole('heading', { name: 'Provisioning setup' })).toBeVisible();
    await expect(page.getByLabel('Provisioning CR YAML')).toContainText('provisioningNetwork: Disabled');
    await page.getByRole('button', { name: 'Create Provisioning CR' }).click();
    // kwok has been seen to stall new pods for about a minute in a long run; the workloads still come up.
    await expect(page.getByText('The provisioning service is running: hosts can be enrolled.')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('row', { name: /ironic-proxy/ })).toContainText('3/3');
    await page.getByRole('link', { name: 'Inventory' }).click();
    await expect(page.getByRole('heading', { name: 'Inventory' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Provisioning setup' })).toHaveCount(0);
  } finally {
    await admin.delete(ProvisioningKind, PROVISIONING_NAME);
  }
});

test('the host page shows spec without secret values, hardware, the linked node and events', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'openshift-worker-0', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Host openshift-worker-0' })).toBeVisible();
  const spec = page.getByRole('definition').filter({ hasText: 'openshift-worker-0-bmc-secret' });
  await expect(spec).toBeVisible();
  await expect(page.getByText('seed-openshift-worker-0-bmc-secret')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Network interfaces' }).getByRole('row')).toHaveCount(3);
  await expect(page.getByText('Node app1, linked by IP address.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Node conditions' }).getByRole('row', { name: /Ready True/ })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Registered', exact: true })).toBeVisible();
  // The timeline's times read as the rest of the console's: relative, the exact time on hover.
  const registered = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'Registered with its BMC' }).locator('time');
  await expect(registered).toHaveText(/ ago$|^just now$/);
  await expect(registered).toHaveAttribute('title', /\d{4}/);
});
