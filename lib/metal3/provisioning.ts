import { z } from '@/lib/zod';
import { apiVersionOf, ProvisioningKind } from '@/lib/k8s/kinds';
import { METAL3_DAEMONSETS, METAL3_DEPLOYMENTS, PROVISIONING_NAME } from './constants';

/** The Provisioning CR of the seed procedure: a UPI cluster supports only a disabled provisioning network. */
export function provisioningManifest() {
  return {
    apiVersion: apiVersionOf(ProvisioningKind),
    kind: ProvisioningKind.kind,
    metadata: { name: PROVISIONING_NAME },
    spec: { provisioningNetwork: 'Disabled', watchAllNamespaces: false },
  };
}

export const workloadStatusSchema = z.object({
  kind: z.enum(['Deployment', 'DaemonSet']),
  name: z.string(),
  present: z.boolean(),
  ready: z.number().int(),
  desired: z.number().int(),
});

export const setupStatusSchema = z.object({
  crdInstalled: z.boolean(),
  provisioning: z
    .object({ provisioningNetwork: z.string(), watchAllNamespaces: z.boolean() })
    .nullable(),
  workloads: z.array(workloadStatusSchema),
});

export type WorkloadStatus = z.infer<typeof workloadStatusSchema>;
export type SetupStatus = z.infer<typeof setupStatusSchema>;

export const EXPECTED_WORKLOADS: readonly Pick<WorkloadStatus, 'kind' | 'name'>[] = [
  ...METAL3_DEPLOYMENTS.map((name) => ({ kind: 'Deployment' as const, name })),
  ...METAL3_DAEMONSETS.map((name) => ({ kind: 'DaemonSet' as const, name })),
];

export const provisioningSchema = z.looseObject({
  spec: z.looseObject({ provisioningNetwork: z.string().optional(), watchAllNamespaces: z.boolean().optional() }).optional(),
});

/** A Deployment's or DaemonSet's name and the replica counts that say whether it is up. */
export const workloadSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  spec: z.looseObject({ replicas: z.number().optional() }).optional(),
  status: z
    .looseObject({
      readyReplicas: z.number().optional(),
      numberReady: z.number().optional(),
      desiredNumberScheduled: z.number().optional(),
    })
    .optional(),
});

/**
 * The setup's status (SPEC §2) from what was read: the CRD's presence, the Provisioning CR (or
 * none) and the Deployments and DaemonSets of openshift-machine-api.
 */
export function setupStatusOf(options: {
  crdInstalled: boolean;
  provisioning: z.infer<typeof provisioningSchema> | undefined;
  deployments: readonly z.infer<typeof workloadSchema>[];
  daemonSets: readonly z.infer<typeof workloadSchema>[];
}): SetupStatus {
  const spec = options.provisioning?.spec;
  return {
    crdInstalled: options.crdInstalled,
    // An empty provisioningNetwork means Managed (SPEC §2).
    provisioning: options.provisioning ? { provisioningNetwork: spec?.provisioningNetwork || 'Managed', watchAllNamespaces: spec?.watchAllNamespaces ?? false } : null,
    workloads: EXPECTED_WORKLOADS.map((workload) => {
      const found = (workload.kind === 'Deployment' ? options.deployments : options.daemonSets).find((w) => w.metadata.name === workload.name);
      if (!found) return { ...workload, present: false, ready: 0, desired: 0 };
      const { spec: wspec, status } = found;
      return workload.kind === 'Deployment'
        ? { ...workload, present: true, ready: status?.readyReplicas ?? 0, desired: wspec?.replicas ?? 1 }
        : { ...workload, present: true, ready: status?.numberReady ?? 0, desired: status?.desiredNumberScheduled ?? 0 };
    }),
  };
}

export function isWorkloadReady(workload: WorkloadStatus): boolean {
  return workload.present && workload.desired > 0 && workload.ready === workload.desired;
}

/** What stands between this cluster and scaling with BMO, in the order to fix it (SPEC §2). */
export function setupProblems(status: SetupStatus): string[] {
  if (!status.crdInstalled) return ['The Provisioning CRD (provisionings.metal3.io) is not installed.'];
  if (!status.provisioning) return [`The Provisioning CR ${PROVISIONING_NAME} does not exist.`];
  const problems: string[] = [];
  if (status.provisioning.provisioningNetwork !== 'Disabled') {
    problems.push(
      `provisioningNetwork is ${status.provisioning.provisioningNetwork}: scaling a user-provisioned cluster supports only Disabled.`,
    );
  }
  if (status.provisioning.watchAllNamespaces) problems.push('watchAllNamespaces is true: hosts are expected in openshift-machine-api only.');
  for (const workload of status.workloads) {
    if (!workload.present) problems.push(`${workload.kind} ${workload.name} does not exist yet.`);
    else if (!isWorkloadReady(workload)) problems.push(`${workload.kind} ${workload.name} is not ready (${workload.ready}/${workload.desired}).`);
  }
  return problems;
}
