import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { signIn } from './fixtures';

/** axe-core's WCAG 2.1 A and AA rules, as an accessibility audit runs them. */
async function violationsOf(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

test('every page of the console passes an axe scan', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await violationsOf(page), '/sign-in').toEqual([]);
  await signIn(page);
  const pages: [string, string][] = [
    ['/', 'Inventory'],
    ['/csrs', 'Certificate signing requests'],
    ['/setup', 'Provisioning setup'],
    ['/hosts/new', 'Enroll a host'],
    ['/hosts/openshift-machine-api/openshift-worker-0', 'Host openshift-worker-0'],
    ['/hosts/openshift-machine-api/openshift-worker-0/removal', 'Removing host openshift-worker-0'],
    ['/hosts/openshift-machine-api/openshift-worker-0/maintenance', 'Maintenance of host openshift-worker-0'],
    ['/hosts/new/bulk', 'Enroll hosts in bulk'],
    ['/batches', 'Batches'],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    // Live data first: the scan judges the page as a user sees it.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    expect(await violationsOf(page), path).toEqual([]);
  }
  // The wizard's other states: the YAML view, and the problem summary.
  await page.goto('/hosts/new');
  await page.getByRole('button', { name: 'YAML view' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('heading', { name: /need attention before review/ })).toBeVisible();
  expect(await violationsOf(page), '/hosts/new (YAML view, problems)').toEqual([]);
  // The removal dialog.
  await page.goto('/hosts/openshift-machine-api/openshift-worker-1');
  await page.getByRole('button', { name: 'Remove host' }).click();
  await expect(page.getByRole('dialog', { name: 'Remove host openshift-worker-1' }).getByRole('button', { name: 'Keep the host' })).toBeVisible();
  expect(await violationsOf(page), 'removal dialog').toEqual([]);
});
