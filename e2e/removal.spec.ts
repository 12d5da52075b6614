import { expect, test } from '@playwright/test';
import { NamespaceKind, NodeKind, SecretKind } from '../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../lib/metal3/constants';
import { drainWorkloads, provisionedWorkerWithNode } from './cluster/removal-fixture';
import { deleteWorker } from './cluster/seed';
import { E2E_USER, admin, consoleEnrollment, signIn } from './fixtures';

const HOST = 'e2e-remove-worker';
const NODE = 'e2e-remove-node';

test.afterAll(async () => {
  await deleteWorker(admin, { host: HOST, node: NODE });
  await admin.delete(SecretKind, `${HOST}-network-config-secret`, MACHINE_API_NAMESPACE);
});

test('a provisioned, joined host is removed with one click, and leaves the inventory', async ({ page, context }) => {
  await provisionedWorkerWithNode(admin, { host: HOST, node: NODE, ip: '192.168.111.85', mac: '52:54:00:00:0c:05', enrollment: consoleEnrollment('e2e-remove-enrollment') });
  await signIn(page);
  // Someone else has the host's page open meanwhile.
  const watcher = await context.newPage();
  await watcher.goto(`/hosts/openshift-machine-api/${HOST}`);
  await expect(watcher.getByRole('heading', { name: `Host ${HOST}` })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(HOST) });
  await expect(row.getByRole('cell', { name: new RegExp(`^${NODE} linked`) })).toBeVisible();
  await row.getByRole('button', { name: `Actions for host ${HOST}` }).click();
  await page.getByRole('menuitem', { name: 'Remove host…' }).click();

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
  // The other page says what happened, instead of a bare 404.
  await expect(watcher.getByRole('status')).toContainText(`Host ${HOST} does not exist in namespace openshift-machine-api: it was removed by ${E2E_USER}`);
  await expect(watcher.getByRole('link', { name: 'Back to the inventory' })).toBeVisible();
});

test.describe('a PodDisruptionBudget that allows no disruption', () => {
  const host = 'e2e-pdb-worker';
  const node = 'e2e-pdb-node';
  const namespace = 'e2e-pdb';
  const pool = { 'bmconsole.test/pool': namespace };

  test.afterAll(async () => {
    await deleteWorker(admin, { host, node });
    await admin.delete(SecretKind, `${host}-network-config-secret`, MACHINE_API_NAMESPACE);
    await admin.delete(NamespaceKind, namespace);
  });

  test('is named before the drain, shown with how long it blocks and what releases it, and in the inventory row', async ({ page }) => {
    await provisionedWorkerWithNode(admin, { host, node, ip: '192.168.111.86', mac: '52:54:00:00:0c:06', nodeLabels: pool, enrollment: consoleEnrollment('e2e-pdb-enrollment') });
    await drainWorkloads(admin, { namespace, nodeSelector: pool, bareOn: node });
    await signIn(page);
    await page.goto(`/hosts/openshift-machine-api/${host}`);
    await page.getByRole('button', { name: 'Remove host' }).click();
    const dialog = page.getByRole('dialog', { name: `Remove host ${host}` });
    await expect(dialog.getByText('2 pods block the drain; see above.')).toBeVisible();
    await dialog.getByLabel('Force (--force)').check();
    await dialog.getByLabel('Delete emptyDir data (--delete-emptydir-data)').check();
    await expect(dialog.getByRole('list', { name: 'PodDisruptionBudgets', exact: true })).toContainText(
      'Will block: e2e-pdb/web-pdb allows 0 disruptions now (2 healthy, 2 desired): 2 of its 2 pods here will wait until more of its pods are healthy elsewhere',
    );
    await dialog.getByRole('button', { name: `Remove host ${host}`, exact: true }).click();

    const pods = page.getByRole('table', { name: 'Pods being drained' });
    await expect(pods.getByRole('row', { name: /e2e-pdb\/web-/ }).first()).toContainText('blocked by PodDisruptionBudget web-pdb');
    await expect(pods.getByRole('row', { name: /e2e-pdb\/web-/ }).first()).toContainText(/Blocked since (just now|.* ago); the eviction is asked again the moment the budget allows a disruption\. It goes through when web-pdb allows a disruption/);

    await page.goto('/');
    await expect(page.getByRole('row', { name: new RegExp(host) })).toContainText('removing: blocked by web-pdb');

    await page.goto(`/hosts/openshift-machine-api/${host}/removal`);
    await page.getByRole('button', { name: 'Cancel the removal' }).click();
    await page.getByRole('button', { name: `Uncordon node ${node}` }).click();
    await expect(page.getByText(`Node ${node} is schedulable again.`)).toBeVisible();
  });
});
