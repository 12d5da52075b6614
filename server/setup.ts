import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { DaemonSetKind, DeploymentKind, ProvisioningKind } from '@/lib/k8s/kinds';
import { MACHINE_API_NAMESPACE, PROVISIONING_NAME } from '@/lib/metal3/constants';
import { type SetupStatus, provisioningManifest, provisioningSchema, setupStatusOf, workloadSchema } from '@/lib/metal3/provisioning';
import { isClusterError } from './errors';
import { createObject, getOptional, listObjects } from './kube/objects';

/** Is provisioning set up: the CRD, the CR and its network, and the metal3 workloads (SPEC §2). */
export async function readSetupStatus(kc: KubeConfig): Promise<SetupStatus> {
  const [provisioning, deployments, daemonSets] = await Promise.all([
    getOptional(kc, { kind: ProvisioningKind, name: PROVISIONING_NAME, schema: provisioningSchema }),
    listObjects(kc, { kind: DeploymentKind, namespace: MACHINE_API_NAMESPACE, schema: workloadSchema }),
    listObjects(kc, { kind: DaemonSetKind, namespace: MACHINE_API_NAMESPACE, schema: workloadSchema }),
  ]);
  // 404 for the object, or for the whole resource type: the collection tells them apart.
  const crdInstalled =
    provisioning !== undefined ||
    (await listObjects(kc, { kind: ProvisioningKind, schema: z.unknown() }).then(
      () => true,
      (error: unknown) => {
        if (isClusterError(error, 'NotFound')) return false;
        throw error;
      },
    ));
  return setupStatusOf({ crdInstalled, provisioning, deployments: deployments.items, daemonSets: daemonSets.items });
}

/**
 * createProvisioning: the seed procedure's `oc create -f provisioning.yaml`. An existing CR is left
 * alone and reported as it is (AlreadyExists is settled by reading it).
 */
export async function createProvisioning(kc: KubeConfig): Promise<{ created: boolean }> {
  try {
    await createObject(kc, { kind: ProvisioningKind, manifest: provisioningManifest(), context: 'create the Provisioning CR' });
    return { created: true };
  } catch (error) {
    if (isClusterError(error, 'AlreadyExists')) return { created: false };
    throw error;
  }
}
