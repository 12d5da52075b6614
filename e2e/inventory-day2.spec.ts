import { type Page, expect, test } from '@playwright/test';
import { BareMetalHostKind } from '../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../lib/metal3/constants';
import { type KubeObject, waitFor } from './cluster/kube';
import { admin, signIn } from './fixtures';

/**
 * Day-2 actions from the inventory, in Chromium against the real BMO: a row's menu offers the host
 * page's actions (disabled with the same reasons, reachable by keyboard, opening the same dialogs),
 * and a selection of hosts takes one action at once, each host's outcome shown.
 */

const WORKER = 'openshift-worker-1';
type Host = KubeObject & { metadata: KubeObject['metadata'] & { annotations?: Record<string, string> }; status?: { operationalStatus?: string } };

const hostNamed = (name: string) => admin.get<Host>(BareMetalHostKind, name, MACHINE_API_NAMESPACE);
/** Waits until `check` holds for the host (polls the apiserver, as the test's own probe). */
const untilHost = (name: string, description: string, check: (host: Host) => boolean, options?: { timeoutMs?: number }) =>
  waitFor(description, async () => ((await hostNamed(name).then((h) => h && check(h))) ? true : undefined), options);

const row = (page: Page, host: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: host, exact: true }) });
const menuOf = (page: Page, host: string) => page.getByRole('menu', { name: `Actions for host ${host}` });

test.afterAll(async () => {
  // Leave the host attached, whatever happened above.
  await admin.mergePatch(BareMetalHostKind, { name: WORKER, namespace: MACHINE_API_NAMESPACE, body: { metadata: { annotations: { 'baremetalhost.metal3.io/detached': null } } } });
});

