/**
 * Plays what a freshly installed RHCOS host does once BMO has provisioned it: its kubelet
 * bootstraps with the node-bootstrapper's token, waits for its client CSR to be approved, then
 * registers its Node with the issued certificate and asks for a serving certificate.
 */
import type * as k8s from '@kubernetes/client-node';
import { CertificateSigningRequestKind, NodeKind, SecretKind } from '../../../lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE, NODE_BOOTSTRAPPER } from '../../../lib/metal3/constants';
import { nmstateAddresses } from '../../../lib/nmstate/addresses';
import { serviceAccountToken } from '../identities';
import { type KubeObject, ObjectClient, certKubeConfig, isStatus, tokenKubeConfig } from '../kube';
import { KWOK_NODE_LABEL, KWOK_NODE_LABEL_VALUE, nodeManifest } from './node';
import { type NodeKey, createNodeCsrPem, generateNodeKey } from './pki';

export type HostObject = KubeObject & {
  spec?: { externallyProvisioned?: boolean; preprovisioningNetworkDataName?: string };
  status?: { provisioning?: { state?: string } };
};
export type NodeObject = KubeObject & { status?: { addresses?: { type: string; address: string }[] } };
export type CsrObject = KubeObject & {
  status?: { certificate?: string; conditions?: { type: string; status: string }[] };
};

/** In these states the host's OS is being wiped or powered off: its kubelet stops. */
const KUBELET_STOPPED_STATES = new Set(['deprovisioning', 'powering off before delete', 'deleting']);

const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
const SERVING_SIGNER = 'kubernetes.io/kubelet-serving';

/** Addresses handed to DHCP hosts; a real DHCP server would pick one free on the network. */
const DHCP_POOL = { prefix: '192.168.111.', first: 100, last: 199 };

/** A client CSR this agent created and its watch has not shown after this long was deleted. */
const CSR_SEEN_WITHIN_MS = 15_000;

type Boot =
  | { phase: 'booting'; nodeName: string; readyAt: number }
  | { phase: 'client-csr'; nodeName: string; key: NodeKey; csrName: string; ip: string; createdAt: number }
  | { phase: 'joined'; nodeName: string }
  | { phase: 'failed'; nodeName: string; reason: string };

export interface ClusterView {
  node(name: string): NodeObject | undefined;
  nodes(): readonly NodeObject[];
  csr(name: string): CsrObject | undefined;
}

export function expectedNodeName(host: HostObject): string {
  return host.metadata.annotations?.[ANNOTATIONS.expectedNodeName] ?? host.metadata.name ?? '';
}

export class KubeletSimulator {
  private readonly boots = new Map<string, Boot>();
  private readonly busy = new Set<string>();
  private readonly dhcpLeases = new Map<string, string>();
  private readonly admin: ObjectClient;

  constructor(
    private readonly kc: k8s.KubeConfig,
    private readonly options: { bootDelayMs: number; log: (message: string) => void },
  ) {
    this.admin = new ObjectClient(kc);
  }

  /** Moves one host's simulated kubelet one step; called after every change and on a timer. */
  reconcileHost(host: HostObject, view: ClusterView): void {
    const hostName = host.metadata.name ?? '';
    if (host.spec?.externallyProvisioned || this.busy.has(hostName)) return;
    const state = host.status?.provisioning?.state ?? '';
    const nodeName = expectedNodeName(host);

    if (KUBELET_STOPPED_STATES.has(state) || host.metadata.deletionTimestamp) {
      this.boots.delete(hostName);
      this.dhcpLeases.delete(hostName);
      this.run(hostName, () => this.setKubeletRunning(view.node(nodeName), false));
      return;
    }
    if (state !== 'provisioned') return;

    const node = view.node(nodeName);
    if (node) {
      this.boots.set(hostName, { phase: 'joined', nodeName });
      this.run(hostName, () => this.setKubeletRunning(node, true));
      return;
    }

    const boot = this.boots.get(hostName);
    if (!boot || boot.phase === 'joined') {
      this.boots.set(hostName, { phase: 'booting', nodeName, readyAt: Date.now() + this.options.bootDelayMs });
      return;
    }
    if (boot.phase === 'booting' && Date.now() >= boot.readyAt) {
      this.run(hostName, () => this.requestClientCertificate(host, nodeName, view));
      return;
    }
    if (boot.phase === 'client-csr') {
      const csr = view.csr(boot.csrName);
      if (!csr) {
        // Not in the watch cache yet (it was just created): wait. Gone for longer, someone deleted
        // it: a real kubelet would ask again. Asking at once filed two requests for one node.
        if (Date.now() - boot.createdAt > CSR_SEEN_WITHIN_MS) this.boots.set(hostName, { phase: 'booting', nodeName, readyAt: Date.now() });
        return;
      }
      if (csr.status?.conditions?.some((c) => c.type === 'Denied' || c.type === 'Failed')) {
        this.boots.set(hostName, { phase: 'failed', nodeName, reason: `client CSR ${boot.csrName} was denied` });
        this.options.log(`${hostName}: client CSR ${boot.csrName} denied; the kubelet gives up`);
        return;
      }
      const certificate = csr.status?.certificate;
      if (certificate) this.run(hostName, () => this.register(hostName, boot, certificate));
    }
  }

