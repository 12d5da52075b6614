import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { BareMetalHostKind, NamespaceKind, NodeKind, PodKind, SecretKind } from '../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../lib/metal3/constants';
import { DEMO_BMO_NAMESPACE, DEMO_HOSTS, startDemoBmo } from './cluster/demo-bmo';
import { type KubeObject, waitFor } from './cluster/kube';
import { deleteDetached, nudgeWhile } from './cluster/day2-fixture';
import { DEMO_NAMESPACE, DRAIN_NODE } from './cluster/seed';
import { E2E_USER, admin, signIn } from './fixtures';

/**
 * Day-2 actions in Chromium against the local cluster's real BMO: maintenance of the seeded node
 * with its realistic workloads, a power-off and its warning, and an error state BMO reports whose
 * offered action clears it.
 */

const WORKER = 'openshift-worker-0';
type Host = KubeObject & { spec?: { online?: boolean }; status?: { poweredOn?: boolean; operationalStatus?: string; errorType?: string } };
type Node = KubeObject & { spec?: { unschedulable?: boolean } };

/** axe-core's WCAG 2.1 A/AA and best-practice rules on what the page shows now (as e2e/accessibility.spec.ts scans every page). */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`), what).toEqual([]);
}

const hostPage = (page: Page, name: string) => page.goto(`/hosts/${MACHINE_API_NAMESPACE}/${name}`);
const actions = (page: Page) => page.getByRole('list', { name: 'Host actions' });

test.describe('maintenance of the node with the seeded workloads', () => {
  test.afterAll(async () => {
    // Leave the seed as it was: the node schedulable, its bare pod back (a drain with --force deletes it for good).
    await admin.mergePatch(NodeKind, { name: DRAIN_NODE, body: { spec: { unschedulable: null }, metadata: { annotations: { 'baremetal-console.openshift.io/maintenance': null } } } });
    await admin.mergePatch(BareMetalHostKind, { name: WORKER, namespace: MACHINE_API_NAMESPACE, body: { metadata: { annotations: { 'baremetal-console.openshift.io/maintenance': null } } } });
    await admin.ensure(PodKind, {
      metadata: { name: 'debug-shell', namespace: DEMO_NAMESPACE, labels: { app: 'debug-shell' } },
      spec: { nodeSelector: { 'kubernetes.io/hostname': DRAIN_NODE }, containers: [{ name: 'main', image: 'registry.example.com/demo/app:1' }] },
    });
  });

  test('is refused until the options allow every pod, then drains with per-pod progress (blocked by the PDB, named), and ends', async ({ page }) => {
    await signIn(page);
    await hostPage(page, WORKER);
    await actions(page).getByRole('button', { name: 'Start maintenance' }).click();
    const dialog = page.getByRole('dialog', { name: `Start maintenance of host ${WORKER}` });
    await expect(dialog.getByRole('list', { name: 'Block the drain' })).toContainText(`${DEMO_NAMESPACE}/debug-shell — has no controller: it will not come back; allowed by Force (--force)`);
    const start = dialog.getByRole('button', { name: `Start maintenance of node ${DRAIN_NODE}` });
    await expect(start).toBeDisabled();
    await dialog.getByLabel('Reason (recorded on the host and in its Events)').fill('replace a DIMM');
    await expect(dialog.getByText('2 pods block the drain; see above.')).toBeVisible();
    await dialog.getByLabel('Force (--force)').check();
    await dialog.getByLabel('Delete emptyDir data (--delete-emptydir-data)').check();
    await expect(dialog.getByRole('list', { name: 'PodDisruptionBudgets', exact: true })).toContainText(`Will block: ${DEMO_NAMESPACE}/web-pdb`);
    await expect(dialog.getByRole('figure', { name: 'Equivalent oc commands' }).locator('pre')).toHaveText(`oc adm cordon ${DRAIN_NODE}\noc adm drain ${DRAIN_NODE} --ignore-daemonsets --force --delete-emptydir-data`);
    await expectAccessible(page, 'maintenance dialog');
    await start.click();

    const panel = page.getByRole('region', { name: 'Maintenance', exact: true });
    await expect(panel.getByRole('list', { name: 'Maintenance steps' }).getByRole('listitem').filter({ hasText: 'Cordon the node' })).toContainText(`Node ${DRAIN_NODE} cordoned.`);
    const pods = panel.getByRole('table', { name: 'Pods being drained' });
    await expect(pods.getByRole('row', { name: new RegExp(`${DEMO_NAMESPACE}/web-`) }).first()).toContainText('blocked by PodDisruptionBudget web-pdb');
    await expect(pods.getByRole('row', { name: new RegExp(`${DEMO_NAMESPACE}/debug-shell`) })).toContainText('gone');
    await expect(page.getByRole('status', { name: 'Power and management' })).toContainText(`in maintenance (node ${DRAIN_NODE} cordoned)`);
    expect((await admin.get<Node>(NodeKind, DRAIN_NODE))?.spec?.unschedulable).toBe(true);
    await expectAccessible(page, 'host page in maintenance');

    // Its own page follows the same progress.
    await page.getByRole('link', { name: 'Follow the maintenance on its own page' }).click();
    await expect(page.getByRole('heading', { name: `Maintenance of host ${WORKER}` })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Pods being drained' }).getByRole('row', { name: new RegExp(`${DEMO_NAMESPACE}/web-`) }).first()).toContainText('blocked by PodDisruptionBudget web-pdb');
    await page.getByRole('link', { name: `Back to host ${WORKER}` }).click();

    await actions(page).getByRole('button', { name: 'End maintenance' }).click();
    const end = page.getByRole('dialog', { name: `End maintenance of host ${WORKER}` });
    await expect(end.getByRole('figure', { name: 'Equivalent oc command' }).locator('pre')).toHaveText(`oc adm uncordon ${DRAIN_NODE}`);
    await end.getByRole('button', { name: 'End maintenance' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'maintenance ended' })).toContainText(`Node ${DRAIN_NODE} uncordoned`);
    await expect(page.getByRole('status').filter({ hasText: 'maintenance ended' })).toContainText('Recorded as an Event on the host and its node.');
    await expect(actions(page).getByRole('button', { name: 'Start maintenance' })).toBeEnabled();
    expect((await admin.get<Node>(NodeKind, DRAIN_NODE))?.spec?.unschedulable).toBeFalsy();
    // oc get events shows who did what.
    await expect(page.getByRole('table', { name: 'Events of this host' })).toContainText(`${E2E_USER} — End maintenance: done.`);
  });
});

test.describe('power off', () => {
  test.afterAll(async () => {
    await admin.mergePatch(BareMetalHostKind, { name: WORKER, namespace: MACHINE_API_NAMESPACE, body: { spec: { online: true } } });
  });

  test('warns with the pods still running on the Ready node and offers maintenance first; then BMO powers it off and on', async ({ page }) => {
    await signIn(page);
    await hostPage(page, WORKER);
    await actions(page).getByRole('button', { name: 'Power off' }).click();
    const dialog = page.getByRole('dialog', { name: `Power off host ${WORKER}` });
    await expect(dialog.getByRole('list', { name: 'Pods still running on the node' })).toContainText(`${DEMO_NAMESPACE}/web-`);
    await expect(dialog.getByRole('button', { name: 'Start maintenance first' })).toBeVisible();
    const confirm = dialog.getByRole('button', { name: `Power off host ${WORKER}` });
    await expect(confirm).toBeDisabled();
    await expect(dialog.getByText('Start maintenance first, or confirm that these pods stop without a drain.')).toBeVisible();
    await expect(dialog.getByRole('figure', { name: 'Equivalent oc command', exact: true }).locator('pre')).toHaveText(`oc -n ${MACHINE_API_NAMESPACE} patch bmh ${WORKER} --type=merge -p '{"spec":{"online":false}}'`);
    await expectAccessible(page, 'power-off dialog');

    // The safe path it recommends: maintenance of this host, in place of the power-off.
    await dialog.getByRole('button', { name: 'Start maintenance first' }).click();
    const maintenance = page.getByRole('dialog', { name: `Start maintenance of host ${WORKER}` });
    await expect(maintenance.getByRole('button', { name: `Start maintenance of node ${DRAIN_NODE}` })).toBeVisible();
    await expect(dialog).toBeHidden();
    await maintenance.getByRole('button', { name: 'Cancel' }).click();
    await expect(maintenance).toBeHidden();
    await actions(page).getByRole('button', { name: 'Power off' }).click();

    await dialog.getByLabel('Power off anyway: these pods stop without a drain').check();
    await confirm.click();

    const status = page.getByRole('status', { name: 'Power and management' });
    await expect(status).toContainText('spec.online: false');
    // BMO's test-mode fixture keeps one power state for all hosts, so it may take it a few tries
    // (the test touches the host meanwhile, so BMO's back-off does not space them by minutes).
    await nudgeWhile(admin, { host: WORKER }, expect(status).toContainText('powered off', { timeout: 150_000 }));
    await expect(actions(page).getByRole('button', { name: 'Power off' })).toHaveCount(0);
    await actions(page).getByRole('button', { name: 'Power on' }).click();
    await page.getByRole('dialog', { name: `Power on host ${WORKER}` }).getByRole('button', { name: `Power on host ${WORKER}` }).click();
    await nudgeWhile(admin, { host: WORKER }, expect(status).toContainText('powered on', { timeout: 150_000 }));
  });
});

test.describe('an error state BMO reports', () => {
  const BROKEN = 'e2e-day2-nocreds';
  test.afterAll(async () => {
    await deleteDetached(admin, { host: BROKEN });
  });

  test('is said in words, and the action it offers clears it: new BMC credentials, verified by BMO', async ({ page }) => {
    await admin.ensure(BareMetalHostKind, {
      metadata: { name: BROKEN, namespace: MACHINE_API_NAMESPACE },
      spec: {
        online: true,
        bootMACAddress: '52:54:00:00:0e:05',
        externallyProvisioned: true,
        bmc: { address: `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/${BROKEN}`, credentialsName: `${BROKEN}-bmc-secret`, disableCertificateVerification: true },
      },
    });
    await nudgeWhile(
      admin,
      { host: BROKEN },
      waitFor('BMO to report the registration error', async () =>
        (await admin.get<Host>(BareMetalHostKind, BROKEN, MACHINE_API_NAMESPACE))?.status?.errorType === 'registration error' ? true : undefined,
      ),
    );
    await signIn(page);
    await hostPage(page, BROKEN);
    const guidance = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'BMC credentials Secret missing' }) });
    await expect(guidance).toContainText(`The host's BMC credentials Secret ${BROKEN}-bmc-secret does not exist, so BMO cannot log in to the BMC.`);
    await expectAccessible(page, 'host page with a registration error');
    await guidance.getByRole('button', { name: 'Give the host new BMC credentials' }).click();

    const dialog = page.getByRole('dialog', { name: `Change the BMC of host ${BROKEN}` });
    await expect(dialog.getByRole('list', { name: 'What the change does' })).toContainText('BMO lets its BMC change without detaching');
    await dialog.getByLabel('Change the credentials').check();
    await dialog.getByLabel('BMC user name').fill('admin');
    await dialog.getByLabel('BMC password').fill('e2e-new-password');
    await expect(dialog.getByRole('figure', { name: 'Equivalent oc commands' }).locator('pre')).toContainText('--from-literal=password=<password>');
    await expectAccessible(page, 'BMC change dialog');
    await dialog.getByRole('button', { name: `Change the BMC of host ${BROKEN}` }).click();

    const panel = page.getByRole('region', { name: 'BMC change', exact: true });
    await nudgeWhile(admin, { host: BROKEN }, expect(panel).toContainText('BMO verified the new settings', { timeout: 60_000 }));
    await expect(panel.getByRole('list', { name: 'BMC change steps' }).getByRole('listitem').filter({ hasText: 'Wait for OK' })).toContainText('done');
    await expect(page.getByRole('heading', { name: 'BMC credentials Secret missing' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Status', exact: true })).toContainText('Operational statusOK');
    await expect(page.locator('body')).not.toContainText('e2e-new-password');
    const fixed = await admin.get<Host & { status?: { goodCredentials?: { credentials?: { name?: string } } } }>(BareMetalHostKind, BROKEN, MACHINE_API_NAMESPACE);
    expect(fixed?.status?.operationalStatus).toBe('OK');
    expect(fixed?.status?.goodCredentials?.credentials?.name).toMatch(new RegExp(`^${BROKEN}-bmc-`));
    // The Secret the console made goes with the host (BMO's ownerReference).
    expect(await admin.get(SecretKind, fixed?.status?.goodCredentials?.credentials?.name ?? '', MACHINE_API_NAMESPACE)).toBeDefined();
  });
});

