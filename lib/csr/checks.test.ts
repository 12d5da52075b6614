import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { EC_P256, createCertificateRequestPem } from '@/lib/pki/certificate-request';
import { BOOTSTRAPPER_GROUPS, BOOTSTRAPPER_USER, CLIENT_SIGNER, type CsrFacts, type JoinContext, SERVING_SIGNER, assessCsr, floodGuardTripped } from './checks';
import { certificateRequestSignatureValid, parseCertificateRequest, parseCertificateRequestPem } from './request';
import { type TestAttribute, type TestSan, specRequest, testRequestPem, testSanExtension } from './test-requests';

let keys: CryptoKeyPair;
beforeAll(async () => {
  keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
});

/** A real PKCS#10 request, base64 of its PEM, as in spec.request. */
async function request(options: { commonName: string; organizations?: string[]; dnsNames?: string[]; ipAddresses?: string[] }) {
  const pem = await createCertificateRequestPem({ keys, organizations: ['system:nodes'], ...options });
  return Buffer.from(pem).toString('base64');
}

const PROVISIONED_AT = '2026-11-21T10:00:00Z';

const context: JoinContext = {
  nodeAddresses: new Map([['app1', ['192.168.111.30', 'app1']]]),
  provisionedHosts: [{ name: 'openshift-worker-5', expectedNodeName: 'app5', provisionedAt: PROVISIONED_AT, staticIps: ['192.168.111.35'] }],
  hostOfNode: new Map([['app1', { name: 'openshift-worker-0', staticIps: ['192.168.111.30'] }]]),
  clientRequests: new Map(),
  nodesByAddress: new Map([
    ['192.168.111.30', ['app1']],
    ['app1', ['app1']],
    ['192.168.111.20', ['controller1']],
    ['controller1', ['controller1']],
  ]),
};

async function clientCsr(overrides: Partial<CsrFacts> = {}, subject: Parameters<typeof request>[0] = { commonName: 'system:node:app5' }): Promise<CsrFacts> {
  return {
    name: 'csr-client',
    signerName: CLIENT_SIGNER,
    username: BOOTSTRAPPER_USER,
    groups: [...BOOTSTRAPPER_GROUPS],
    usages: ['digital signature', 'client auth'],
    createdAt: '2026-11-21T10:05:00Z',
    request: parseCertificateRequest(await request(subject)),
    ...overrides,
  };
}

async function servingCsr(overrides: Partial<CsrFacts> = {}, subject: Parameters<typeof request>[0] = { commonName: 'system:node:app1', ipAddresses: ['192.168.111.30'], dnsNames: ['app1'] }): Promise<CsrFacts> {
  return {
    name: 'csr-serving',
    signerName: SERVING_SIGNER,
    username: 'system:node:app1',
    groups: ['system:nodes', 'system:authenticated'],
    usages: ['digital signature', 'server auth'],
    createdAt: '2026-11-21T10:06:00Z',
    request: parseCertificateRequest(await request(subject)),
    ...overrides,
  };
}

const failing = (assessment: ReturnType<typeof assessCsr>) => assessment.checks.filter((c) => !c.pass).map((c) => c.id);

/** A real request with this exact subject (one array per RDN) and SANs, as spec.request. */
async function rawRequest(subject: TestAttribute[][], sans: TestSan[] = []) {
  return specRequest(await testRequestPem({ keys, subject, sans }));
}

const O_NODES: TestAttribute = { type: 'O', value: 'system:nodes' };
const cn = (value: string): TestAttribute => ({ type: 'CN', value });

