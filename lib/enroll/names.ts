import type { EnrollmentKind } from './schema';

/** The names of the Secrets an enrollment creates, made from the host name (the seed's bmh.yaml). */
export const bmcSecretName = (hostName: string) => `${hostName}-bmc-secret`;
export const networkSecretName = (hostName: string) => `${hostName}-network-config-secret`;

/** The Secrets a host of this kind gets: the network Secret (static network only), then the BMC Secret. */
export function enrollmentSecretNames(options: { kind: EnrollmentKind; name: string }): string[] {
  return [...(options.kind === 'static' ? [networkSecretName(options.name)] : []), bmcSecretName(options.name)];
}
