import { expect, test } from '@playwright/test';
import { NodeKind, SecretKind } from '../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../lib/metal3/constants';
import { provisionedWorkerWithNode } from './cluster/removal-fixture';
import { deleteWorker } from './cluster/seed';
import { admin, signIn } from './fixtures';

const HOST = 'e2e-remove-worker';
const NODE = 'e2e-remove-node';

test.afterAll(async () => {
  await deleteWorker(admin, { host: HOST, node: NODE });
  await admin.delete(SecretKind, `${HOST}-network-config-secret`, MACHINE_API_NAMESPACE);
});

test('a provisioned, joined host is removed with one click, and leaves the inventory', async ({ page }) => {
  await provisionedWorkerWithNode(admin, { host: HOST, node: NODE, ip: '192.168.111.85', mac: '52:54:00:00:0c:05', operationId: 'e2e-remove-enrollment' });
  await signIn(page);
  const row = page.getByRole('row', { name: new RegExp(HOST) });
  await expect(row.getByRole('cell', { name: NODE, exact: true })).toBeVisible();
  await row.getByRole('button', { name: `Remove host ${HOST}` }).click();

  const dialog = page.getByRole('dialog', { name: `Remove host ${HOST}` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Cordon and drain node ${NODE}.`);
  await expect(dialog).toContainText(`Delete the network Secret ${HOST}-network-config-secret`);
  // The seed's DaemonSet runs on every node: it stays, as with --ignore-daemonsets.
  await expect(dialog.getByRole('list', { name: 'Ignored: DaemonSet-managed' })).toContainText('demo-apps/node-agent-');
  await dialog.getByRole('button', { name: `Remove host ${HOST}`, exact: true }).click();

  await expect(page.getByRole('heading', { name: `Removing host ${HOST}` })).toBeVisible();
  const steps = page.getByRole('list', { name: 'Removal steps' });
  await expect(steps.getByRole('listitem').filter({ hasText: 'Cordon the node' })).toContainText(`Node ${NODE} cordoned.`);
  await expect(steps.getByRole('listitem').filter({ hasText: 'Wait for deprovisioning, then available' })).toContainText('done', { timeout: 120_000 });
  await expect(page.getByText(`Host ${HOST} and node ${NODE} are gone.`)).toBeVisible({ timeout: 120_000 });
  await expect(steps.getByRole('listitem').filter({ hasText: "Clean up the host's Secrets" })).toContainText(`Network Secret ${HOST}-network-config-secret deleted.`);

  await page.getByRole('link', { name: 'Back to the inventory' }).click();
  await expect(page.getByRole('heading', { name: 'Inventory' })).toBeVisible();
  await expect(page.getByRole('row', { name: /openshift-worker-0/ })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`${HOST}|${NODE}`) })).toHaveCount(0);
  expect(await admin.get(NodeKind, NODE)).toBeUndefined();
});