describe('parseCertificateRequest', () => {
  it('reads subject and SANs of a real PKCS#10 request', async () => {
    expect(parseCertificateRequest(await request({ commonName: 'system:node:a', ipAddresses: ['10.0.0.1', 'fd00::1'], dnsNames: ['a'] }))).toEqual({
      commonName: 'system:node:a',
      organizations: ['system:nodes'],
      dnsNames: ['a'],
      ipAddresses: ['10.0.0.1', 'fd00::1'],
      otherNames: [],
      emailAddresses: [],
      uris: [],
      subject: [[{ type: '2.5.4.10', value: 'system:nodes' }], [{ type: '2.5.4.3', value: 'system:node:a' }]],
    });
  });

  it('reports the LAST CN, the one Go’s x509 (and so the issued certificate) carries', async () => {
    const info = parseCertificateRequest(await rawRequest([[O_NODES], [cn('system:node:app5')], [cn('system:node:controller1')]]));
    expect(info.commonName).toBe('system:node:controller1');
    expect(info.subject?.flat().map((a) => a.value)).toEqual(['system:nodes', 'system:node:app5', 'system:node:controller1']);
  });

  it('skips a CN in an encoding Go does not read as a string (UniversalString), as Go does', async () => {
    const info = parseCertificateRequest(await rawRequest([[O_NODES], [cn('system:node:app5')], [{ type: 'CN', value: 'system:node:controller1', encoding: 'universal' }]]));
    expect(info.commonName).toBe('system:node:app5');
    expect(info.subject?.[2]).toEqual([{ type: '2.5.4.3', value: null }]);
  });

  it('prints IP SANs as Go does, whatever bytes or text they were made from', async () => {
    const info = parseCertificateRequest(
      await rawRequest([[cn('x')]], [{ kind: 'ipText', value: '2001:DB8::0023' }, { kind: 'ip', bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 111, 30] }]),
    );
    expect(info.ipAddresses).toEqual(['2001:db8::23', '192.168.111.30']);
  });

  it('lists email and URI SANs', async () => {
    const info = parseCertificateRequest(await rawRequest([[cn('x')]], [{ kind: 'email', value: 'root@example.com' }, { kind: 'uri', value: 'spiffe://cluster.local/ns/a' }]));
    expect(info).toMatchObject({ emailAddresses: ['root@example.com'], uris: ['spiffe://cluster.local/ns/a'], otherNames: ['email:root@example.com', 'uri:spiffe://cluster.local/ns/a'] });
  });

  it.each<[string, () => Promise<string>, string]>([
    ['an IP SAN of 8 bytes', async () => testRequestPem({ keys, subject: [[cn('x')]], sans: [{ kind: 'ip', bytes: [10, 0, 0, 1, 255, 0, 0, 0] }] }), 'x509: cannot parse IP address of length 8'],
    ['a DNS SAN that is not ASCII', async () => testRequestPem({ keys, subject: [[cn('x')]], sans: [{ kind: 'dns', value: 'caf\u00e9.example' }] }), 'x509: SAN dNSName is malformed'],
    [
      'two SAN extensions',
      async () => testRequestPem({ keys, subject: [[cn('x')]], sans: [{ kind: 'dns', value: 'a' }], extensions: [testSanExtension([{ kind: 'dns', value: 'b' }])] }),
      'x509: certificate request contains duplicate requested extensions',
    ],
    ['a PrintableString with a character outside its alphabet', async () => testRequestPem({ keys, subject: [[{ type: 'CN', value: 'system:node:a@b', encoding: 'printable' }]] }), 'asn1: syntax error: PrintableString contains invalid character'],
    ['a BMPString holding a surrogate', async () => testRequestPem({ keys, subject: [[{ type: 'CN', value: 'a\ud800', encoding: 'bmp' }]] }), 'invalid BMPString'],
    ['a PEM block of another type', async () => (await testRequestPem({ keys, subject: [[cn('x')]] })).replaceAll('CERTIFICATE REQUEST', 'CERTIFICATE'), 'PEM block type must be CERTIFICATE REQUEST'],
  ])('refuses %s, with Go’s error', async (_, make, error) => {
    await expect(make().then(parseCertificateRequestPem)).rejects.toThrow(error);
  });

  it('checks the signature as Go’s CheckSignature does', async () => {
    expect(await certificateRequestSignatureValid(await testRequestPem({ keys, subject: [[cn('x')]] }))).toBe(true);
    expect(await certificateRequestSignatureValid(await testRequestPem({ keys, subject: [[cn('x')]], tamper: true }))).toBe(false);
  });
});