test.describe('error states test mode cannot produce, from BMO’s demo provisioner (UI only)', () => {
  let stopDemoBmo: (() => Promise<void>) | undefined;
  const hosts = [
    { name: DEMO_HOSTS.registrationError, mac: '52:54:00:00:0f:01', provision: false },
    { name: DEMO_HOSTS.preparingError, mac: '52:54:00:00:0f:02', provision: false },
    { name: DEMO_HOSTS.validationError, mac: '52:54:00:00:0f:03', provision: true },
  ];

  test.beforeAll(async () => {
    stopDemoBmo = await startDemoBmo(admin);
    await admin.ensure(SecretKind, { metadata: { name: 'demo-bmc-secret', namespace: DEMO_BMO_NAMESPACE }, type: 'Opaque', stringData: { username: 'admin', password: 'demo' } });
    for (const host of hosts) {
      await admin.ensure(BareMetalHostKind, {
        metadata: { name: host.name, namespace: DEMO_BMO_NAMESPACE },
        spec: {
          online: true,
          bootMACAddress: host.mac,
          bmc: { address: `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/${host.name}`, credentialsName: 'demo-bmc-secret', disableCertificateVerification: true },
          ...(host.provision ? { customDeploy: { method: 'install_coreos' } } : {}),
        },
      });
    }
  });

  test.afterAll(async () => {
    for (const host of hosts) await admin.delete(BareMetalHostKind, host.name, DEMO_BMO_NAMESPACE);
    await waitFor('the demo hosts to be gone', async () => ((await admin.list(BareMetalHostKind, { namespace: DEMO_BMO_NAMESPACE })).length === 0 ? true : undefined), { timeoutMs: 120_000 });
    await stopDemoBmo?.();
    await admin.delete(NamespaceKind, DEMO_BMO_NAMESPACE);
  });

  const errorOf = (name: string) => admin.get<Host>(BareMetalHostKind, name, DEMO_BMO_NAMESPACE).then((h) => h?.status?.errorType);

  test('a registration error, a preparation error and a provisioning error each say what happened and offer the way out', async ({ page }) => {
    await signIn(page);
    await waitFor('the demo registration error', async () => ((await errorOf(DEMO_HOSTS.registrationError)) === 'registration error' ? true : undefined), { timeoutMs: 90_000 });
    await page.goto(`/hosts/${DEMO_BMO_NAMESPACE}/${DEMO_HOSTS.registrationError}`);
    const registration = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'BMO cannot register the host' }) });
    await expect(registration).toContainText('BMO says: “failed to register new host”.');
    await expect(registration.getByRole('button', { name: 'Change the BMC address or credentials' })).toBeVisible();

    await waitFor('the demo preparation error', async () => ((await errorOf(DEMO_HOSTS.preparingError)) === 'preparation error' ? true : undefined), { timeoutMs: 90_000 });
    await page.goto(`/hosts/${DEMO_BMO_NAMESPACE}/${DEMO_HOSTS.preparingError}`);
    const preparation = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Preparing the host failed' }) });
    await expect(preparation).toContainText('BMO says: “preparing failed”.');
    await expect(preparation.getByRole('link', { name: 'Enroll it again' })).toHaveAttribute('href', /^\/hosts\/new\?reenroll=metal3-demo%2Fdemo-preparing-error&name=demo-preparing-error&kind=dhcp/);

    // BMO deprovisions a host that failed provisioning before it tries again: the error shows for a while.
    await waitFor('the demo provisioning error', async () => ((await errorOf(DEMO_HOSTS.validationError)) === 'provisioning error' ? true : undefined), { timeoutMs: 120_000, intervalMs: 250 });
    await page.goto(`/hosts/${DEMO_BMO_NAMESPACE}/${DEMO_HOSTS.validationError}`);
    const provisioning = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Provisioning failed' }) });
    await expect(provisioning).toContainText('BMO says: “validation failed”.');
    // The guidance offers the removal in its own words (the host page's RemoveHostButton, labelled as the guidance says it).
    await expect(provisioning.getByRole('button', { name: 'Remove the host' })).toBeVisible();
  });
});
