/** Automatic approval against the local cluster: only hosts enrolled through the console, only passing CSRs. */
import { afterAll, describe, expect, it } from 'vitest';
import { type KubeObject, ObjectClient, adminKubeConfig, waitFor } from '@/e2e/cluster/kube';
import { createWorker, deleteWorker } from '@/e2e/cluster/seed';
import { parseCertificateRequest } from '@/lib/csr/request';
import { BareMetalHostKind, CertificateSigningRequestKind } from '@/lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { type AutoApprovalPass, autoApproveOnce } from './auto-approve';
import { InventoryHub } from './watch/inventory-hub';

const admin = adminKubeConfig();
const client = new ObjectClient(admin);
const hub = new InventoryHub(admin);
const hosts = [
  { host: 'auto-enrolled', node: 'auto-enrolled-node', enrolledBy: 'alice', mac: '52:54:00:00:0a:01' },
  { host: 'auto-kubectl', node: 'auto-kubectl-node', enrolledBy: undefined, mac: '52:54:00:00:0a:02' },
];

type Csr = KubeObject & { spec: { request: string; signerName: string; username: string }; status?: { conditions?: { type: string }[] } };

async function csrFor(nodeName: string, signer: string): Promise<Csr | undefined> {
  return (await client.list<Csr>(CertificateSigningRequestKind)).find(
    (csr) => csr.spec.signerName === signer && parseCertificateRequest(csr.spec.request).commonName === `system:node:${nodeName}`,
  );
}

afterAll(async () => {
  hub.stop();
  for (const { host, node } of hosts) {
    await deleteWorker(client, { host, node });
    for (const signer of ['kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving']) {
      const csr = await csrFor(node, signer);
      if (csr?.metadata.name) await client.delete(CertificateSigningRequestKind, csr.metadata.name);
    }
  }
});

/** Runs passes, as the console does every 5 s, until `done` holds for what they did together (the CSR watch may lag a moment). */
async function passesUntil(done: (seen: AutoApprovalPass) => boolean): Promise<AutoApprovalPass> {
  const seen: AutoApprovalPass = { approved: [], skipped: [], floodGuard: false };
  return waitFor('automatic approval to get there', async () => {
    const pass = await autoApproveOnce(admin, hub);
    seen.approved.push(...pass.approved);
    seen.skipped.push(...pass.skipped);
    seen.floodGuard ||= pass.floodGuard;
    return done(seen) ? seen : undefined;
  });
}

describe('autoApproveOnce', () => {
  it('approves both CSRs of a host enrolled through the console, and leaves the others to a person', async () => {
    for (const { host, node, enrolledBy, mac } of hosts) {
      await createWorker(client, {
        host,
        mac,
        annotations: { [ANNOTATIONS.expectedNodeName]: node, ...(enrolledBy ? { [ANNOTATIONS.enrolledBy]: enrolledBy } : {}) },
      });
    }
    const [enrolled, other] = hosts as [(typeof hosts)[0], (typeof hosts)[0]];
    const enrolledClient = await waitFor('the enrolled host’s client CSR', () => csrFor(enrolled.node, 'kubernetes.io/kube-apiserver-client-kubelet'), { timeoutMs: 150_000 });
    const otherClient = await waitFor('the other host’s client CSR', () => csrFor(other.node, 'kubernetes.io/kube-apiserver-client-kubelet'), { timeoutMs: 150_000 });

    const first = await passesUntil((seen) => seen.approved.includes(enrolledClient.metadata.name ?? '') && seen.skipped.some((s) => s.name === otherClient.metadata.name));
    expect(first.floodGuard).toBe(false);
    expect(first.skipped).toContainEqual({ name: otherClient.metadata.name, why: 'its host was not enrolled through the console' });

    const serving = await waitFor('the enrolled node’s serving CSR', () => csrFor(enrolled.node, 'kubernetes.io/kubelet-serving'), { timeoutMs: 60_000 });
    await waitFor('the new node in the inventory', async () => ((await hub.snapshot()).nodes.some((n) => n.name === enrolled.node) ? true : undefined));
    await passesUntil((seen) => seen.approved.includes(serving.metadata.name ?? ''));

    const host = await client.get<KubeObject>(BareMetalHostKind, enrolled.host, MACHINE_API_NAMESPACE);
    expect(host?.metadata.annotations?.[ANNOTATIONS.nodeName]).toBe(enrolled.node);
    const untouched = await client.get<Csr>(CertificateSigningRequestKind, otherClient.metadata.name ?? '');
    expect(untouched?.status?.conditions ?? []).toEqual([]);
  });
});
