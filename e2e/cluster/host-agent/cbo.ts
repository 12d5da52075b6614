/**
 * The visible part of cluster-baremetal-operator: while the Provisioning CR exists, the metal3
 * workloads run in openshift-machine-api (kwok runs their pods); without it, they are removed.
 */
import type * as k8s from '@kubernetes/client-node';
import { DaemonSetKind, DeploymentKind } from '../../../lib/k8s/kinds';
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

export class ProvisioningStandIn {
  private readonly client: ObjectClient;
  private applied: boolean | undefined;
  private running = false;

  constructor(
    kc: k8s.KubeConfig,
    private readonly log: (message: string) => void,
  ) {
    this.client = new ObjectClient(kc);
  }

  reconcile(provisionings: readonly KubeObject[]): void {
    const wanted = provisionings.some((p) => p.metadata.name === PROVISIONING_NAME && !p.metadata.deletionTimestamp);
    if (this.running || wanted === this.applied) return;
    this.running = true;
    (wanted ? this.apply() : this.remove())
      .then(() => {
        this.applied = wanted;
      })
      .catch((error: unknown) => this.log(`provisioning workloads: ${(error as Error).message}`))
      .finally(() => {
        this.running = false;
      });
  }

  private async apply(): Promise<void> {
    for (const name of METAL3_DEPLOYMENTS) {
      await this.client.ensure(DeploymentKind, {
        metadata: { name, namespace: MACHINE_API_NAMESPACE, labels: MANAGED_BY },
        spec: { replicas: 1, selector: { matchLabels: { 'k8s-app': name } }, template: podTemplate(name) },
      });
    }
    for (const name of METAL3_DAEMONSETS) {
      await this.client.ensure(DaemonSetKind, {
        metadata: { name, namespace: MACHINE_API_NAMESPACE, labels: MANAGED_BY },
        spec: {
          selector: { matchLabels: { 'k8s-app': name } },
          template: podTemplate(name, { 'node-role.kubernetes.io/master': '' }),
        },
      });
    }
    this.log('Provisioning CR present: metal3 workloads applied');
  }

  private async remove(): Promise<void> {
    for (const name of METAL3_DEPLOYMENTS) await this.client.delete(DeploymentKind, name, MACHINE_API_NAMESPACE);
    for (const name of METAL3_DAEMONSETS) await this.client.delete(DaemonSetKind, name, MACHINE_API_NAMESPACE);
    this.log('Provisioning CR absent: metal3 workloads removed');
  }
}