  /** The host's BareMetalHost is gone: its kubelet stops. */
  hostDeleted(host: HostObject, view: ClusterView): void {
    const hostName = host.metadata.name ?? '';
    this.boots.delete(hostName);
    this.dhcpLeases.delete(hostName);
    this.run(hostName, () => this.setKubeletRunning(view.node(expectedNodeName(host)), false));
  }

  private run(hostName: string, step: () => Promise<void>): void {
    this.busy.add(hostName);
    step()
      .catch((error: unknown) => this.options.log(`${hostName}: ${(error as Error).message}`))
      .finally(() => this.busy.delete(hostName));
  }

  private async setKubeletRunning(node: NodeObject | undefined, running: boolean): Promise<void> {
    if (!node?.metadata.name) return;
    const has = node.metadata.labels?.[KWOK_NODE_LABEL] === KWOK_NODE_LABEL_VALUE;
    if (has === running) return;
    const path = `/metadata/labels/${KWOK_NODE_LABEL.replace('/', '~1')}`;
    const ops = running
      ? [
          ...(node.metadata.labels ? [] : [{ op: 'add', path: '/metadata/labels', value: {} }]),
          { op: 'add', path, value: KWOK_NODE_LABEL_VALUE },
        ]
      : [{ op: 'remove', path }];
    await this.admin.jsonPatch(NodeKind, { name: node.metadata.name, ops });
    this.options.log(`node ${node.metadata.name}: kubelet ${running ? 'started' : 'stopped'}`);
  }

  /** Step 1: as the node-bootstrapper ServiceAccount, ask for a client certificate. */
  private async requestClientCertificate(host: HostObject, nodeName: string, view: ClusterView): Promise<void> {
    const hostName = host.metadata.name ?? '';
    const ip = await this.addressOf(host, view);
    const key = await generateNodeKey();
    const request = await createNodeCsrPem({ key, nodeName });
    const bootstrapper = tokenKubeConfig(this.kc, await serviceAccountToken(this.kc, NODE_BOOTSTRAPPER), 'node-bootstrapper');
    const csr = await new ObjectClient(bootstrapper).create<CsrObject>(CertificateSigningRequestKind, {
      metadata: { generateName: 'csr-' },
      spec: {
        request: Buffer.from(request).toString('base64'),
        signerName: CLIENT_SIGNER,
        usages: ['digital signature', 'client auth'],
      },
    });
    const csrName = csr.metadata.name ?? '';
    this.boots.set(hostName, { phase: 'client-csr', nodeName, key, csrName, ip, createdAt: Date.now() });
    this.options.log(`${hostName}: client CSR ${csrName} created for node ${nodeName}`);
  }

  /** Steps 2–3: with the issued certificate, register the Node and ask for a serving certificate. */
  private async register(hostName: string, boot: Extract<Boot, { phase: 'client-csr' }>, certificateB64: string): Promise<void> {
    const certPem = Buffer.from(certificateB64, 'base64').toString('utf8');
    const asNode = new ObjectClient(
      certKubeConfig(this.kc, { certPem, keyPem: boot.key.keyPem, user: `system:node:${boot.nodeName}` }),
    );
    try {
      await asNode.create(NodeKind, nodeManifest({ name: boot.nodeName, ip: boot.ip, roles: ['worker'] }));
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    const serving = await createNodeCsrPem({ key: boot.key, nodeName: boot.nodeName, ips: [boot.ip], dnsNames: [boot.nodeName] });
    const csr = await asNode.create<CsrObject>(CertificateSigningRequestKind, {
      metadata: { generateName: 'csr-' },
      spec: {
        request: Buffer.from(serving).toString('base64'),
        signerName: SERVING_SIGNER,
        usages: ['digital signature', 'server auth'],
      },
    });
    this.boots.set(hostName, { phase: 'joined', nodeName: boot.nodeName });
    this.options.log(`${hostName}: node ${boot.nodeName} registered at ${boot.ip}; serving CSR ${csr.metadata.name}`);
  }

  /** The host's static IP from its NMState Secret, else a free address of the DHCP pool. */
  private async addressOf(host: HostObject, view: ClusterView): Promise<string> {
    const secretName = host.spec?.preprovisioningNetworkDataName;
    if (secretName) {
      const secret = await this.admin.get<KubeObject & { data?: Record<string, string> }>(SecretKind, secretName, MACHINE_API_NAMESPACE);
      const nmstate = secret?.data?.nmstate;
      if (nmstate) {
        const [ip] = nmstateAddresses(Buffer.from(nmstate, 'base64').toString('utf8'));
        if (ip) return ip;
      }
    }
    const hostName = host.metadata.name ?? '';
    const leased = this.dhcpLeases.get(hostName);
    if (leased) return leased;
    const used = new Set([
      ...this.dhcpLeases.values(),
      ...view.nodes().flatMap((n) => (n.status?.addresses ?? []).map((a) => a.address)),
    ]);
    for (let i = DHCP_POOL.first; i <= DHCP_POOL.last; i++) {
      const ip = `${DHCP_POOL.prefix}${i}`;
      if (!used.has(ip)) {
        this.dhcpLeases.set(hostName, ip);
        return ip;
      }
    }
    throw new Error('the DHCP pool is exhausted');
  }
}