describe('client CSR checks', () => {
  it('passes the bootstrapper’s CSR for a provisioned host’s expected node, and names the host', async () => {
    const assessment = assessCsr(await clientCsr(), context);
    expect(failing(assessment)).toEqual([]);
    expect(assessment).toMatchObject({ kind: 'client', nodeName: 'app5', host: 'openshift-worker-5', passes: true });
  });

  it('fails every client CSR for a node another pending or approved one asks for: only one can be the host’s', async () => {
    const withOthers = (condition: 'Pending' | 'Approved' | 'Denied') => ({ ...context, clientRequests: new Map([['app5', [{ name: 'csr-client', condition: 'Pending' as const }, { name: 'csr-other', condition }]]]) });
    for (const condition of ['Pending', 'Approved'] as const) {
      const assessment = assessCsr(await clientCsr(), withOthers(condition));
      expect(failing(assessment)).toEqual(['only-request']);
      expect(assessment.checks.find((c) => c.id === 'only-request')?.detail).toBe(`csr-other (${condition.toLowerCase()}) also asks for node app5: only one can be the host's; deny the others`);
    }
    expect(assessCsr(await clientCsr(), withOthers('Denied')).passes, 'a denied one asks for nothing').toBe(true);
  });

  it('accepts the legacy key encipherment usage', async () => {
    expect(assessCsr(await clientCsr({ usages: ['digital signature', 'key encipherment', 'client auth'] }), context).passes).toBe(true);
  });

  it.each<[string, () => Promise<CsrFacts>, string[]]>([
    ['a requestor that is not the bootstrapper', () => clientCsr({ username: 'system:serviceaccount:default:intruder' }), ['requestor']],
    ['extra groups', () => clientCsr({ groups: [...BOOTSTRAPPER_GROUPS, 'system:masters'] }), ['groups']],
    ['a wrong organization', () => clientCsr({}, { commonName: 'system:node:app5', organizations: ['system:masters'] }), ['subject']],
    ['a CN that is not system:node:<name>', () => clientCsr({}, { commonName: 'admin' }), ['subject', 'node-absent', 'host']],
    ['SANs', () => clientCsr({}, { commonName: 'system:node:app5', dnsNames: ['app5'] }), ['no-sans']],
    ['server auth usage', () => clientCsr({ usages: ['digital signature', 'server auth'] }), ['usages']],
    ['a node that already exists', () => clientCsr({}, { commonName: 'system:node:app1' }), ['node-absent', 'host']],
    ['no host expecting that name (unmatched)', () => clientCsr({}, { commonName: 'system:node:stranger' }), ['host']],
    ['a CSR made over 2 h after provisioning', () => clientCsr({ createdAt: '2026-11-21T12:30:00Z' }), ['window']],
  ])('flags %s', async (_, make, expected) => {
    const assessment = assessCsr(await make(), context);
    expect(failing(assessment)).toEqual(expected);
    expect(assessment.passes).toBe(false);
  });

  it('flags a provisioning time it cannot know', async () => {
    const unknownTime: JoinContext = { ...context, provisionedHosts: [{ ...context.provisionedHosts[0]!, provisionedAt: undefined }] };
    const assessment = assessCsr(await clientCsr(), unknownTime);
    expect(assessment.checks.find((c) => c.id === 'window')).toMatchObject({ pass: false, detail: 'when the host became provisioned is unknown' });
  });
});

