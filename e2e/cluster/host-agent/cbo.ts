/**
 * The visible part of cluster-baremetal-operator: while the Provisioning CR exists, the metal3
 * workloads run in openshift-machine-api (kwok runs their pods); without it, they are removed.
 * Like the real operator it reconciles from what the cluster holds, not from what it last did:
 * a workload that disappears while the CR exists is created again.
 */
import type * as k8s from '@kubernetes/client-node';
import { DaemonSetKind, DeploymentKind, type KindRef } from '../../../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE, METAL3_DAEMONSETS, METAL3_DEPLOYMENTS, PROVISIONING_NAME } from '../../../lib/metal3/constants';
import { type KubeObject, ObjectClient } from '../kube';

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cluster-baremetal-operator' };

function podTemplate(name: string, nodeSelector?: Record<string, string>) {
  return {
    metadata: { labels: { 'k8s-app': name, ...MANAGED_BY } },
    spec: {
      ...(nodeSelector ? { nodeSelector } : {}),
      containers: [{ name, image: `quay.io/openshift-release-dev/${name}:latest` }],
    },
  };
}

const WORKLOADS: { kind: KindRef; name: string; manifest: () => KubeObject }[] = [
  ...METAL3_DEPLOYMENTS.map((name) => ({
    kind: DeploymentKind,
    name,
    manifest: (): KubeObject => ({
      metadata: { name, namespace: MACHINE_API_NAMESPACE, labels: MANAGED_BY },
      spec: { replicas: 1, selector: { matchLabels: { 'k8s-app': name } }, template: podTemplate(name) },
    }),
  })),
  ...METAL3_DAEMONSETS.map((name) => ({
    kind: DaemonSetKind,
    name,
    manifest: (): KubeObject => ({
      metadata: { name, namespace: MACHINE_API_NAMESPACE, labels: MANAGED_BY },
      spec: { selector: { matchLabels: { 'k8s-app': name } }, template: podTemplate(name, { 'node-role.kubernetes.io/master': '' }) },
    }),
  })),
];

/** The workloads the stand-in manages that exist now, from the agent's watch caches. */
export interface WorkloadView {
  has(kind: KindRef, name: string): boolean;
}

export class ProvisioningStandIn {
  private readonly client: ObjectClient;
  private running = false;

  constructor(
    kc: k8s.KubeConfig,
    private readonly log: (message: string) => void,
  ) {
    this.client = new ObjectClient(kc);
  }

  reconcile(provisionings: readonly KubeObject[], workloads: WorkloadView): void {
    if (this.running) return;
    const wanted = provisionings.some((p) => p.metadata.name === PROVISIONING_NAME && !p.metadata.deletionTimestamp);
    const changes = WORKLOADS.filter((w) => workloads.has(w.kind, w.name) !== wanted);
    if (changes.length === 0) return;
    this.running = true;
    Promise.all(
      changes.map((w) => (wanted ? this.client.ensure(w.kind, w.manifest()) : this.client.delete(w.kind, w.name, MACHINE_API_NAMESPACE))),
    )
      .then(() => this.log(`Provisioning CR ${wanted ? 'present' : 'absent'}: ${wanted ? 'created' : 'removed'} ${changes.map((w) => w.name).join(', ')}`))
      .catch((error: unknown) => this.log(`provisioning workloads: ${(error as Error).message}`))
      .finally(() => {
        this.running = false;
      });
  }
}
