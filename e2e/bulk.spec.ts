import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { bulkCsv } from '../lib/bulk/columns';
import { CertificateSigningRequestKind, NodeKind, SecretKind } from '../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../lib/metal3/constants';
import type { KubeObject } from './cluster/kube';
import { deleteWorker } from './cluster/seed';
import { admin, signIn } from './fixtures';

const CANARY = 'canary-bulk-Pa55,"q"';
const COUNT = 10;
const name = (i: number) => `e2e-bulk-${i}`;
/** Row 1 joins under another node name, as the seed's app1 does. */
const nodeOf = (i: number) => (i === 0 ? 'e2e-bulk-node-0' : name(i));
const staticRow = (i: number) => i % 3 === 0;

function csvRow(i: number): Record<string, string> {
  return {
    name: name(i),
    expected_node_name: i === 0 ? nodeOf(0) : '',
    bmc_address: `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/${name(i)}`,
    bmc_username: 'admin',
    bmc_password: CANARY,
    disable_certificate_verification: 'true',
    boot_mac: `52:54:00:00:0c:${i.toString(16).padStart(2, '0')}`,
    root_device: '/dev/sda',
    network: staticRow(i) ? 'static' : 'dhcp',
    ...(staticRow(i) ? { interface: 'eno1', ip: `192.168.111.${210 + i}/24`, gateway: '192.168.111.1', dns: '192.168.111.1' } : {}),
  };
}

async function cleanUp() {
  await Promise.all(Array.from({ length: COUNT }, (_, i) => deleteWorker(admin, { host: name(i), node: nodeOf(i) })));
  for (let i = 0; i < COUNT; i++) {
    await admin.delete(SecretKind, `${name(i)}-bmc-secret`, MACHINE_API_NAMESPACE);
    await admin.delete(SecretKind, `${name(i)}-network-config-secret`, MACHINE_API_NAMESPACE);
  }
  const nodes = new Set(Array.from({ length: COUNT }, (_, i) => nodeOf(i)));
  for (const csr of await admin.list<KubeObject & { spec?: { request?: string; username?: string } }>(CertificateSigningRequestKind)) {
    const pem = Buffer.from(csr.spec?.request ?? '', 'base64').toString();
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64').toString('latin1');
    if ([...nodes].some((node) => der.includes(`system:node:${node}`))) await admin.delete(CertificateSigningRequestKind, csr.metadata.name ?? '');
  }
  for (const node of nodes) await admin.delete(NodeKind, node);
}

/** axe-core's WCAG 2.1 A and AA rules, as e2e/accessibility.spec.ts runs them. */
async function violationsOf(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

/** Every response body, to prove the password never comes back. */
function recordBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', async (response) => bodies.push(await response.text().catch(() => '')));
  return bodies;
}

test.afterAll(cleanUp);

