/**
 * The host agent (TESTBED.md): plays the booted hosts' kubelet bootstrap and
 * cluster-baremetal-operator's visible part. Run by the test bed with its admin kubeconfig.
 */
import { BareMetalHostKind, CertificateSigningRequestKind, DaemonSetKind, DeploymentKind, NodeKind, ProvisioningKind, resourcePath } from '../../../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../../../lib/metal3/constants';
import { type KubeObject, adminKubeConfig } from '../kube';
import { ProvisioningStandIn, type WorkloadView } from './cbo';
import { type ClusterView, type CsrObject, type HostObject, KubeletSimulator, type NodeObject } from './kubelet';
import { WatchCache } from './watch-cache';

const log = (message: string) => process.stdout.write(`${new Date().toISOString()} ${message}\n`);

const kc = adminKubeConfig();
const kubelets = new KubeletSimulator(kc, { bootDelayMs: Number(process.env.HOST_AGENT_BOOT_DELAY_MS ?? 2000), log });
const standIn = new ProvisioningStandIn(kc, log);

let scheduled = false;
function scheduleReconcile(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    reconcile();
  }, 50);
}

const hosts = new WatchCache<HostObject>(kc, resourcePath(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE }), {
  onChange: scheduleReconcile,
  onDelete: (host) => kubelets.hostDeleted(host, view),
});
const nodes = new WatchCache<NodeObject>(kc, resourcePath(NodeKind), { onChange: scheduleReconcile });
const csrs = new WatchCache<CsrObject>(kc, resourcePath(CertificateSigningRequestKind), { onChange: scheduleReconcile });
const provisionings = new WatchCache<KubeObject>(kc, resourcePath(ProvisioningKind), { onChange: scheduleReconcile });
const deployments = new WatchCache<KubeObject>(kc, resourcePath(DeploymentKind, { namespace: MACHINE_API_NAMESPACE }), { onChange: scheduleReconcile });
const daemonSets = new WatchCache<KubeObject>(kc, resourcePath(DaemonSetKind, { namespace: MACHINE_API_NAMESPACE }), { onChange: scheduleReconcile });
const caches = [hosts, nodes, csrs, provisionings, deployments, daemonSets];

/** A workload counts as present until it is gone; one being deleted is not replaced early. */
const workloads: WorkloadView = {
  has: (kind, name) => (kind.kind === DaemonSetKind.kind ? daemonSets : deployments).get(name, MACHINE_API_NAMESPACE) !== undefined,
};

const view: ClusterView = {
  node: (name) => nodes.get(name),
  nodes: () => nodes.items(),
  csr: (name) => csrs.get(name),
};

function reconcile(): void {
  for (const host of hosts.items()) kubelets.reconcileHost(host, view);
  standIn.reconcile(provisionings.items(), workloads);
}

async function main(): Promise<void> {
  await Promise.all(caches.map((cache) => cache.start()));
  log('host agent watching BareMetalHosts, Nodes, CSRs and Provisionings');
  reconcile();
  // Boot delays expire without an event; look again every second.
  const timer = setInterval(reconcile, 1000);
  const stop = () => {
    clearInterval(timer);
    void Promise.all(caches.map((cache) => cache.stop())).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  log(`host agent failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
