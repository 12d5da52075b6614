import { type Locator, type Page, expect } from '@playwright/test';
import { serviceAccountWithRole } from './cluster/identities';
import { ObjectClient, adminKubeConfig } from './cluster/kube';
import { enrollmentProofFor } from './cluster/seal';
import type { ConsoleEnrollment } from './cluster/seed';

export const admin = new ObjectClient(adminKubeConfig());

export const E2E_USER = 'system:serviceaccount:default:console-e2e-admin';

/** A bearer token of a cluster-admin ServiceAccount, as `oc whoami -t` would give an administrator. */
export function adminToken(): Promise<string> {
  return serviceAccountWithRole(admin, { namespace: 'default', name: 'console-e2e-admin', clusterRole: 'cluster-admin' });
}

/**
 * A host created with the API as if the test server's console had enrolled it: its operation id,
 * and the enrollment proof that server verifies (its secret is set once in playwright.config.ts).
 */
export function consoleEnrollment(operationId: string): ConsoleEnrollment {
  const secret = process.env.E2E_CONSOLE_SESSION_SECRET;
  if (!secret) throw new Error('E2E_CONSOLE_SESSION_SECRET is not set: run the e2e tests with playwright.config.ts');
  return { operationId, proof: (hostUid, secretUids) => enrollmentProofFor(secret, hostUid, { operationId, secretUids }) };
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
