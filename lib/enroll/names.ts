import type { EnrollmentKind } from './schema';

/** The names of the Secrets an enrollment creates, made from the host name (the seed's bmh.yaml). */
export const bmcSecretName = (hostName: string) => `${hostName}-bmc-secret`;
export const networkSecretName = (hostName: string) => `${hostName}-network-config-secret`;

/** Whether an enrollment makes a network Secret: a static network with its config (lib/enroll/manifests.ts). */
export const makesNetworkSecret = (enrollment: { kind: EnrollmentKind; networkConfig?: string }) => enrollment.kind === 'static' && Boolean(enrollment.networkConfig);

/** The Secrets an enrollment makes: the network Secret (static network with its config), then the BMC Secret. */
export function enrollmentSecretNames(enrollment: { kind: EnrollmentKind; name: string; networkConfig?: string }): string[] {
  return [...(makesNetworkSecret(enrollment) ? [networkSecretName(enrollment.name)] : []), bmcSecretName(enrollment.name)];
}
