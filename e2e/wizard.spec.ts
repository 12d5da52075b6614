import { type Page, expect, test } from '@playwright/test';
import { staticNmstateYaml } from '../lib/nmstate/document';
import { replaceEditorText, signIn } from './fixtures';

/** What a new administrator meets in the enrollment wizard (issue 17): each finding, as a user would. */

async function openWizard(page: Page) {
  await signIn(page, '/hosts/new');
  await expect(page.getByRole('heading', { name: 'Enroll a host' })).toBeVisible();
}

test('Back and Forward move between the steps, and the draft survives them and a reload, never the password', async ({ page }) => {
  await openWizard(page);
  await page.getByRole('radio', { name: /New worker, DHCP/ }).check();
  await page.getByLabel('Host name').fill('e2e-history-worker');
  await page.getByLabel('Boot MAC address').fill('52:54:00:00:0e:21');
  await page.getByLabel('BMC host and path').fill('192.168.111.1:8000/redfish/v1/Systems/e2e-history-worker');
  await page.getByLabel('BMC user name').fill('admin');
  await page.getByLabel('BMC password').fill('history-secret');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('heading', { name: 'Review: objects to create' })).toBeFocused();
  await expect(page).toHaveURL(/\?step=review$/);

  await page.goBack();
  await expect(page.getByLabel('Host name')).toHaveValue('e2e-history-worker');
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Review: objects to create' })).toBeVisible();
  await page.goBack();

  page.once('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await expect(page.getByLabel('Host name')).toHaveValue('e2e-history-worker');
  await expect(page.getByLabel('BMC user name')).toHaveValue('admin');
  await expect(page.getByLabel('BMC password'), 'the password is never kept').toHaveValue('');
  expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('history-secret');
});

test('leaving the wizard with unsaved input asks first', async ({ page }) => {
  await openWizard(page);
  await page.getByLabel('Host name').fill('e2e-leaving');
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CSRs' }).click();
  expect(asked).toBe('Leave the enrollment? What you typed stays in this tab, except the BMC password.');
  await expect(page).toHaveURL(/\/hosts\/new/);
});

test('network fields are checked when left, and the summary links each problem to its field', async ({ page }) => {
  await openWizard(page);
  const address = page.getByLabel('IPv4 address', { exact: true });
  await address.fill('192.168.111.300');
  await address.blur();
  await expect(address).toHaveAccessibleDescription(/192\.168\.111\.300 is not an IP address/);
  const prefix = page.getByLabel('Prefix length');
  await address.fill('192.168.111.30');
  await prefix.fill('33');
  await prefix.blur();
  await expect(prefix).toHaveAccessibleDescription(/The prefix length must be a whole number from 1 to 32/);
  await prefix.fill('24');
  const gateway = page.getByLabel('Default route: next hop (gateway)');
  await gateway.fill('10.0.0.1');
  await gateway.blur();
  await expect(gateway).toHaveAccessibleDescription(/The gateway 10\.0\.0\.1 is outside \S+'s subnet \(192\.168\.111\.30\/24\)/);
  await address.fill('192.168.111.300');
  await page.getByLabel('Name of interface 1').fill('a-name-far-too-long-for-linux');
  await page.getByLabel('Name of interface 1').blur();
  await expect(page.getByLabel('Name of interface 1')).toHaveAccessibleDescription(/longer than 15/);

  await page.getByRole('button', { name: 'Review' }).click();
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: /fields? needs? attention before review/ }) });
  await expect(summary).toBeVisible();
  const links = summary.getByRole('link');
  // Every message the page shows at a field is one line of the summary, and the other way round
  // (once the checks that were still settling when Review was pressed have settled).
  await expect(async () => {
    const count = await links.count();
    await expect(summary.getByRole('heading')).toHaveText(`${count} fields need attention before review`, { timeout: 500 });
    await expect(page.locator('[id$="-error"]')).toHaveCount(count, { timeout: 500 });
  }).toPass();
  await summary.getByRole('link', { name: 'Name of interface 1' }).click();
  await expect(page.getByLabel('Name of interface 1')).toBeFocused();
});

