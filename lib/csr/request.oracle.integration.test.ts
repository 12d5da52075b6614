/**
 * Differential test: parseCertificateRequest against Go's crypto/x509.ParseCertificateRequest and
 * CheckSignature (what kube-apiserver, the kube-controller-manager signer and the x509
 * authenticator use), run by the test bed's `oracles` binary (e2e/cluster/go/oracles, built with
 * the same Go toolchain as the test bed's Kubernetes). Generated real PKCS#10 requests (1-3 CNs,
 * 0-3 Os, multi-valued RDNs, values in every string encoding and some Go skips, IP SANs from odd
 * bytes and odd text, DNS, email and URI SANs, malformed SANs, broken signatures) must read the
 * same, field by field, or fail in both.
 *
 * The generated space is what the apiserver can be given; values are valid for their encoding
 * (an invalid PrintableString or UTF8String fails Go's parse, and the apiserver refuses such a
 * CSR at creation, so the console never meets one). URIs are ordinary ones, which Go prints back
 * as written.
 *
 * `npm test` runs a fixed seed; `npm run fuzz:oracles` runs longer with a random, printed seed
 * (ORACLE_FUZZ_RUNS, ORACLE_FUZZ_SEED to replay).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORACLE_FUZZ_RUNS as FUZZ_RUNS, ORACLE_RUNS as RUNS, ORACLE_SEED as SEED, runOracle as oracle } from '@/e2e/cluster/oracles';
import { certificateRequestSignatureValid, parseCertificateRequest } from './request';
import { type TestAttribute, type TestSan, type ValueEncoding, specRequest, testKeys, testRequestPem, testSanExtension } from './test-requests';


/** What Go read (oracles csr.go csrResult). */
interface GoResult {
  error?: string;
  request?: {
    commonName: string;
    organization: string[];
    rdns: { type: string; value: string | null; goType: string }[][];
    dnsNames: string[];
    ipAddresses: string[];
    emailAddresses: string[];
    uris: string[];
    signatureValid: boolean;
    signatureError?: string;
  };
}

let keys: CryptoKeyPair;
beforeAll(async () => {
  keys = await testKeys();
});

const NAMES = ['system:node:worker-1', 'system:node:controller1', 'system:nodes', 'system:masters', 'system:authenticated', ''];
const PRINTABLE = fc.stringMatching(/^[A-Za-z0-9 '()+,\-./:=?*&]{0,12}$/);
const ASCII = fc.stringMatching(/^[\x20-\x7e]{0,12}$/);
const text = (chars: string[]) => fc.array(fc.constantFrom(...chars), { maxLength: 8 }).map((parts) => parts.join(''));
const BMP = text(['a', 'z', ':', 'é', '☃', '中', '\u00a0']);
const UNICODE = text(['a', 'z', ':', 'é', '☃', '中', '𝔸']);

/** A value and an encoding it is valid in. */
const attributeValue: fc.Arbitrary<{ value: string; encoding: ValueEncoding }> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ value: fc.constantFrom(...NAMES), encoding: fc.constantFrom<ValueEncoding>('utf8', 'printable', 'ia5', 'teletex', 'bmp', 'universal') }) },
  { weight: 1, arbitrary: fc.record({ value: PRINTABLE, encoding: fc.constant<ValueEncoding>('printable') }) },
  { weight: 1, arbitrary: fc.record({ value: ASCII, encoding: fc.constantFrom<ValueEncoding>('ia5', 'teletex', 'utf8') }) },
  { weight: 1, arbitrary: fc.record({ value: BMP, encoding: fc.constant<ValueEncoding>('bmp') }) },
  { weight: 1, arbitrary: fc.record({ value: UNICODE, encoding: fc.constantFrom<ValueEncoding>('utf8', 'universal') }) },
  { weight: 1, arbitrary: fc.record({ value: fc.stringMatching(/^[0-9 ]{0,6}$/), encoding: fc.constant<ValueEncoding>('numeric') }) },
  { weight: 1, arbitrary: fc.record({ value: ASCII, encoding: fc.constant<ValueEncoding>('integer') }) },
  // Invalid for their encoding: Go refuses the whole request, and so must the console.
  {
    weight: 1,
    arbitrary: fc.constantFrom<{ value: string; encoding: ValueEncoding }>(
      { value: 'system:node:a@b', encoding: 'printable' },
      { value: 'system_node', encoding: 'printable' },
      { value: 'café', encoding: 'ia5' },
      { value: '12a', encoding: 'numeric' },
      { value: 'a\ud800b', encoding: 'bmp' },
      { value: 'a\uffff', encoding: 'bmp' },
      { value: 'node\u0000', encoding: 'bmp' },
    ),
  },
);

const attribute: fc.Arbitrary<TestAttribute> = fc
  .tuple(fc.constantFrom('CN', 'CN', 'O', 'O', 'OU', 'C', '2.5.4.5', '1.2.3.4'), attributeValue)
  .map(([type, { value, encoding }]) => ({ type, value, encoding }));

/** 1-3 CNs, 0-3 Os, some other attributes, in any order, some RDNs multi-valued. */
const subject: fc.Arbitrary<TestAttribute[][]> = fc
  .tuple(
    fc.array(attributeValue, { minLength: 1, maxLength: 3 }),
    fc.array(attributeValue, { maxLength: 3 }),
    fc.array(attribute, { maxLength: 2 }),
    fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 8, maxLength: 8 }),
  )
  .map(([cns, os, others, order, sizes]) => {
    const all: TestAttribute[] = [...cns.map((v) => ({ type: 'CN', ...v })), ...os.map((v) => ({ type: 'O', ...v })), ...others];
    const shuffled = all.map((a, i) => ({ a, key: order[i] ?? i })).sort((x, y) => x.key - y.key).map((x) => x.a);
    const rdns: TestAttribute[][] = [];
    // Mostly single-valued RDNs; a size of 2 or 3 groups attributes into one multi-valued RDN.
    for (let i = 0, r = 0; i < shuffled.length; r++) {
      const size = (sizes[r] ?? 1) === 3 ? 2 : 1;
      rdns.push(shuffled.slice(i, i + size));
      i += size;
    }
    return rdns;
  });

