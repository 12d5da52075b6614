import { type Locator, type Page, expect } from '@playwright/test';
import { serviceAccountWithRole } from './cluster/identities';
import { ObjectClient, adminKubeConfig } from './cluster/kube';

export const admin = new ObjectClient(adminKubeConfig());

export const E2E_USER = 'system:serviceaccount:default:console-e2e-admin';

/** A bearer token of a cluster-admin ServiceAccount, as `oc whoami -t` would give an administrator. */
export function adminToken(): Promise<string> {
  return serviceAccountWithRole(admin, { namespace: 'default', name: 'console-e2e-admin', clusterRole: 'cluster-admin' });
}

/** Signs in through the sign-in page, as a user would. */
export async function signIn(page: Page, path = '/'): Promise<void> {
  const token = await adminToken();
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Signed in as ${E2E_USER}`)).toBeVisible();
}

/**
 * Replaces everything in a code editor as a user does: select all (CodeMirror's own command,
 * which covers the whole document even where it has not drawn lines yet), then type the new text.
 * Playwright's fill() selects only the lines the editor has drawn, which under load can be a part.
 */
export async function replaceEditorText(editor: Locator, text: string): Promise<void> {
  await editor.click();
  await editor.press('ControlOrMeta+a');
  await editor.press('Delete');
  // The editor has taken the deletion before anything is typed (under load it may lag).
  await expect(editor).toHaveText('');
  await editor.page().keyboard.insertText(text);
  const lastLine = text.trimEnd().split('\n').at(-1)?.trim() ?? '';
  await expect(editor).toContainText(lastLine);
}