test("a row's menu offers the host page's actions, says why one is disabled, and detaches and attaches the host", async ({ page }) => {
  await signIn(page);
  const button = page.getByRole('button', { name: `Actions for host ${WORKER}` });
  await button.focus();
  await page.keyboard.press('ArrowDown');
  const menu = menuOf(page, WORKER);
  await expect(menu.getByRole('menuitem', { name: 'Open host details' })).toBeFocused();
  for (const label of ['Power off…', 'Restart…', 'Start maintenance…', 'Change BMC address or credentials…', 'Re-inspect hardware…', 'Detach from BMO…', 'Remove host…']) {
    await expect(menu.getByRole('menuitem', { name: label, exact: true })).toBeVisible();
  }
  // BMO re-inspects only available hosts: the item stays in the menu, disabled, with the host page's reason.
  const reinspect = menu.getByRole('menuitem', { name: 'Re-inspect hardware…', exact: true });
  await expect(reinspect).toHaveAttribute('aria-disabled', 'true');
  await expect(reinspect).toHaveAccessibleDescription(`BMO re-inspects only available hosts (it ignores the request in any other state); host ${WORKER} is provisioned.`);
  await reinspect.focus();
  await page.keyboard.press('Enter');
  await expect(menu, 'a disabled item does nothing').toBeVisible();

  // Detach, by keyboard, from the menu: the host page's own confirmation. Until the viewer's rights are read, it says so and stays disabled.
  const detachItem = menu.getByRole('menuitem', { name: 'Detach from BMO…', exact: true });
  await expect(detachItem).not.toHaveAttribute('aria-disabled');
  await detachItem.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Detach host ${WORKER}` });
  await expect(dialog).toContainText('without deprovisioning it');
  await expect(dialog.getByRole('figure', { name: 'Equivalent oc command' }).locator('pre')).toHaveText(
    `oc -n ${MACHINE_API_NAMESPACE} annotate bmh ${WORKER} baremetalhost.metal3.io/detached=''`,
  );
  await dialog.getByRole('button', { name: `Detach host ${WORKER}` }).click();
  await expect(dialog).toBeHidden();
  await expect(button, 'focus is back on the menu button').toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Done' })).toContainText('Recorded as an Event on the host');
  await expect(row(page, WORKER)).toContainText('detached from BMO');
  await untilHost(WORKER, 'host detached', (host) => host.status?.operationalStatus === 'detached');

  // Detached: BMO does not manage its power, and the menu says so where the host page does.
  await button.click();
  await expect(menu.getByRole('menuitem', { name: 'Power off…', exact: true })).toHaveAccessibleDescription(`Host ${WORKER} is detached: BMO does not manage its power. Attach it first.`);
  await menu.getByRole('menuitem', { name: 'Attach to BMO…', exact: true }).click();
  const attach = page.getByRole('dialog', { name: `Attach host ${WORKER}` });
  await attach.getByRole('button', { name: `Attach host ${WORKER}` }).click();
  await expect(row(page, WORKER)).not.toContainText('detached');
  await untilHost(WORKER, 'host attached again', (host) => host.status?.operationalStatus === 'OK');
});

test('two selected hosts restart at once, each outcome shown; two control-plane hosts are refused for the quorum', async ({ page }) => {
  test.setTimeout(480_000);
  await signIn(page);
  await page.getByRole('checkbox', { name: 'Select host openshift-worker-0' }).check();
  await page.getByRole('checkbox', { name: `Select host ${WORKER}` }).check();
  const selection = page.getByRole('region', { name: 'Selected hosts' });
  await selection.getByRole('button', { name: 'Restart…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restart 2 hosts' });
  const listed = dialog.getByRole('list', { name: 'Hosts in this action' });
  await expect(listed.getByRole('listitem')).toHaveText([/^openshift-worker-0\s*\(node app1\).*will be done$/, new RegExp(`^${WORKER}\\s*\\(node ${WORKER}\\).*will be done$`)]);
  await expect(dialog).toContainText('Their nodes go NotReady meanwhile');
  await dialog.getByLabel('How to power them off').selectOption('hard');
  // Node app1 runs the seeded workloads: without this, the server refuses that host (as power off does).
  await dialog.getByLabel('Restart hosts whose Ready nodes still run pods: those pods stop without a drain').check();
  await expect(dialog.getByRole('figure', { name: 'Equivalent oc commands' }).locator('pre')).toContainText(`annotate bmh ${WORKER} reboot.metal3.io='{"mode":"hard"}'`);
  await dialog.getByRole('button', { name: 'Restart 2 hosts' }).click();
  const outcomes = dialog.getByRole('table', { name: 'Outcome per host' });
  await expect(dialog.getByRole('status')).toHaveText('2 of 2 done.');
  for (const name of ['openshift-worker-0', WORKER]) await expect(outcomes.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) })).toContainText('Done');
  await dialog.getByRole('button', { name: 'Close' }).click();
  // BMO consumes the annotation once it has powered the host off; the row says so until then. BMO's
  // test-mode fixture keeps one power state for all hosts (TESTBED.md), so two restarts at once can
  // see each other's power-off and wait for BMO's 60 s steady-state requeue, once or twice.
  for (const name of ['openshift-worker-0', WORKER]) {
    await untilHost(name, `restart of ${name} consumed by BMO`, (host) => host.metadata.annotations?.['reboot.metal3.io'] === undefined, { timeoutMs: 200_000 });
  }
  await expect(row(page, WORKER)).not.toContainText('restart pending');

  await selection.getByRole('button', { name: 'Clear the selection' }).click();
  await page.getByRole('checkbox', { name: 'Select host controller1' }).check();
  await page.getByRole('checkbox', { name: 'Select host controller2' }).check();
  await selection.getByRole('button', { name: 'Power off…' }).click();
  const powerOff = page.getByRole('dialog', { name: 'Power off 2 hosts' });
  await powerOff.getByLabel('Power off hosts whose Ready nodes still run pods: those pods stop without a drain').check();
  await powerOff.getByRole('button', { name: 'Power off 2 hosts' }).click();
  await expect(powerOff.getByRole('status')).toHaveText('0 of 2 done.');
  const refused = powerOff.getByRole('table', { name: 'Outcome per host' });
  for (const name of ['controller1', 'controller2']) {
    const outcome = refused.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await expect(outcome).toContainText('Refused');
    await expect(outcome).toContainText(`Host ${name} is a control-plane host, and this selection takes out several`);
  }
  await powerOff.getByRole('button', { name: 'Close' }).click();
  for (const name of ['controller1', 'controller2']) {
    expect((await admin.get<KubeObject & { spec?: { online?: boolean } }>(BareMetalHostKind, name, MACHINE_API_NAMESPACE))?.spec?.online, `${name} stays on`).toBe(true);
  }
});
