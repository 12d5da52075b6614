/**
 * CSR checks and decisions against the local cluster: forged CSRs made with real identities are
 * flagged, and approval follows kubectl's semantics through the approval subresource.
 */
import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAccountToken, serviceAccountWithRole } from '@/e2e/cluster/identities';
import { type KubeObject, ObjectClient, adminKubeConfig, tokenKubeConfig } from '@/e2e/cluster/kube';
import { CertificateSigningRequestKind, EventKind } from '@/lib/k8s/kinds';
import { NODE_BOOTSTRAPPER } from '@/lib/metal3/constants';
import { EC_P256, createCertificateRequestPem } from '@/lib/pki/certificate-request';
import { decideCsr, listCsrs } from './csr';
import { Refusal } from './errors';
import { InventoryHub } from './watch/inventory-hub';

const admin = adminKubeConfig();

/**
 * The messages of the console's Events of a CSR decision (namespace default, where Events on
 * cluster-scoped objects go) recorded while `decide` ran: an earlier run's Events on the same names
 * are left out.
 */
async function decisionEvents(reason: 'ConsoleCSRApprove' | 'ConsoleCSRDeny', involved: { kind: string; name: string }, decide: () => Promise<unknown>): Promise<string[]> {
  const list = () =>
    adminClient.list<KubeObject & { message?: string }>(EventKind, { namespace: 'default', fieldSelector: `involvedObject.kind=${involved.kind},involvedObject.name=${involved.name},reason=${reason}` });
  const before = new Set((await list()).map((e) => e.metadata.name));
  await decide();
  return (await list()).filter((e) => !before.has(e.metadata.name)).map((e) => e.message ?? '');
}
const adminClient = new ObjectClient(admin);
const hub = new InventoryHub(admin);
const created: string[] = [];
let keys: CryptoKeyPair;
let bootstrapper: ObjectClient;
/** May create CSRs and nothing more (kube-controller-manager auto-approves an admin's kubelet client CSRs). */
let forger: ObjectClient;

async function submit(client: ObjectClient, options: { name: string; signerName: string; usages: string[]; commonName: string; organizations?: string[]; ipAddresses?: string[] }) {
  const pem = await createCertificateRequestPem({ keys, commonName: options.commonName, organizations: options.organizations ?? ['system:nodes'], ipAddresses: options.ipAddresses });
  await client.create(CertificateSigningRequestKind, {
    metadata: { name: options.name },
    spec: { request: Buffer.from(pem).toString('base64'), signerName: options.signerName, usages: options.usages },
  });
  created.push(options.name);
}

beforeAll(async () => {
  keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  bootstrapper = new ObjectClient(tokenKubeConfig(admin, await serviceAccountToken(admin, NODE_BOOTSTRAPPER)));
  const forgerToken = await serviceAccountWithRole(adminClient, {
    namespace: 'default',
    name: 'csr-forger',
    rules: [{ apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['create', 'get'] }],
  });
  forger = new ObjectClient(tokenKubeConfig(admin, forgerToken));
  const client = ['digital signature', 'client auth'];
  await submit(adminClient, { name: 'forged-signer', signerName: 'kubernetes.io/kube-apiserver-client', usages: client, commonName: 'system:node:forged-1' });
  await submit(bootstrapper, { name: 'forged-organization', signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: client, commonName: 'system:node:forged-2', organizations: ['system:masters'] });
  await submit(forger, { name: 'forged-requestor', signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: client, commonName: 'system:node:forged-3' });
  await submit(bootstrapper, { name: 'forged-existing-node', signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: client, commonName: 'system:node:app1' });
  // Two requests for one node from the bootstrap token's holders: only one can be the host's.
  for (const name of ['twice-a', 'twice-b']) await submit(bootstrapper, { name, signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: client, commonName: 'system:node:it-twice' });
  await submit(forger, {
    name: 'forged-serving-san',
    signerName: 'kubernetes.io/kubelet-serving',
    usages: ['digital signature', 'server auth'],
    commonName: 'system:node:app1',
    ipAddresses: ['10.66.66.66'],
  });
});

afterAll(async () => {
  hub.stop();
  for (const name of created) await adminClient.delete(CertificateSigningRequestKind, name);
});

