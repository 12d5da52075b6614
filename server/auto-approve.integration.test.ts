/**
 * Automatic approval against the local cluster: only hosts the console proves it enrolled (an HMAC
 * of the host's uid, operation id and expected node name), only passing CSRs. A host whose
 * annotations were copied from an enrolled one (as anyone who may create BareMetalHosts could), or
 * whose expected node name was changed after the console vouched for it, is left to a person.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type KubeObject, ObjectClient, adminKubeConfig, waitFor } from '@/e2e/cluster/kube';
import { createWorker, deleteWorker } from '@/e2e/cluster/seed';
import { parseCertificateRequest } from '@/lib/csr/request';
import { BareMetalHostKind, CertificateSigningRequestKind } from '@/lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { type AutoApprovalPass, autoApproveOnce } from './auto-approve';
import { enrollmentProof } from './host-seals';
import { InventoryHub } from './watch/inventory-hub';

const admin = adminKubeConfig();
const client = new ObjectClient(admin);
const hub = new InventoryHub(admin);
const hosts = [
  { host: 'auto-enrolled', node: 'auto-enrolled-node', mac: '52:54:00:00:0a:01' },
  { host: 'auto-copied', node: 'auto-copied-node', mac: '52:54:00:00:0a:03' },
  { host: 'auto-kubectl', node: 'auto-kubectl-node', mac: '52:54:00:00:0a:02' },
  { host: 'auto-forged', node: 'auto-forged-node', mac: '52:54:00:00:0a:04' },
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
  const seen: AutoApprovalPass = { results: [], skipped: [], floodGuard: false };
  return waitFor('automatic approval to get there', async () => {
    const pass = await autoApproveOnce(admin, hub);
    seen.results.push(...pass.results);
    seen.skipped.push(...pass.skipped);
    seen.floodGuard ||= pass.floodGuard;
    return done(seen) ? seen : undefined;
  });
}

const approved = (seen: AutoApprovalPass) => seen.results.filter((r) => 'outcome' in r && r.outcome === 'approved').map((r) => r.name);

describe('autoApproveOnce', () => {
  it('approves both CSRs of a host the console proves it enrolled, and leaves copied and foreign hosts to a person', async () => {
    const [enrolled, copied, other, forged] = hosts as [(typeof hosts)[0], (typeof hosts)[0], (typeof hosts)[0], (typeof hosts)[0]];
    const uidOf = async (host: string) => (await client.get<KubeObject>(BareMetalHostKind, host, MACHINE_API_NAMESPACE))?.metadata.uid ?? '';
    await createWorker(client, { host: enrolled.host, mac: enrolled.mac, annotations: { [ANNOTATIONS.expectedNodeName]: enrolled.node, [ANNOTATIONS.enrolledBy]: 'alice' } });
    const proof = { [ANNOTATIONS.enrollmentProof]: enrollmentProof(await uidOf(enrolled.host), { expectedNodeName: enrolled.node }), [ANNOTATIONS.enrolledBy]: 'alice' };
    await client.mergePatch(BareMetalHostKind, { name: enrolled.host, namespace: MACHINE_API_NAMESPACE, body: { metadata: { annotations: proof } } });
    // Whoever may create hosts can copy every annotation of an enrolled one; the proof is for another uid.
    await createWorker(client, { host: copied.host, mac: copied.mac, annotations: { [ANNOTATIONS.expectedNodeName]: copied.node, ...proof } });
    await createWorker(client, { host: other.host, mac: other.mac, annotations: { [ANNOTATIONS.expectedNodeName]: other.node } });
    // Whoever may annotate an enrolled host can change the node name it expects (a fresh review did):
    // the proof vouched for another name, so the CSR for the new one matches no host.
    await createWorker(client, { host: forged.host, mac: forged.mac, annotations: { [ANNOTATIONS.expectedNodeName]: forged.node } });
    const vouched = { [ANNOTATIONS.enrollmentProof]: enrollmentProof(await uidOf(forged.host), { expectedNodeName: 'auto-forged-as-enrolled' }) };
    await client.mergePatch(BareMetalHostKind, { name: forged.host, namespace: MACHINE_API_NAMESPACE, body: { metadata: { annotations: vouched } } });

    const clientCsr = (node: string) => waitFor(`the client CSR of ${node}`, () => csrFor(node, 'kubernetes.io/kube-apiserver-client-kubelet'), { timeoutMs: 150_000 });
    const enrolledClient = await clientCsr(enrolled.node);
    const leftToAPerson = [await clientCsr(copied.node), await clientCsr(other.node), await clientCsr(forged.node)];

    const first = await passesUntil(
      (seen) => approved(seen).includes(enrolledClient.metadata.name ?? '') && leftToAPerson.every((csr) => seen.skipped.some((s) => s.name === csr.metadata.name)),
    );
    expect(first.floodGuard).toBe(false);
    // None of their expected node names is vouched for: their CSRs match no provisioned host, so they fail a check.
    for (const csr of leftToAPerson) expect(first.skipped).toContainEqual({ name: csr.metadata.name, why: 'fails a check' });
    const [copiedClient, otherClient, forgedClient] = leftToAPerson as [Csr, Csr, Csr];

    const serving = await waitFor('the enrolled node’s serving CSR', () => csrFor(enrolled.node, 'kubernetes.io/kubelet-serving'), { timeoutMs: 60_000 });
    await waitFor('the new node in the inventory', async () => ((await hub.snapshot()).nodes.some((n) => n.name === enrolled.node) ? true : undefined));
    await passesUntil((seen) => approved(seen).includes(serving.metadata.name ?? ''));

    const host = await client.get<KubeObject>(BareMetalHostKind, enrolled.host, MACHINE_API_NAMESPACE);
    expect(host?.metadata.annotations?.[ANNOTATIONS.nodeName]).toBe(enrolled.node);
    for (const csr of [copiedClient, otherClient, forgedClient]) {
      const untouched = await client.get<Csr>(CertificateSigningRequestKind, csr.metadata.name ?? '');
      expect(untouched?.status?.conditions ?? [], `${csr.metadata.name} is left to a person`).toEqual([]);
    }
  });
});