describe('subject: what Go reads, not the first CN', () => {
  const withControlPlane: JoinContext = { ...context, nodeAddresses: new Map([...context.nodeAddresses, ['controller1', ['192.168.111.20']]]) };
  const subjectCheck = (assessment: ReturnType<typeof assessCsr>) => assessment.checks.find((c) => c.id === 'subject');

  it('fails a client CSR whose second CN names a control-plane node, and reports that CN (the one the certificate would carry)', async () => {
    const csr = await clientCsr({ request: parseCertificateRequest(await rawRequest([[O_NODES], [cn('system:node:app5')], [cn('system:node:controller1')]])) });
    const assessment = assessCsr(csr, withControlPlane);
    expect(assessment.passes).toBe(false);
    expect(assessment.nodeName).toBe('controller1');
    expect(subjectCheck(assessment)).toMatchObject({
      pass: false,
      detail:
        'O=system:nodes, CN=system:node:controller1: it has 2 CNs (CN=system:node:app5, CN=system:node:controller1); the certificate would carry the last string one, CN=system:node:controller1',
    });
    expect(failing(assessment)).toEqual(['subject', 'node-absent', 'host']);
  });

  it('fails a repeated CN even when both name the expected node', async () => {
    const csr = await clientCsr({ request: parseCertificateRequest(await rawRequest([[O_NODES], [cn('system:node:app5')], [cn('system:node:app5')]])) });
    expect(failing(assessCsr(csr, context))).toEqual(['subject']);
  });

  it('fails two Os, naming both', async () => {
    const csr = await clientCsr({ request: parseCertificateRequest(await rawRequest([[O_NODES], [{ type: 'O', value: 'system:masters' }], [cn('system:node:app5')]])) });
    const assessment = assessCsr(csr, context);
    expect(failing(assessment)).toEqual(['subject']);
    expect(subjectCheck(assessment)?.detail).toContain('it has 2 Os (O=system:nodes, O=system:masters); each would be a group of the certificate');
  });

  it('fails a multi-valued RDN, even of exactly O and CN', async () => {
    const csr = await clientCsr({ request: parseCertificateRequest(await rawRequest([[O_NODES, cn('system:node:app5')]])) });
    const assessment = assessCsr(csr, context);
    expect(failing(assessment)).toEqual(['subject']);
    expect(subjectCheck(assessment)?.detail).toBe('O=system:nodes, CN=system:node:app5: RDN 1 is multi-valued (O=system:nodes + CN=system:node:app5)');
  });

  it('fails a second CN hidden in an encoding Go skips, and reports the CN Go keeps', async () => {
    const csr = await clientCsr({
      request: parseCertificateRequest(await rawRequest([[O_NODES], [cn('system:node:app5')], [{ type: 'CN', value: 'system:node:controller1', encoding: 'universal' }]])),
    });
    const assessment = assessCsr(csr, withControlPlane);
    expect(assessment.nodeName).toBe('app5');
    expect(subjectCheck(assessment)?.detail).toContain('its CN is not encoded as a string Go reads, so the certificate would not carry it');
    expect(failing(assessment)).toEqual(['subject']);
  });

  it('fails a serving CSR for addresses the node copied from another node into its own status', async () => {
    const spoofed: JoinContext = {
      ...context,
      nodeAddresses: new Map([...context.nodeAddresses, ['app1', ['192.168.111.30', 'app1', '192.168.111.20', 'controller1']]]),
      nodesByAddress: new Map([...context.nodesByAddress, ['192.168.111.20', ['controller1', 'app1']], ['controller1', ['controller1', 'app1']]]),
    };
    const assessment = assessCsr(await servingCsr({}, { commonName: 'system:node:app1', ipAddresses: ['192.168.111.20'], dnsNames: ['controller1'] }), spoofed);
    expect(failing(assessment)).toEqual(['sans-not-others', 'sans-of-host']);
    expect(assessment.checks.find((c) => c.id === 'sans-not-others')?.detail).toBe('192.168.111.20 is also an address of node controller1, controller1 is also an address of node controller1');
  });

  it('fails a serving CSR with two CNs although the last is the requestor', async () => {
    const csr = await servingCsr({ request: parseCertificateRequest(await rawRequest([[O_NODES], [cn('system:node:other')], [cn('system:node:app1')]], [{ kind: 'ipText', value: '192.168.111.30' }])) });
    expect(failing(assessCsr(csr, context))).toEqual(['subject']);
  });

  it('fails a request whose subject could not be read (built by hand)', async () => {
    const csr = await clientCsr();
    const request = { ...csr.request, subject: undefined };
    expect(subjectCheck(assessCsr({ ...csr, request }, context))).toMatchObject({ pass: false, detail: 'O=system:nodes, CN=system:node:app5: the subject could not be read' });
  });
});