test('a 10-host CSV with two bad rows: marked at their cells, fixed in place, created, provisioned, CSRs approved from the batch page, nodes Ready', async ({ page }) => {
  test.setTimeout(900_000);
  const bodies = recordBodies(page);
  const rows = Array.from({ length: COUNT }, (_, i) => csvRow(i));
  // Row 3: a MAC of five pairs. Row 7 (static): a gateway outside its subnet.
  rows[2] = { ...rows[2]!, boot_mac: '52:54:00:00:0c' };
  rows[6] = { ...rows[6]!, gateway: '10.0.0.1' };

  await signIn(page);
  await page.getByRole('link', { name: 'Enroll hosts in bulk (CSV or YAML)' }).click();
  await expect(page.getByRole('heading', { name: 'Enroll hosts in bulk' })).toBeVisible();
  // A file that is not CSV says where.
  await page.getByLabel('Or paste it here').fill('name,bmc_address,bmc_username,bmc_password,boot_mac,network\nw,"x"y,u,p,m,dhcp\n');
  await page.getByRole('button', { name: 'Read the hosts' }).click();
  await expect(page.getByRole('list', { name: 'Problems in the file' })).toContainText('Line 2, field 2 (bmc_address): A quote closes this field but more text follows it');
  expect(await violationsOf(page), '/hosts/new/bulk').toEqual([]);
  await page.getByLabel('Or paste it here').fill(bulkCsv(rows));
  await page.getByRole('button', { name: 'Read the hosts' }).click();
  await expect(page.getByRole('heading', { name: `Review: ${COUNT} hosts` })).toBeVisible();

  const mac3 = page.getByRole('textbox', { name: 'Boot MAC Row 3', exact: true });
  const gateway7 = page.getByRole('textbox', { name: 'Gateway Row 7', exact: true });
  await expect(mac3).toHaveAttribute('aria-invalid', 'true');
  await expect(mac3).toHaveAccessibleDescription(/six pairs of hex digits/);
  await expect(gateway7).toHaveAccessibleDescription(/The gateway 10\.0\.0\.1 is outside eno1's subnet/);
  await expect(page.getByRole('textbox', { name: 'Boot MAC Row 2', exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  const create = page.getByRole('button', { name: /^Create \d+ hosts$/ });
  await expect(create).toBeDisabled();
  await expect(page.getByText('2 rows have problems: fix them or leave them out.')).toBeVisible();
  expect(await violationsOf(page), 'the review table with problems').toEqual([]);
  // The password cell is masked.
  await expect(page.getByRole('textbox', { name: 'BMC password Row 1', exact: true })).toHaveAttribute('type', 'password');

  await mac3.fill('52:54:00:00:0c:02');
  await gateway7.fill('192.168.111.1');
  await expect(mac3).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: `Create ${COUNT} hosts` })).toBeEnabled({ timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download bmh-batch.yaml' }).click();
  expect((await download).suggestedFilename()).toBe('bmh-batch.yaml');
  await expect(page.getByText('oc create -f bmh-batch.yaml')).toBeVisible();

  await page.getByRole('button', { name: `Create ${COUNT} hosts` }).click();
  await expect(page.getByText(`${COUNT} of ${COUNT} hosts created.`)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('link', { name: 'Follow the batch to Ready' }).click();
  await expect(page.getByRole('heading', { name: /^Batch / })).toBeVisible();

  const hostsTable = page.getByRole('table', { name: 'Hosts of the batch' });
  await expect(hostsTable.getByRole('row')).toHaveCount(COUNT + 1);
  // All ten provision; each then asks for its client certificate, then (once approved) its serving one.
  const approve = page.getByRole('button', { name: 'Approve every CSR of this batch that passes its checks' });
  const ready = hostsTable.getByRole('row').filter({ hasText: 'Node Ready' });
  const deadline = Date.now() + 600_000;
  while ((await ready.count()) < COUNT) {
    expect(Date.now(), 'all ten nodes Ready within 10 minutes').toBeLessThan(deadline);
    if (await approve.isEnabled()) {
      await approve.click();
      await expect(page.getByRole('status').filter({ hasText: /^Approved \d+/ })).toBeVisible();
    }
    await page.waitForTimeout(2_000);
  }
  expect(await violationsOf(page), 'the batch page').toEqual([]);
  const counts = page.getByRole('table', { name: 'Hosts at each step' });
  await expect(counts.getByRole('row', { name: `OK: Node Ready ${COUNT}` })).toBeVisible();
  await expect(hostsTable.getByRole('row', { name: new RegExp(`^${name(0)} .*Node ${nodeOf(0)} Ready`) })).toBeVisible();
  expect(bodies.filter((body) => body.includes(CANARY)), 'no response holds the password').toEqual([]);

  // The inventory filtered to this batch, from the batch page; the filter is in the URL.
  await page.getByRole('link', { name: 'Show this batch in the inventory' }).click();
  await expect(page).toHaveURL(/\/\?batch=[0-9a-f-]{36}$/);
  await expect(page.getByRole('status').filter({ hasText: /^Showing \d+ of/ })).toHaveText(new RegExp(`^Showing ${COUNT} of \\d+ rows$`));
  await page.getByLabel('Batch').selectOption('');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('status').filter({ hasText: /^Showing \d+ of/ })).not.toHaveText(new RegExp(`^Showing ${COUNT} of`));
});

/**
 * Five rows read from a CSV: rows 2 and 3 share a boot MAC, row 4 (static) has the IP
 * 192.168.111.300/24. Their names, BMC addresses, MACs and IPs are their own (not those of the
 * hosts the 10-host test creates), so the cluster has nothing against them. Nothing here is created.
 */
async function readFiveRows(page: Page) {
  const rows: Record<string, string>[] = Array.from({ length: 5 }, (_, i) => ({
    name: `e2e-bulkmac-${i}`,
    bmc_address: `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/e2e-bulkmac-${i}`,
    bmc_username: 'admin',
    bmc_password: CANARY,
    disable_certificate_verification: 'true',
    boot_mac: `52:54:00:00:0d:${i.toString(16).padStart(2, '0')}`,
    network: 'dhcp',
  }));
  rows[2] = { ...rows[2]!, boot_mac: rows[1]!.boot_mac! };
  rows[3] = { ...rows[3]!, network: 'static', interface: 'eno1', ip: '192.168.111.300/24', gateway: '192.168.111.1', dns: '192.168.111.1' };
  await signIn(page);
  await page.goto('/hosts/new/bulk');
  await page.getByLabel('Or paste it here').fill(bulkCsv(rows));
  await page.getByRole('button', { name: 'Read the hosts' }).click();
  await expect(page.getByRole('heading', { name: 'Review: 5 hosts' })).toBeVisible();
}

test('two rows sharing a boot MAC: fixing one in place makes both ready, and Create takes every row', async ({ page }) => {
  test.setTimeout(300_000);
  await readFiveRows(page);
  const mac2 = page.getByRole('textbox', { name: 'Boot MAC Row 2', exact: true });
  const mac3 = page.getByRole('textbox', { name: 'Boot MAC Row 3', exact: true });
  const ip4 = page.getByRole('textbox', { name: 'IP/prefix Row 4', exact: true });
  await expect(mac2).toHaveAttribute('aria-invalid', 'true');
  await expect(mac3).toHaveAttribute('aria-invalid', 'true');
  await expect(ip4).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('3 rows have problems: fix them or leave them out.')).toBeVisible();
  // The server has checked the rows, and dry-run the two that pass, before the fix.
  await expect(page.getByText('Ready: dry run accepted')).toHaveCount(2, { timeout: 60_000 });

  // Fixed in place: row 3's MAC and row 4's IP. Row 2 is unchanged, and passes now its twin is gone.
  await mac3.fill('52:54:00:00:0d:09');
  await ip4.fill('192.168.111.243/24');
  await expect(mac2).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Ready: dry run accepted')).toHaveCount(5, { timeout: 60_000 });
  await expect(page.getByText('Checking with the cluster…')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create 5 hosts' })).toBeEnabled();
});

test('the review fits a 1440×900 window: the table scrolls sideways in its own region, its Status column in view', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await readFiveRows(page);
  const overflows = () => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  expect(await overflows(), 'the page scrolls sideways at 1440 px').toBe(false);
  const region = page.getByRole('region', { name: /^Hosts of the batch/ });
  await expect(page.getByText(/^Hosts of the batch: each row's number and status stay in view/)).toBeVisible();
  await expect(region.getByRole('columnheader', { name: 'Status' })).toBeInViewport();
  await expect(region.getByRole('columnheader', { name: 'Row', exact: true })).toBeInViewport();
  // Scrolled to its far end, the first cells are out of view but each row's number stays.
  await region.evaluate((element) => element.scrollBy({ left: element.scrollWidth }));
  await expect(region.getByRole('columnheader', { name: 'Host name' })).not.toBeInViewport();
  await expect(region.getByRole('rowheader', { name: /^Row 1/ })).toBeInViewport();
  await expect(region.getByRole('columnheader', { name: 'Status' })).toBeInViewport();
  expect(await overflows(), 'the page scrolls sideways at 1440 px').toBe(false);
});