describe('forged CSRs', () => {
  it.each([
    ['forged-signer', ['signer']],
    ['forged-organization', ['subject', 'host']],
    ['forged-requestor', ['requestor', 'groups', 'host']],
    ['forged-existing-node', ['node-absent', 'host']],
  ])('%s is flagged by exactly its failing checks', async (name, failing) => {
    const csr = (await listCsrs(hub)).find((c) => c.name === name);
    const kind = name === 'forged-signer' ? 'other' : 'client';
    expect(csr?.assessment.kind).toBe(kind);
    expect(csr?.assessment.checks.filter((c) => !c.pass).map((c) => c.id)).toEqual(failing);
  });

  it('two client CSRs for one node each fail, naming the other: neither passes for "Approve all that pass"', async () => {
    const views = (await listCsrs(hub)).filter((c) => c.name === 'twice-a' || c.name === 'twice-b');
    expect(views.map((c) => [c.name, c.assessment.checks.find((check) => check.id === 'only-request')?.detail]).sort()).toEqual([
      ['twice-a', "twice-b (pending) also asks for node it-twice: only one can be the host's; deny the others"],
      ['twice-b', "twice-a (pending) also asks for node it-twice: only one can be the host's; deny the others"],
    ]);
    expect(views.every((c) => !c.assessment.passes)).toBe(true);
  });

  it('a serving CSR for an address that is not the node’s is flagged', async () => {
    const csr = (await listCsrs(hub)).find((c) => c.name === 'forged-serving-san');
    const failing = csr?.assessment.checks.filter((c) => !c.pass).map((c) => c.id);
    expect(failing).toContain('sans-of-node');
    expect(csr?.assessment.checks.find((c) => c.id === 'sans-of-node')?.detail).toBe("not the node's: 10.66.66.66");
  });

  it('is not approved without the typed confirmation', async () => {
    const refusal = await decideCsr(admin, { name: 'forged-requestor', decision: 'approve', decidedBy: 'kwok-admin', hub }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Refusal);
    expect((refusal as Refusal).status).toBe(422);
    expect((refusal as Refusal).userMessage).toMatch(/^CSR forged-requestor fails "Requested by the node-bootstrapper ServiceAccount"/);
  });
});

describe('decisions', () => {
  it('approving twice adds one Approved condition and one Event naming the user', async () => {
    const outcomes: string[] = [];
    // A CSR for no node kubelets use: the Event goes on the CSR itself.
    const events = await decisionEvents('ConsoleCSRApprove', { kind: 'CertificateSigningRequest', name: 'forged-signer' }, async () => {
      for (let i = 0; i < 2; i++) outcomes.push((await decideCsr(admin, { name: 'forged-signer', decision: 'approve', confirm: 'forged-signer', decidedBy: 'kwok-admin', hub })).outcome);
    });
    expect(outcomes).toEqual(['approved', 'already approved']);
    expect(events).toEqual(['kwok-admin — Approve CSR: done. CSR forged-signer approved.']);
    const csr = await adminClient.get<KubeObject & { status?: { conditions?: { type: string; reason?: string; message?: string }[] } }>(CertificateSigningRequestKind, 'forged-signer');
    const approvals = csr?.status?.conditions?.filter((c) => c.type === 'Approved') ?? [];
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ reason: 'BareMetalConsoleApprove', message: expect.stringMatching(/^Approved by kwok-admin with the Bare Metal Console; checks at the decision: /) });
  });

  it('a denied CSR cannot be approved; the denial is an Event naming the user, on the node the CSR is for', async () => {
    const events = await decisionEvents('ConsoleCSRDeny', { kind: 'Node', name: 'forged-2' }, async () => {
      expect((await decideCsr(admin, { name: 'forged-organization', decision: 'deny', decidedBy: 'kwok-admin', hub })).outcome).toBe('denied');
    });
    expect(events).toEqual(['kwok-admin — Deny CSR: done. CSR forged-organization denied for node forged-2.']);
    const refusal = await decideCsr(admin, { name: 'forged-organization', decision: 'approve', confirm: 'forged-organization', decidedBy: 'kwok-admin', hub }).catch((e: unknown) => e);
    expect((refusal as Refusal).userMessage).toBe('CSR forged-organization is already denied; it cannot be approved.');
  });
});
