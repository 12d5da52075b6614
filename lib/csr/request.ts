import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { type AttributeValue, Extensions, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import { ipFromBytes } from '@/lib/net/ip';
import * as x509 from '@/lib/pki/x509';

/**
 * A PKCS#10 request as the cluster reads it: Go's `crypto/x509.ParseCertificateRequest`, which
 * kube-apiserver's CSR validation, the kube-controller-manager signer and (through the issued
 * certificate) the apiserver's x509 authenticator all use. The ASN.1 is decoded by maintained
 * libraries (@peculiar/asn1-*, asn1js); this module only applies Go's reading of it, so that the
 * name the console shows is the name the certificate will carry. Checked against Go itself by
 * request.oracle.integration.test.ts.
 */

/** One AttributeTypeAndValue of the subject. */
export interface SubjectAttribute {
  /** The attribute type, an OID: 2.5.4.3 is CN, 2.5.4.10 is O. */
  type: string;
  /**
   * The value when Go reads it as a string (PrintableString, UTF8String, IA5String, T61String,
   * NumericString, BMPString); null for any other encoding (e.g. UniversalString, an INTEGER),
   * which Go's `pkix.Name` ignores: such a CN never becomes the certificate's CN.
   */
  value: string | null;
}

/** What a PKCS#10 request asks for. */
export interface CertificateRequestInfo {
  /**
   * `Subject.CommonName` as Go sets it: the LAST string CN of the subject (pkix.Name
   * FillFromRDNSequence overwrites it for each one), '' if none. A subject with two CNs shows
   * one name in a naive reading and yields a certificate for the other.
   */
  commonName: string;
  /** `Subject.Organization`: every string O, in order. */
  organizations: string[];
  dnsNames: string[];
  /** IP SANs as Go prints them (`net.IP.String()`: RFC 5952; IPv4-mapped as IPv4). */
  ipAddresses: string[];
  /** SANs other than DNS and IP, as `email:<address>`, `uri:<uri>`, `other:<kind>`: a kubelet never asks for them. */
  otherNames: string[];
  /** Email SANs (rfc822Name); absent only where a caller built this by hand. */
  emailAddresses?: string[];
  /** URI SANs, as written (Go re-prints a parsed URL; equal for every ordinary URI). */
  uris?: string[];
  /**
   * The subject's RDN sequence, in order, one array per RDN (more than one attribute in an RDN
   * makes it multi-valued). Absent only where a caller built this by hand (e.g. for a request
   * that did not parse); the subject checks then fail.
   */
  subject?: SubjectAttribute[][];
}

export const OID_COMMON_NAME = '2.5.4.3';
export const OID_ORGANIZATION = '2.5.4.10';
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

const isIa5 = (text: string) => [...text].every((c) => c.charCodeAt(0) < 0x80);
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/;
const syntaxError = (what: string) => new Error(`asn1: syntax error: ${what} contains invalid character`);

/**
 * The string Go's encoding/asn1 decodes from an attribute value, or null where it decodes none.
 * Throws Go's error where Go refuses the value (and with it the whole request): a PrintableString
 * outside its alphabet (Go allows `*` and `&`), a non-ASCII IA5String, a NumericString of more
 * than digits and spaces, a BMPString holding surrogates or noncharacters.
 */
function attributeString(value: AttributeValue): string | null {
  if (value.printableString !== undefined) {
    if (!PRINTABLE.test(value.printableString)) throw syntaxError('PrintableString');
    return value.printableString;
  }
  if (value.utf8String !== undefined) return value.utf8String;
  if (value.ia5String !== undefined) {
    if (!isIa5(value.ia5String)) throw syntaxError('IA5String');
    return value.ia5String;
  }
  if (value.bmpString !== undefined) {
    // Go strips one trailing NUL, then refuses surrogates and the noncharacters U+FFFE, U+FFFF, U+FDD0–U+FDEF.
    const text = value.bmpString.endsWith('\u0000') ? value.bmpString.slice(0, -1) : value.bmpString;
    if (/[\ud800-\udfff\ufffe\uffff\ufdd0-\ufdef]/.test(text)) throw new Error('invalid BMPString');
    return text;
  }
  // Go keeps a T61String's bytes as they are; asn1js gives one character per byte.
  if (value.teletexString !== undefined) return new TextDecoder().decode(Uint8Array.from(value.teletexString, (c) => c.charCodeAt(0)));
  // UniversalString: Go's encoding/asn1 has no decoder for it, so pkix.Name skips it.
  if (value.universalString !== undefined) return null;
  if (value.anyValue) {
    const { result } = asn1js.fromBER(value.anyValue);
    if (result instanceof asn1js.NumericString) {
      if (!/^[0-9 ]*$/.test(result.valueBlock.value)) throw syntaxError('NumericString');
      return result.valueBlock.value;
    }
  }
  return null;
}

/** Bytes of an implicitly tagged primitive element, read as one character per byte. */
function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

interface Sans {
  dnsNames: string[];
  emailAddresses: string[];
  ipAddresses: string[];
  uris: string[];
  other: string[];
}

/**
 * The GeneralNames of a subjectAltName extension, as Go's parseSANExtension reads them: only the
 * context-specific primitive tags [1] email, [2] DNS, [6] URI, [7] IP count; each must be ASCII,
 * an IP must be 4 or 16 bytes, or the whole request fails (Go: "x509: SAN dNSName is malformed",
 * "x509: cannot parse IP address of length N"). Other kinds are kept as `other:`.
 */
function readSans(der: ArrayBuffer, sans: Sans): void {
  const { result, offset } = asn1js.fromBER(der);
  if (offset === -1 || !(result instanceof asn1js.Sequence)) throw new Error('x509: invalid subject alternative names');
  for (const name of result.valueBlock.value) {
    const { tagClass, tagNumber } = name.idBlock;
    // asn1js reads every primitive context-specific element as a Primitive; anything else is not a name Go reads.
    if (tagClass !== 3 || !(name instanceof asn1js.Primitive)) {
      sans.other.push(`other:[${tagNumber}]`);
      continue;
    }
    const bytes = name.valueBlock.valueHexView;
    switch (tagNumber) {
      case 1: {
        const email = latin1(bytes);
        if (!isIa5(email)) throw new Error('x509: SAN rfc822Name is malformed');
        sans.emailAddresses.push(email);
        break;
      }
      case 2: {
        const dns = latin1(bytes);
        if (!isIa5(dns)) throw new Error('x509: SAN dNSName is malformed');
        sans.dnsNames.push(dns);
        break;
      }
      case 6: {
        const uri = latin1(bytes);
        if (!isIa5(uri)) throw new Error('x509: SAN uniformResourceIdentifier is malformed');
        sans.uris.push(uri);
        break;
      }
      case 7: {
        const ip = ipFromBytes(bytes);
        if (ip === undefined) throw new Error(`x509: cannot parse IP address of length ${bytes.length}`);
        sans.ipAddresses.push(ip);
        break;
      }
      default:
        sans.other.push(`other:[${tagNumber}]`);
    }
  }
}

/**
 * Parses `spec.request` of a CertificateSigningRequest (base64 of a PEM CERTIFICATE REQUEST).
 * Throws, as Go's parser would fail, on a first PEM block of another type, on malformed DER, on
 * duplicate requested extensions and on malformed SANs; the apiserver refuses such CSRs at
 * creation, so the console only meets them when built by hand.
 */
export function parseCertificateRequest(requestBase64: string): CertificateRequestInfo {
  return parseCertificateRequestPem(atob(requestBase64));
}

/** parseCertificateRequest of the PEM text itself. */
export function parseCertificateRequestPem(pem: string): CertificateRequestInfo {
  const [block] = x509.PemConverter.decodeWithHeaders(pem);
  if (!block || block.type !== 'CERTIFICATE REQUEST') throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const request = AsnConvert.parse(block.rawData, CertificationRequest);
  const info = request.certificationRequestInfo;

  // Array.from: the ASN.1 classes subclass Array, and their map() would build instances of them.
  const subject = Array.from(info.subject, (rdn) => Array.from(rdn, (atv): SubjectAttribute => ({ type: atv.type, value: attributeString(atv.value) })));
  const strings = (type: string) => subject.flat().flatMap((a) => (a.type === type && a.value !== null ? [a.value] : []));

  // Go gathers every requested extension first (refusing duplicates), then reads the SANs.
  const extensions = [];
  const requested = new Set<string>();
  // The attributes field is optional in practice (asn1-csr leaves it undefined when absent).
  for (const attribute of Array.from(info.attributes ?? [])) {
    // Go reads the first value of each extensionRequest attribute and ignores other attributes.
    const [first] = attribute.values;
    if (attribute.type !== OID_EXTENSION_REQUEST || !first) continue;
    for (const extension of Array.from(AsnConvert.parse(first, Extensions))) {
      if (requested.has(extension.extnID)) throw new Error('x509: certificate request contains duplicate requested extensions');
      requested.add(extension.extnID);
      extensions.push(extension);
    }
  }
  const sans: Sans = { dnsNames: [], emailAddresses: [], ipAddresses: [], uris: [], other: [] };
  for (const extension of extensions) {
    if (extension.extnID === id_ce_subjectAltName) readSans(extension.extnValue.buffer, sans);
  }

  return {
    commonName: strings(OID_COMMON_NAME).at(-1) ?? '',
    organizations: strings(OID_ORGANIZATION),
    dnsNames: sans.dnsNames,
    ipAddresses: sans.ipAddresses,
    otherNames: [...sans.emailAddresses.map((e) => `email:${e}`), ...sans.uris.map((u) => `uri:${u}`), ...sans.other],
    emailAddresses: sans.emailAddresses,
    uris: sans.uris,
    subject,
  };
}

/** Whether the request's signature verifies with its own public key (Go: CertificateRequest.CheckSignature). */
export async function certificateRequestSignatureValid(pem: string): Promise<boolean> {
  try {
    return await new x509.Pkcs10CertificateRequest(pem).verify();
  } catch {
    return false;
  }
}
