import { expect, test } from '@playwright/test';
import { CertificateSigningRequestKind } from '../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../lib/metal3/constants';
import type { KubeObject } from './cluster/kube';
import { createWorker, deleteWorker } from './cluster/seed';
import { admin, signIn } from './fixtures';

const host = 'e2e-join-worker';
// Created with the API, as `oc create` would: the node is named after the host. (A node name that
// differs is taken only as the console vouched for it at enrollment: server/host-seals.ts.)
const node = host;

test.afterAll(async () => {
  await deleteWorker(admin, { host, node });
  const csrs = await admin.list<KubeObject & { spec?: { request?: string } }>(CertificateSigningRequestKind);
  for (const csr of csrs) {
    // The node name is in the request's DER, inside the base64 of the PEM inside the base64 of spec.request.
    const pem = Buffer.from(csr.spec?.request ?? '', 'base64').toString();
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64').toString('latin1');
    if (der.includes(`system:node:${node}`)) await admin.delete(CertificateSigningRequestKind, csr.metadata.name ?? '');
  }
});

test('a provisioned host joins: both CSRs approved from the console, the node Ready and linked', async ({ page }) => {
  await createWorker(admin, { host, mac: '52:54:00:00:0e:10' });
  await signIn(page, `/hosts/${MACHINE_API_NAMESPACE}/${host}`);

  // The timeline points at the client CSR once the host is provisioned and has booted.
  const approveLink = page.getByRole('link', { name: /^Approve CSR csr-/ });
  await expect(approveLink).toBeVisible({ timeout: 120_000 });
  const clientCsr = (await approveLink.textContent())?.match(/csr-[a-z0-9]+/)?.[0] ?? '';
  expect(clientCsr).toMatch(/^csr-/);
  await approveLink.click();

  // The simulated kubelet, like a real one, may file another client CSR while one waits: follow the one linked.
  const clientRow = page.getByRole('row').filter({ hasText: `CN=system:node:${node}` }).filter({ hasText: 'kube-apiserver-client-kubelet' }).filter({ hasText: clientCsr });
  await expect(clientRow.getByRole('list', { name: /^Checks of/ }).getByText(/^Fail: /)).toHaveCount(0);
  await expect(clientRow.getByRole('cell', { name: host, exact: true })).toBeVisible();
  await clientRow.getByRole('button', { name: /^Approve csr-/ }).click();
  await expect(clientRow.getByRole('cell', { name: /Approved/ })).toBeVisible();

  const servingRow = page.getByRole('row').filter({ hasText: `system:node:${node}` }).filter({ hasText: 'kubelet-serving' });
  await expect(servingRow).toBeVisible({ timeout: 60_000 });
  await expect(servingRow.getByRole('list', { name: /^Checks of/ }).getByText(/^Fail: /)).toHaveCount(0);
  await servingRow.getByRole('button', { name: /^Approve csr-/ }).click();
  await expect(servingRow.getByRole('cell', { name: /Approved/ })).toBeVisible();

  // Approved CSRs keep the verdict they were approved on: the node joining since is no failure.
  for (const approved of [clientRow, servingRow]) {
    await expect(approved.getByLabel(/^Checks of/)).toContainText(/Approved by .* with the Bare Metal Console; checks at the decision: all \d+ passed/);
    await expect(approved.getByText(/^Fail: /)).toHaveCount(0);
    await expect(approved.getByRole('cell', { name: host, exact: true })).toBeVisible();
  }
  await expect(clientRow.getByText(`Since then, node ${node} has joined.`)).toBeVisible({ timeout: 30_000 });

  await page.getByRole('link', { name: 'Inventory' }).click();
  const row = page.getByRole('row', { name: new RegExp(`\\b${host}\\b`) });
  await expect(row.getByRole('cell', { name: `${node} linked as recorded`, exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(row.getByRole('cell', { name: 'OK: Ready' })).toBeVisible({ timeout: 60_000 });
});

test('a CSR that fails a check needs its name typed before it is approved', async ({ page }) => {
  const name = 'e2e-forged-csr';
  const { webcrypto } = await import('node:crypto');
  const { EC_P256, createCertificateRequestPem } = await import('../lib/pki/certificate-request');
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pem = await createCertificateRequestPem({ keys, commonName: 'system:node:nobody', organizations: ['system:nodes'] });
  await admin.create(CertificateSigningRequestKind, {
    metadata: { name },
    spec: { request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['digital signature', 'client auth'] },
  });
  try {
    await signIn(page, '/csrs');
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row.getByRole('list', { name: `Checks of ${name}` }).getByText(/^Fail: /).first()).toBeVisible();
    await row.getByRole('button', { name: `Approve ${name}` }).click();
    const approveAnyway = row.getByRole('button', { name: 'Approve despite failed checks' });
    await expect(approveAnyway).toBeDisabled();
    await row.getByLabel(`This CSR fails a check. Type ${name} to approve it anyway`).fill(name);
    await approveAnyway.click();
    await expect(row.getByRole('cell', { name: /Approved/ })).toBeVisible();
    // Focus lands on the result, not on the page body.
    await expect(row.getByRole('cell', { name: /Approved/ })).toBeFocused();
  } finally {
    await admin.delete(CertificateSigningRequestKind, name);
  }
});
