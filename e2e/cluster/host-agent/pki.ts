/** A booting host's key pair and its kubelet's PKCS#10 requests. */
import { webcrypto } from 'node:crypto';
import { EC_P256, createCertificateRequestPem } from '../../../lib/pki/certificate-request';
import * as x509 from '../../../lib/pki/x509';

export interface NodeKey {
  keys: CryptoKeyPair;
  /** PKCS#8 PEM, for authenticating with the issued certificate. */
  keyPem: string;
}

export async function generateNodeKey(): Promise<NodeKey> {
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { keys, keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** A kubelet's CSR: subject O=system:nodes, CN=system:node:<node>, with optional SANs. */
export function createNodeCsrPem(options: { key: NodeKey; nodeName: string; ips?: string[]; dnsNames?: string[] }): Promise<string> {
  return createCertificateRequestPem({
    keys: options.key.keys,
    commonName: `system:node:${options.nodeName}`,
    organizations: ['system:nodes'],
    dnsNames: options.dnsNames,
    ipAddresses: options.ips,
  });
}
