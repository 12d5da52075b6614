import { stringify } from 'yaml';
import { BareMetalHostKind, type KindRef, SecretKind } from '@/lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { bmcSecretName, makesNetworkSecret, networkSecretName } from './names';
import { type HostEnrollment, defaultUserDataSecret } from './schema';

/**
 * The objects an enrollment creates, exactly as the seed's bmh.yaml / controller.yaml write them
 * (SPEC §3): the network Secret (static only), the BMC Secret, then the BareMetalHost. Secrets
 * come first so the host never points at something missing.
 */

export interface EnrollmentObject {
  kind: KindRef;
  name: string;
  manifest: Record<string, unknown>;
}

/** "Secret openshift-worker-3-bmc-secret", as the user reads it in outcomes and errors. */
export const objectLabel = (object: Pick<EnrollmentObject, 'kind' | 'name'>) => `${object.kind.kind} ${object.name}`;

/** Shown instead of the password wherever a manifest leaves the server. */
export const PASSWORD_PLACEHOLDER = '<bmc-password>';

export { bmcSecretName, networkSecretName };

export function enrollmentObjects(
  enrollment: HostEnrollment,
  options: { operationId: string; enrolledBy: string; maskPassword?: boolean },
): EnrollmentObject[] {
  const namespace = MACHINE_API_NAMESPACE;
  // Every object carries the submission's operation id: a retry recognises what it made.
  const metadata = (name: string, extra: Record<string, string> = {}) => ({
    name,
    namespace,
    annotations: { [ANNOTATIONS.operationId]: options.operationId, ...extra },
  });
  const objects: EnrollmentObject[] = [];

  if (makesNetworkSecret(enrollment) && enrollment.networkConfig) {
    const name = networkSecretName(enrollment.name);
    objects.push({
      kind: SecretKind,
      name,
      manifest: { apiVersion: 'v1', kind: 'Secret', metadata: metadata(name), type: 'Opaque', stringData: { nmstate: enrollment.networkConfig } },
    });
  }

  const bmcName = bmcSecretName(enrollment.name);
  // No ownerReferences: BMO adopts the BMC Secret itself (SPEC §3).
  objects.push({
    kind: SecretKind,
    name: bmcName,
    manifest: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: metadata(bmcName),
      type: 'Opaque',
      stringData: { username: enrollment.bmc.username, password: options.maskPassword ? PASSWORD_PLACEHOLDER : enrollment.bmc.password },
    },
  });

  const existing = enrollment.kind === 'existing';
  objects.push({
    kind: BareMetalHostKind,
    name: enrollment.name,
    manifest: {
      apiVersion: 'metal3.io/v1alpha1',
      kind: 'BareMetalHost',
      metadata: metadata(enrollment.name, {
        [ANNOTATIONS.enrolledBy]: options.enrolledBy,
        ...(enrollment.expectedNodeName ? { [ANNOTATIONS.expectedNodeName]: enrollment.expectedNodeName } : {}),
      }),
      spec: {
        online: true,
        ...(enrollment.bootMACAddress ? { bootMACAddress: enrollment.bootMACAddress } : {}),
        bmc: { address: enrollment.bmc.address.trim(), credentialsName: bmcName, disableCertificateVerification: enrollment.bmc.disableCertificateVerification },
        customDeploy: { method: enrollment.customDeployMethod },
        // SPEC §3: only a host that already runs is externally provisioned, never a new worker.
        ...(existing ? { externallyProvisioned: true } : {}),
        userData: { name: enrollment.userDataSecret ?? defaultUserDataSecret({ kind: enrollment.kind, controlPlane: false }), namespace },
        bootMode: enrollment.bootMode,
        ...(enrollment.rootDeviceHints && Object.keys(enrollment.rootDeviceHints).length > 0 ? { rootDeviceHints: enrollment.rootDeviceHints } : {}),
        ...(enrollment.kind === 'static' ? { preprovisioningNetworkDataName: networkSecretName(enrollment.name) } : {}),
      },
    },
  });
  return objects;
}

/** The objects as one multi-document YAML file, password always masked (the review and `bmh.yaml`). */
export function enrollmentYaml(enrollment: HostEnrollment, options: { operationId: string; enrolledBy: string }): string {
  return enrollmentObjects(enrollment, { ...options, maskPassword: true })
    .map((object) => `---\n${stringify(object.manifest)}`)
    .join('');
}

/** What the user would run instead of the console. */
export const OC_CREATE_COMMAND = 'oc create -f bmh.yaml';
