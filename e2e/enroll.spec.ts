import { type Page, expect, test } from '@playwright/test';
import { SecretKind } from '../lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE } from '../lib/metal3/constants';
import { staticNmstateYaml } from '../lib/nmstate/document';
import { deleteWorker } from './cluster/seed';
import { E2E_USER, admin, replaceEditorText, signIn } from './fixtures';

const CANARY = 'canary-e2e-Pa55-9f3a';

/** Every response body and every page of the journey, to prove the password never comes back. */
function recordTraffic(page: Page) {
  const bodies: string[] = [];
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
  });
  page.on('response', async (response) => {
    bodies.push(await response.text().catch(() => ''));
  });
  return { bodies, posts };
}

async function expectNoCanary(page: Page, bodies: string[]) {
  expect(await page.content()).not.toContain(CANARY);
  expect(bodies.filter((body) => body.includes(CANARY))).toEqual([]);
}

async function fillCommon(page: Page, options: { kind: RegExp; name: string; mac: string }) {
  await signIn(page);
  await page.getByRole('link', { name: 'Enroll a host' }).click();
  await expect(page.getByRole('heading', { name: 'Enroll a host' })).toBeVisible();
  await page.getByRole('radio', { name: options.kind }).check();
  await page.getByLabel('Host name').fill(options.name);
  await page.getByLabel('Boot MAC address').fill(options.mac);
  await page.getByLabel('BMC host and path').fill(`192.168.111.1:8000/redfish/v1/Systems/${options.name}`);
  await page.getByLabel('BMC user name').fill('admin');
  await page.getByLabel('BMC password').fill(CANARY);
  await page.getByLabel('Disable BMC certificate verification').check();
}

async function reviewAndCreate(page: Page, name: string) {
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('heading', { name: 'Objects to create' })).toBeVisible();
  const objects = page.getByRole('figure', { name: /bmh\.yaml, password masked/ });
  await expect(objects).toContainText('password: <bmc-password>');
  await expect(objects).toContainText(`${ANNOTATIONS.enrolledBy}: ${E2E_USER}`);
  await expect(page.getByText('oc create -f bmh.yaml')).toBeVisible();
  const dryRun = page.getByRole('table', { name: 'Dry run of every object' });
  await expect(dryRun.getByRole('row', { name: new RegExp(`BareMetalHost ${name}.*Accepted`) })).toBeVisible();
  await expect(dryRun.getByText('Refused')).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download bmh.yaml' }).click();
  expect((await download).suggestedFilename()).toBe('bmh.yaml');
  await page.getByRole('button', { name: 'Create host' }).click();
  await expect(page).toHaveURL(new RegExp(`/hosts/openshift-machine-api/${name}$`));
  await expect(page.getByRole('heading', { name: `Host ${name}` })).toBeVisible();
}

async function expectInventoryState(page: Page, name: string, state: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inventory' }).click();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByRole('cell', { name: `OK: ${state}`, exact: true })).toBeVisible({ timeout: 150_000 });
}

test.describe('enrollment wizard', () => {
  test('a static-network worker: form and YAML agree, the dry run passes, and it reaches provisioned without its password ever coming back', async ({ page }) => {
    const name = 'e2e-static-worker';
    const traffic = recordTraffic(page);
    try {
      await fillCommon(page, { kind: /New worker, static network/, name, mac: '52:54:00:00:0e:11' });
      await page.getByLabel('IPv4 address', { exact: true }).fill('192.168.111.61');
      await page.getByLabel('DNS servers').fill('192.168.111.1');
      // A gateway outside the subnet is caught at its field, as the user types.
      await page.getByLabel('Default route: next hop (gateway)').fill('10.0.0.1');
      await page.getByRole('button', { name: 'Review' }).click();
      await expect(page.getByLabel('Default route: next hop (gateway)')).toHaveAccessibleDescription(/The gateway 10\.0\.0\.1 is outside eno1's subnet \(192\.168\.111\.61\/24\)/);
      await page.getByLabel('Default route: next hop (gateway)').fill('192.168.111.1');
      // The YAML view shows what the form wrote; an edit there shows up in the form.
      await page.getByRole('button', { name: 'YAML view' }).click();
      const editor = page.getByRole('textbox', { name: 'NMState YAML' });
      await expect(editor).toContainText('192.168.111.61');
      await expect(editor).toContainText('next-hop-address: 192.168.111.1');
      // nmstate's own spelling mistake is reported at its YAML line; the fixed document flows back to the form.
      const fixed = staticNmstateYaml({ ip: '192.168.111.62', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });
      await replaceEditorText(editor, fixed.replace('prefix-length', 'prefix_length'));
      await expect(page.getByRole('list', { name: 'Problems in the network YAML' })).toContainText('Line 8: nmstate spells it prefix-length, with a hyphen.');
      await replaceEditorText(editor, fixed);
      await expect(page.getByRole('list', { name: 'Problems in the network YAML' }).getByRole('listitem')).toHaveCount(0);
      await page.getByRole('button', { name: 'Form view' }).click();
      await expect(page.getByLabel('IPv4 address', { exact: true })).toHaveValue('192.168.111.62');
      await reviewAndCreate(page, name);
      await expectInventoryState(page, name, 'provisioned');
      await expectNoCanary(page, traffic.bodies);
      const network = await admin.get(SecretKind, `${name}-network-config-secret`, MACHINE_API_NAMESPACE);
      expect(network, 'the network Secret was created').toBeDefined();
    } finally {
      await deleteWorker(admin, { host: name });
      await admin.delete(SecretKind, `${name}-network-config-secret`, MACHINE_API_NAMESPACE);
    }
  });

  test('a DHCP worker reaches provisioned', async ({ page }) => {
    const name = 'e2e-dhcp-worker';
    const traffic = recordTraffic(page);
    try {
      await fillCommon(page, { kind: /New worker, DHCP/, name, mac: '52:54:00:00:0e:12' });
      await expect(page.getByRole('heading', { name: 'Static network (NMState)' })).toHaveCount(0);
      await reviewAndCreate(page, name);
      await expectInventoryState(page, name, 'provisioned');
      await expectNoCanary(page, traffic.bodies);
    } finally {
      await deleteWorker(admin, { host: name });
    }
  });

  test('an existing host is enrolled as externally provisioned', async ({ page }) => {
    const name = 'e2e-existing-host';
    try {
      await fillCommon(page, { kind: /Existing host/, name, mac: '52:54:00:00:0e:13' });
      await page.getByLabel('This host is a control-plane node').check();
      await expect(page.getByLabel('User-data Secret')).toHaveValue('controller-user-data-managed');
      await reviewAndCreate(page, name);
      await expectInventoryState(page, name, 'externally provisioned');
    } finally {
      await deleteWorker(admin, { host: name });
    }
  });

  test('a duplicate MAC is refused at its field before anything is sent', async ({ page }) => {
    const traffic = recordTraffic(page);
    await fillCommon(page, { kind: /New worker, DHCP/, name: 'e2e-duplicate-mac', mac: '52:54:00:00:02:00' });
    const mac = page.getByLabel('Boot MAC address');
    await expect(mac).toHaveAccessibleDescription(/52:54:00:00:02:00 is the boot MAC of host openshift-worker-0\./);
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByText('One field needs attention before review')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Objects to create' })).toHaveCount(0);
    expect(traffic.posts.filter((path) => path.startsWith('/api/hosts'))).toEqual([]);
  });
});
