import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { DaemonSetKind, DeploymentKind, ProvisioningKind } from '@/lib/k8s/kinds';
import { MACHINE_API_NAMESPACE, PROVISIONING_NAME } from '@/lib/metal3/constants';
import { EXPECTED_WORKLOADS, type SetupStatus, type WorkloadStatus, provisioningManifest } from '@/lib/metal3/provisioning';
import { isClusterError } from './errors';
import { createObject, getOptional, listObjects } from './kube/objects';

const provisioningSchema = z.looseObject({
  spec: z.looseObject({ provisioningNetwork: z.string().optional(), watchAllNamespaces: z.boolean().optional() }).optional(),
});

const workloadSchema = z.looseObject({
  spec: z.looseObject({ replicas: z.number().optional() }).optional(),
  status: z
    .looseObject({
      readyReplicas: z.number().optional(),
      numberReady: z.number().optional(),
      desiredNumberScheduled: z.number().optional(),
    })
    .optional(),
});

async function readWorkload(kc: KubeConfig, workload: (typeof EXPECTED_WORKLOADS)[number]): Promise<WorkloadStatus> {
  const kind = workload.kind === 'Deployment' ? DeploymentKind : DaemonSetKind;
  const raw = await getOptional(kc, { kind, namespace: MACHINE_API_NAMESPACE, name: workload.name, schema: workloadSchema });
  if (!raw) return { ...workload, present: false, ready: 0, desired: 0 };
  const { spec, status } = raw;
  return workload.kind === 'Deployment'
    ? { ...workload, present: true, ready: status?.readyReplicas ?? 0, desired: spec?.replicas ?? 1 }
    : { ...workload, present: true, ready: status?.numberReady ?? 0, desired: status?.desiredNumberScheduled ?? 0 };
}

/** Is provisioning set up: the CRD, the CR and its network, and the metal3 workloads (SPEC §2). */
export async function readSetupStatus(kc: KubeConfig): Promise<SetupStatus> {
  const raw = await getOptional(kc, { kind: ProvisioningKind, name: PROVISIONING_NAME, schema: provisioningSchema });
  if (!raw) {
    // 404 for the object, or for the whole resource type: the collection tells them apart.
    const crdInstalled = await listObjects(kc, { kind: ProvisioningKind, schema: z.unknown() }).then(
      () => true,
      (error: unknown) => {
        if (isClusterError(error, 'NotFound')) return false;
        throw error;
      },
    );
    return { crdInstalled, provisioning: null, workloads: await Promise.all(EXPECTED_WORKLOADS.map((w) => readWorkload(kc, w))) };
  }
  const spec = raw.spec;
  return {
    crdInstalled: true,
    // An empty provisioningNetwork means Managed (SPEC §2).
    provisioning: { provisioningNetwork: spec?.provisioningNetwork || 'Managed', watchAllNamespaces: spec?.watchAllNamespaces ?? false },
    workloads: await Promise.all(EXPECTED_WORKLOADS.map((w) => readWorkload(kc, w))),
  };
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
