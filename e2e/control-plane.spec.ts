import { expect, test } from '@playwright/test';
import { NodeKind } from '../lib/k8s/kinds';
import { controlPlaneNodeWithoutKubelet } from './cluster/removal-fixture';
import { admin, signIn } from './fixtures';

/** Control-plane nodes no kubelet runs for (kwok does not manage them): never Ready. */
const DOWN = ['e2e-cp-down-1', 'e2e-cp-down-2', 'e2e-cp-down-3'];

test.afterAll(async () => {
  for (const name of DOWN) await admin.delete(NodeKind, name);
});

async function openRemoval(page: import('@playwright/test').Page) {
  await page.goto('/hosts/openshift-machine-api/controller1');
  await page.getByRole('button', { name: 'Remove host' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove host controller1' });
  await expect(dialog.getByText('Host controller1 is a control-plane host: its node is an etcd member')).toBeVisible();
  return dialog;
}

test('a control-plane host is removed only with its name typed, and its consequences in words', async ({ page }) => {
  await signIn(page);
  const dialog = await openRemoval(page);
  await expect(dialog.getByText('Taking out control-plane node controller1 leaves 2 of 3 control-plane nodes Ready; etcd needs 2.')).toBeVisible();
  const remove = dialog.getByRole('button', { name: 'Remove host controller1', exact: true });
  await dialog.getByLabel('Delete inventory record').check();
  // The seed's pods on controller1 stop the drain without options; with them, the name is what is left.
  await dialog.getByLabel('Force (--force)').check();
  await dialog.getByLabel('Delete emptyDir data (--delete-emptydir-data)').check();
  await expect(remove).toBeDisabled();
  await expect(remove).toHaveAccessibleDescription('Type controller1 to confirm the removal of a control-plane host.');
  const confirm = dialog.getByLabel('Type controller1 to remove this control-plane host');
  await confirm.fill('controller2');
  await expect(remove).toBeDisabled();
  await confirm.fill('controller1');
  await expect(remove).toBeEnabled();
  // Not removed: the seed's control plane stays whole for the other tests.
  await dialog.getByRole('button', { name: 'Keep the host' }).click();
  await expect(dialog).toBeHidden();
});

test('a control-plane removal that would break etcd quorum is refused, with the reason', async ({ page }) => {
  for (const [i, name] of DOWN.entries()) {
    await admin.ensure(NodeKind, controlPlaneNodeWithoutKubelet({ name, ip: `192.168.111.24${i}` }));
  }
  await signIn(page);
  const dialog = await openRemoval(page);
  await expect(
    dialog.getByText('Taking out control-plane node controller1 would leave 2 of 6 control-plane nodes Ready, fewer than the 4 etcd needs to keep a quorum (3 already not Ready).'),
  ).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Remove host controller1', exact: true })).toHaveAccessibleDescription('Removing it would break the control plane’s quorum; see above.');
  await expect(dialog.getByLabel(/Type controller1/)).toHaveCount(0);

});