describe('serving CSR checks: addresses compared as addresses (SPEC §5)', () => {
  const worker3: JoinContext = {
    nodeAddresses: new Map([['worker-3', ['2001:db8::23', 'worker-3.example.com']]]),
    provisionedHosts: [],
    hostOfNode: new Map([['worker-3', { name: 'openshift-worker-3', staticIps: ['2001:db8::0023'] }]]),
    clientRequests: new Map(),
    nodesByAddress: new Map(),
  };
  const csrFor = async (ipAddresses: string[], dnsNames: string[] = []) =>
    servingCsr({ username: 'system:node:worker-3' }, { commonName: 'system:node:worker-3', ipAddresses, dnsNames });

  it('passes an IP SAN that is the host’s static IP written in another form', async () => {
    const assessment = assessCsr(await csrFor(['2001:db8::23']), worker3);
    expect(failing(assessment)).toEqual([]);
    expect(assessment.checks.find((c) => c.id === 'sans-of-host')).toMatchObject({ pass: true, label: 'Every IP asked for is a static IP of host openshift-worker-3' });
  });

  it('passes node addresses and DNS names written in other forms and cases', async () => {
    const odd: JoinContext = { ...worker3, nodeAddresses: new Map([['worker-3', ['2001:DB8:0:0:0:0:0:23', 'Worker-3.Example.com']]]) };
    expect(failing(assessCsr(await csrFor(['2001:db8::23'], ['worker-3.example.com']), odd))).toEqual([]);
  });

  it('still fails an address that is not the node’s', async () => {
    expect(failing(assessCsr(await csrFor(['2001:db8::24']), worker3))).toEqual(['sans-of-node', 'sans-of-host']);
  });
});

describe('serving CSR checks', () => {
  it('passes the node’s own CSR for its addresses', async () => {
    const assessment = assessCsr(await servingCsr(), context);
    expect(failing(assessment)).toEqual([]);
    expect(assessment).toMatchObject({ kind: 'serving', nodeName: 'app1', host: 'openshift-worker-0' });
  });

  it.each<[string, () => Promise<CsrFacts>, string[]]>([
    ['a requestor that is not a node', () => servingCsr({ username: 'alice', groups: ['system:authenticated'] }), ['requestor', 'subject']],
    ['a CN other than the requestor', () => servingCsr({}, { commonName: 'system:node:other', ipAddresses: ['192.168.111.30'] }), ['subject']],
    ['client auth usage', () => servingCsr({ usages: ['digital signature', 'client auth'] }), ['usages']],
    ['an IP SAN that is not the node’s', () => servingCsr({}, { commonName: 'system:node:app1', ipAddresses: ['10.9.9.9'] }), ['sans-of-node', 'sans-of-host']],
    ['a DNS SAN that is not the node’s', () => servingCsr({}, { commonName: 'system:node:app1', dnsNames: ['api.example.com'] }), ['sans-of-node']],
    ['a node that does not exist', () => servingCsr({ username: 'system:node:ghost' }, { commonName: 'system:node:ghost', ipAddresses: ['10.0.0.1'] }), ['sans-of-node']],
    // The node reported controller1's addresses as its own (a node writes its status): they are still another node's.
    [
      'an IP and a name another node reports too',
      () => servingCsr({}, { commonName: 'system:node:app1', ipAddresses: ['192.168.111.30', '192.168.111.20'], dnsNames: ['controller1'] }),
      ['sans-of-node', 'sans-not-others', 'sans-of-host'],
    ],
  ])('flags %s', async (_, make, expected) => {
    expect(failing(assessCsr(await make(), context))).toEqual(expected);
  });

  it('flags an address of the node that is not one of its host’s static IPs', async () => {
    const twoAddresses: JoinContext = { ...context, nodeAddresses: new Map([['app1', ['192.168.111.30', '10.0.0.7', 'app1']]]) };
    expect(failing(assessCsr(await servingCsr({}, { commonName: 'system:node:app1', ipAddresses: ['10.0.0.7'] }), twoAddresses))).toEqual(['sans-of-host']);
  });
});

describe('other CSRs', () => {
  it('are not node CSRs', async () => {
    expect(assessCsr(await clientCsr({ signerName: 'example.com/custom' }), context)).toMatchObject({ kind: 'other', passes: false });
  });
});

describe('floodGuardTripped', () => {
  it('trips when recent pending node CSRs exceed hosts + nodes + 100', () => {
    expect(floodGuardTripped({ pendingNodeCsrsLastHour: 110, hosts: 5, nodes: 5 })).toBe(false);
    expect(floodGuardTripped({ pendingNodeCsrsLastHour: 111, hosts: 5, nodes: 5 })).toBe(true);
  });
});
