import * as x509 from '@/lib/pki/x509';

/** What a PKCS#10 request asks for, parsed with a maintained x509 library (no hand-rolled ASN.1). */
export interface CertificateRequestInfo {
  commonName: string;
  organizations: string[];
  dnsNames: string[];
  ipAddresses: string[];
  /** SANs of other types (email, URI, ...): a kubelet never asks for them. */
  otherNames: string[];
}

const SUBJECT_ALT_NAME = '2.5.29.17';

/** Parses `spec.request` of a CertificateSigningRequest (base64 of a PEM CERTIFICATE REQUEST). */
export function parseCertificateRequest(requestBase64: string): CertificateRequestInfo {
  const pem = atob(requestBase64);
  const request = new x509.Pkcs10CertificateRequest(pem);
  const extension = request.getExtension(SUBJECT_ALT_NAME);
  const names = extension ? new x509.SubjectAlternativeNameExtension(extension.rawData).names.toJSON() : [];
  return {
    commonName: request.subjectName.getField('CN')[0] ?? '',
    organizations: request.subjectName.getField('O'),
    dnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value),
    ipAddresses: names.filter((n) => n.type === 'ip').map((n) => n.value),
    otherNames: names.filter((n) => n.type !== 'dns' && n.type !== 'ip').map((n) => `${n.type}:${n.value}`),
  };
}
