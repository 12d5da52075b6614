import { AsnConvert } from '@peculiar/asn1-schema';
import { AttributeTypeAndValue, AttributeValue, Name as AsnName, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import { EC_P256 } from '@/lib/pki/certificate-request';
import * as x509 from '@/lib/pki/x509';
import { OID_COMMON_NAME, OID_ORGANIZATION } from './request';

/**
 * Real, signed PKCS#10 requests with any subject and SANs, for tests of the CSR reader: repeated
 * CNs, multi-valued RDNs, values in encodings Go skips, SAN bytes of any length. Built with
 * @peculiar/x509's generator; only the pieces it would not write are encoded here (asn1js).
 */

/** How an attribute value is encoded; Go reads the first six as strings and skips the rest. */
export type ValueEncoding = 'utf8' | 'printable' | 'ia5' | 'teletex' | 'bmp' | 'numeric' | 'universal' | 'integer';

export interface TestAttribute {
  /** 'CN', 'O', 'OU' or an OID. */
  type: string;
  value: string;
  encoding?: ValueEncoding;
}

export type TestSan =
  | { kind: 'dns' | 'email' | 'uri'; value: string }
  /** An IP SAN of these exact bytes (4 or 16 for a valid one). */
  | { kind: 'ip'; bytes: number[] }
  /** An IP SAN from text, as @peculiar/x509 writes it. */
  | { kind: 'ipText'; value: string };

const TYPES: Record<string, string> = { CN: OID_COMMON_NAME, O: OID_ORGANIZATION, OU: '2.5.4.11', C: '2.5.4.6' };

function attributeValue(value: string, encoding: ValueEncoding): AttributeValue {
  switch (encoding) {
    case 'utf8':
      return new AttributeValue({ utf8String: value });
    case 'printable':
      return new AttributeValue({ printableString: value });
    case 'ia5':
      return new AttributeValue({ ia5String: value });
    case 'teletex':
      return new AttributeValue({ teletexString: value });
    case 'bmp':
      return new AttributeValue({ bmpString: value });
    case 'universal':
      return new AttributeValue({ universalString: value });
    case 'numeric':
      return new AttributeValue({ anyValue: new asn1js.NumericString({ value }).toBER() });
    case 'integer':
      return new AttributeValue({ anyValue: new asn1js.Integer({ value: value.length }).toBER() });
  }
}

/** The subject: one array per RDN, several attributes in one make it multi-valued. */
export function testName(rdns: readonly (readonly TestAttribute[])[]): x509.Name {
  const name = new AsnName(
    rdns.map(
      (rdn) =>
        new RelativeDistinguishedName(
          rdn.map((a) => new AttributeTypeAndValue({ type: TYPES[a.type] ?? a.type, value: attributeValue(a.value, a.encoding ?? 'utf8') })),
        ),
    ),
  );
  return new x509.Name(AsnConvert.serialize(name));
}

const SAN_TAGS = { email: 1, dns: 2, uri: 6, ip: 7 } as const;

/** A subjectAltName extension holding exactly these names, in order. */
export function testSanExtension(sans: readonly TestSan[]): x509.Extension {
  const names = sans.map((san) => {
    const bytes =
      san.kind === 'ip'
        ? Uint8Array.from(san.bytes)
        : san.kind === 'ipText'
          ? ipTextBytes(san.value)
          : Uint8Array.from(san.value, (c) => c.charCodeAt(0));
    const tag = san.kind === 'ipText' ? SAN_TAGS.ip : SAN_TAGS[san.kind];
    return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: tag }, valueHex: bytes });
  });
  return new x509.Extension('2.5.29.17', false, new asn1js.Sequence({ value: names }).toBER());
}

/** The bytes @peculiar/x509 writes for an IP SAN given as text. */
function ipTextBytes(text: string): Uint8Array {
  const der = new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: text }]).value;
  const { result } = asn1js.fromBER(der);
  const [first] = result instanceof asn1js.Sequence ? result.valueBlock.value : [];
  if (!(first instanceof asn1js.Primitive)) throw new Error(`no IP SAN written for ${text}`);
  return first.valueBlock.valueHexView;
}

export async function testKeys(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/**
 * A PEM CERTIFICATE REQUEST signed with `keys`. `extensions` are written as they are (two SAN
 * extensions make a request Go refuses); `tamper` breaks the signature after signing.
 */
export async function testRequestPem(options: {
  keys: CryptoKeyPair;
  subject: readonly (readonly TestAttribute[])[];
  sans?: readonly TestSan[];
  extensions?: x509.Extension[];
  tamper?: boolean;
}): Promise<string> {
  const extensions = [...(options.sans && options.sans.length > 0 ? [testSanExtension(options.sans)] : []), ...(options.extensions ?? [])];
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: testName(options.subject),
    keys: options.keys,
    signingAlgorithm: EC_P256,
    extensions,
  });
  if (!options.tamper) return request.toString('pem');
  // The last byte is the end of the ECDSA signature's S: still DER, no longer a valid signature.
  const raw = new Uint8Array(request.rawData.slice(0));
  raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 0x01;
  return x509.PemConverter.encode(raw, 'CERTIFICATE REQUEST');
}

/** base64 of the PEM, as a CertificateSigningRequest's spec.request holds it. */
export const specRequest = (pem: string) => btoa(pem);
