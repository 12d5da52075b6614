import * as x509 from './x509';

export const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A PKCS#10 request (PEM) for the given subject and SANs, signed with `keys` (WebCrypto). */
export async function createCertificateRequestPem(options: {
  keys: CryptoKeyPair;
  commonName: string;
  organizations: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
}): Promise<string> {
  const sans: x509.JsonGeneralName[] = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [...options.organizations.map((o) => ({ O: [o] })), { CN: [options.commonName] }],
    keys: options.keys,
    signingAlgorithm: EC_P256,
    extensions: sans.length > 0 ? [new x509.SubjectAlternativeNameExtension(sans)] : [],
  });
  return request.toString('pem');
}