test('a BMC URL pasted with its scheme sets the driver and transport', async ({ page }) => {
  await openWizard(page);
  await page.getByLabel('BMC host and path').fill('https://192.168.111.1:8000/redfish/v1/Systems/1');
  await expect(page.getByLabel('BMC host and path')).toHaveValue('192.168.111.1:8000/redfish/v1/Systems/1');
  await expect(page.getByLabel('BMC transport')).toHaveValue('https');
  await page.getByLabel('BMC host and path').fill('idrac-virtualmedia+http://10.0.0.9/redfish/v1/Systems/System.Embedded.1');
  await expect(page.getByLabel('BMC driver')).toHaveValue('idrac-virtualmedia');
  await expect(page.getByLabel('BMC transport')).toHaveValue('http');
  await expect(page.getByLabel('BMC host and path')).toHaveValue('10.0.0.9/redfish/v1/Systems/System.Embedded.1');
});

test('the form shows what the YAML holds, YAML slips are said in words, and undo survives switching views', async ({ page }) => {
  await openWizard(page);
  await page.getByLabel('IPv4 address', { exact: true }).fill('192.168.111.62');
  await page.getByRole('button', { name: 'YAML view' }).click();
  const editor = page.getByRole('textbox', { name: 'NMState YAML' });
  const problems = page.getByRole('list', { name: 'Problems in the network YAML' });

  const typo = 'interfaces:\n- name: eno1\n  type: ethernet\n  state: up\n  mtu: 9000\n  ipv4:\n    address:\n    - ip: 192.168.111.62\n      prefix-lenght: 24\n    enabled: true\n';
  await replaceEditorText(editor, typo);
  await expect(problems).toContainText('Line 9: prefix-lenght is not a key nmstate knows: did you mean prefix-length?');
  await page.getByRole('button', { name: 'Form view' }).click();
  await expect(page.getByLabel('Prefix length'), 'the form shows that the YAML has no prefix-length').toHaveValue('');
  await expect(page.getByRole('note', { name: 'Settings only the YAML view shows' })).toContainText('eno1: mtu (line 5)');

  await page.getByRole('button', { name: 'YAML view' }).click();
  await replaceEditorText(editor, 'interfaces:\n- name: eno1\n  type: ethernet\n   state: up\n');
  await expect(problems).toContainText('the indentation does not line up');
  await page.getByRole('button', { name: 'Form view' }).click();
  await expect(page.getByText(/The YAML has an error at line 3 that the form cannot show/)).toBeVisible();

  // Undo in the editor reaches back past the view switches.
  await page.getByRole('button', { name: 'YAML view' }).click();
  await editor.click();
  await editor.press('ControlOrMeta+z');
  await expect(editor).toContainText('prefix-lenght: 24');
});

test("what only nmstate refuses is said at the network config as it is typed, in nmstate's words, with its line marked", async ({ page }) => {
  await openWizard(page);
  await page.getByRole('radio', { name: /New worker, static network/ }).check();
  await page.getByLabel('Host name').fill('e2e-nmstate-worker');
  await page.getByLabel('Boot MAC address').fill('52:54:00:00:0e:23');
  await page.getByLabel('BMC host and path').fill('192.168.111.1:8000/redfish/v1/Systems/e2e-nmstate-worker');
  await page.getByLabel('BMC user name').fill('admin');
  await page.getByLabel('BMC password').fill('nmstate-secret');
  await page.getByRole('button', { name: 'YAML view' }).click();
  const editor = page.getByRole('textbox', { name: 'NMState YAML' });
  const problems = page.getByRole('list', { name: 'Problems in the network YAML' });
  const config = staticNmstateYaml({ ip: '192.168.111.63', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });
  // The browser leaves nmstate's schema to nmstatectl: an unknown key inside a settings block passes
  // the console's rules, and nmstate on the server refuses it while the user is still typing.
  await replaceEditorText(editor, config.replace('  type: ethernet\n', '  type: ethernet\n  ethernet:\n    speedd: 1000\n'));
  // nmstate names the interface item (line 2) for an unknown key inside it; the console points at the key, and marks that line alone.
  await expect(problems).toContainText(/Line 5, column 5: nmstate refuses this config \(nmstatectl gc\): .*unknown field `speedd`/);
  await expect(editor.locator('[data-marked-line]'), 'the line of the unknown key is marked').toHaveAttribute('data-marked-line', '5');

  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'needs attention' })).toContainText('Static network (NMState): Line');
  await expect(page).not.toHaveURL(/step=review/);

  await replaceEditorText(editor, config);
  await expect(problems.getByRole('listitem'), 'an edit settles the refusal').toHaveCount(0);
  await expect(editor.locator('[data-marked-line]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(/^nmstate \S+ accepts the network config \(nmstatectl gc/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create host' })).toBeEnabled();
});
