import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { EC_P256, createCertificateRequestPem } from '@/lib/pki/certificate-request';
import { BOOTSTRAPPER_GROUPS, BOOTSTRAPPER_USER, CLIENT_SIGNER, type CsrFacts, type JoinContext, SERVING_SIGNER, assessCsr, floodGuardTripped } from './checks';
import { parseCertificateRequest } from './request';

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

describe('parseCertificateRequest', () => {
  it('reads subject and SANs of a real PKCS#10 request', async () => {
    expect(parseCertificateRequest(await request({ commonName: 'system:node:a', ipAddresses: ['10.0.0.1', 'fd00::1'], dnsNames: ['a'] }))).toEqual({
      commonName: 'system:node:a',
      organizations: ['system:nodes'],
      dnsNames: ['a'],
      ipAddresses: ['10.0.0.1', 'fd00::1'],
      otherNames: [],
    });
  });
});

describe('client CSR checks', () => {
  it('passes the bootstrapper’s CSR for a provisioned host’s expected node, and names the host', async () => {
    const assessment = assessCsr(await clientCsr(), context);
    expect(failing(assessment)).toEqual([]);
    expect(assessment).toMatchObject({ kind: 'client', nodeName: 'app5', host: 'openshift-worker-5', passes: true });
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