const byte = fc.integer({ min: 0, max: 255 });
const ipBytes: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(byte, { minLength: 4, maxLength: 4 }),
  fc.array(byte, { minLength: 16, maxLength: 16 }),
  // IPv4-mapped, IPv4-compatible, zero runs of every length: what RFC 5952 and Go print specially.
  fc.array(byte, { minLength: 4, maxLength: 4 }).map((v4) => [...Array<number>(10).fill(0), 0xff, 0xff, ...v4]),
  fc.array(byte, { minLength: 4, maxLength: 4 }).map((v4) => [...Array<number>(12).fill(0), ...v4]),
  fc.array(fc.constantFrom(0, 0, 0, 1, 0x20, 0xff), { minLength: 16, maxLength: 16 }),
);
const IP_TEXTS = ['2001:DB8::0023', '2001:db8:0:0:0:0:0:23', '::ffff:192.168.111.30', '::FFFF:C0A8:6F1E', '0:0:0:0:0:0:0:1', '::', '192.168.111.30', '1:0:0:1:0:0:0:1'];

const san: fc.Arbitrary<TestSan> = fc.oneof(
  { weight: 3, arbitrary: ipBytes.map((bytes): TestSan => ({ kind: 'ip', bytes })) },
  { weight: 2, arbitrary: fc.constantFrom(...IP_TEXTS).map((value): TestSan => ({ kind: 'ipText', value })) },
  { weight: 2, arbitrary: fc.constantFrom('worker-1', 'Worker-1.Example.COM', '*.apps.example.com', 'api').map((value): TestSan => ({ kind: 'dns', value })) },
  { weight: 1, arbitrary: fc.constantFrom('root@example.com', 'a.b@c').map((value): TestSan => ({ kind: 'email', value })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('spiffe://cluster.local/ns/default/sa/node', 'https://example.com/path?q=1', 'urn:uuid:0b5e6b8e-7c1f-4b1e-9c1a-2f1d3c4b5a69').map((value): TestSan => ({ kind: 'uri', value })),
  },
);

/** Malformed on purpose, rarely: Go refuses these, and so must the console. */
const brokenSan: fc.Arbitrary<TestSan> = fc.oneof(
  fc.integer({ min: 0, max: 20 }).filter((n) => n !== 4 && n !== 16).chain((n) => fc.array(byte, { minLength: n, maxLength: n })).map((bytes): TestSan => ({ kind: 'ip', bytes })),
  fc.constantFrom('café.example', 'ünïcode').map((value): TestSan => ({ kind: 'dns', value })),
  fc.constantFrom('rené@example.com').map((value): TestSan => ({ kind: 'email', value })),
);

const caseArbitrary = fc.record({
  subject,
  sans: fc.array(san, { maxLength: 4 }),
  broken: fc.option(brokenSan, { freq: 15 }),
  /** A second subjectAltName extension (Go: duplicate requested extensions), one request in 20. */
  secondSanExtension: fc.integer({ min: 0, max: 19 }).map((roll) => roll === 0),
  tamper: fc.option(fc.constant(true), { freq: 10 }),
});

type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

async function makePem(c: Case): Promise<string> {
  const sans = c.broken ? [...c.sans, c.broken] : c.sans;
  return testRequestPem({
    keys,
    subject: c.subject,
    sans,
    extensions: c.secondSanExtension ? [testSanExtension([{ kind: 'dns', value: 'second' }])] : [],
    tamper: c.tamper ?? false,
  });
}

describe('parseCertificateRequest agrees with Go’s crypto/x509', () => {
  it(
    `field by field, for generated requests (seed ${SEED}, ${RUNS} requests)`,
    async () => {
      if (FUZZ_RUNS) console.log(`[fuzz:oracles] csr: seed ${SEED}, ${RUNS} runs (replay: ORACLE_FUZZ_SEED=${SEED})`);
      await fc.assert(
        fc.asyncProperty(caseArbitrary, async (c) => {
          const pem = await makePem(c);
          const [go] = oracle<{ results: GoResult[] }>('csr', { requests: [pem] }).results;
          let ours: ReturnType<typeof parseCertificateRequest> | { error: string };
          try {
            ours = parseCertificateRequest(specRequest(pem));
          } catch (error) {
            ours = { error: (error as Error).message };
          }
          if (go?.error !== undefined || 'error' in ours) {
            expect('error' in ours ? ours.error : 'parsed', `Go: ${go?.error ?? 'parsed'}`).toBe(go?.error ?? 'parsed');
            return;
          }
          // Go's wording of a failed check is not compared, only whether it holds (toEqual ignores undefined).
          const request = { ...go!.request!, signatureError: undefined };
          expect({
            commonName: ours.commonName,
            organization: ours.organizations,
            rdns: ours.subject,
            dnsNames: ours.dnsNames,
            ipAddresses: ours.ipAddresses,
            emailAddresses: ours.emailAddresses,
            uris: ours.uris,
            signatureValid: await certificateRequestSignatureValid(pem),
          }).toEqual({ ...request, rdns: request.rdns.map((rdn) => rdn.map(({ type, value }) => ({ type, value }))) });
        }),
        { seed: SEED, numRuns: RUNS },
      );
    },
    RUNS * 400 + 60_000,
  );
});
