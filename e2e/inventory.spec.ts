import { expect, test } from '@playwright/test';
import { BareMetalHostKind } from '../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../lib/metal3/constants';
import { ObjectClient, adminKubeConfig } from './cluster/kube';
import { SEED_HOSTS } from './cluster/seed';

test('the home page shows the hosts and nodes read from the local cluster, and follows changes', async ({ page }) => {
  const client = new ObjectClient(adminKubeConfig());
  const hostsNow = async () => (await client.list(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE })).length;
  const before = await hostsNow();
  expect(before).toBeGreaterThanOrEqual(SEED_HOSTS.length);

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Inventory' })).toBeVisible();
  await expect(page.getByLabel('BareMetalHosts count')).toHaveText(String(before));
  await expect(page.getByRole('cell', { name: 'externally provisioned' })).toBeVisible();
  await expect(page.getByText('No Provisioning CR yet')).toBeVisible();

  const name = 'e2e-summary-host';
  await client.create(BareMetalHostKind, {
    metadata: { name, namespace: MACHINE_API_NAMESPACE },
    spec: { online: false, bootMACAddress: '52:54:00:00:0e:01' },
  });
  try {
    await expect(page.getByLabel('BareMetalHosts count')).toHaveText(String(before + 1), { timeout: 20_000 });
  } finally {
    await client.delete(BareMetalHostKind, name, MACHINE_API_NAMESPACE);
  }
});
