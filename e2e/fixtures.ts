import { type Page, expect } from '@playwright/test';
import type { KindRef } from '../lib/k8s/kinds';
import { ObjectClient, adminKubeConfig, kubeRequest } from './cluster/kube';

export const admin = new ObjectClient(adminKubeConfig());

const ServiceAccountKind = { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true } as const satisfies KindRef;
const ClusterRoleBindingKind = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false } as const satisfies KindRef;

export const E2E_USER = 'system:serviceaccount:default:console-e2e-admin';

/** A bearer token of a cluster-admin ServiceAccount, as `oc whoami -t` would give an administrator. */
export async function adminToken(): Promise<string> {
  await admin.ensure(ServiceAccountKind, { metadata: { name: 'console-e2e-admin', namespace: 'default' } });
  await admin.ensure(ClusterRoleBindingKind, {
    metadata: { name: 'console-e2e-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'console-e2e-admin', namespace: 'default' }],
  });
  const review = await kubeRequest<{ status: { token: string } }>(admin.kc, {
    method: 'POST',
    path: '/api/v1/namespaces/default/serviceaccounts/console-e2e-admin/token',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  });
  return review.status.token;
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
