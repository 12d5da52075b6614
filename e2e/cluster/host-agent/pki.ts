/** A booting host's key pair and PKCS#10 requests, made with a maintained x509 library. */
import { webcrypto } from 'node:crypto';
import * as x509 from '../../../lib/pki/x509';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface NodeKey {
  keys: CryptoKeyPair;
  /** PKCS#8 PEM, for authenticating with the issued certificate. */
  keyPem: string;
}

export async function generateNodeKey(): Promise<NodeKey> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { keys, keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** A kubelet's CSR: subject O=system:nodes, CN=system:node:<node>, with optional SANs. */
export async function createNodeCsrPem(options: {
  key: NodeKey;
  nodeName: string;
  ips?: string[];
  dnsNames?: string[];
}): Promise<string> {
  const sans: x509.JsonGeneralName[] = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ O: ['system:nodes'] }, { CN: [`system:node:${options.nodeName}`] }],
    keys: options.key.keys,
    signingAlgorithm: ALGORITHM,
    extensions: sans.length > 0 ? [new x509.SubjectAlternativeNameExtension(sans)] : [],
  });
  return csr.toString('pem');
}
