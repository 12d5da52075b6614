import { addressKey, canonicalIp } from '@/lib/net/ip';
import { type CertificateRequestInfo, OID_COMMON_NAME, OID_ORGANIZATION } from './request';

export const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
export const SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
export const BOOTSTRAPPER_USER = 'system:serviceaccount:openshift-machine-config-operator:node-bootstrapper';
export const BOOTSTRAPPER_GROUPS = ['system:serviceaccounts:openshift-machine-config-operator', 'system:serviceaccounts', 'system:authenticated'];
const NODE_PREFIX = 'system:node:';
/** cluster-machine-approver's window: a client CSR must come within 2 h of provisioning. */
export const CLIENT_CSR_WINDOW_MS = 2 * 3600 * 1000;

/** The CSR as the checks need it. */
export interface CsrFacts {
  name: string;
  signerName: string;
  username: string;
  groups: string[];
  usages: string[];
  createdAt: string;
  request: CertificateRequestInfo;
}

/** What the cluster says about the node and host a CSR is for. */
export interface JoinContext {
  /** Every address (any type) of each existing Node, by node name. */
  nodeAddresses: ReadonlyMap<string, readonly string[]>;
  /** The nodes that report each address (addressKey: IPs compared as addresses, names case-folded). */
  nodesByAddress: ReadonlyMap<string, readonly string[]>;
  /** Hosts BMO provisioned (not externally) that have no node yet. */
  provisionedHosts: readonly {
    name: string;
    expectedNodeName: string;
    /** When the host became provisioned, when known. */
    provisionedAt?: string;
    staticIps: readonly string[];
  }[];
  /** The host of a node that exists, for serving CSRs (its static IPs, when known). */
  hostOfNode: ReadonlyMap<string, { name: string; staticIps: readonly string[] }>;
  /**
   * Every CSR for the kubelet client signer by the node its subject names (the CN Go reads), with
   * its condition: two requests for one node cannot both be the host's.
   */
  clientRequests: ReadonlyMap<string, readonly { name: string; condition: 'Pending' | 'Approved' | 'Denied' | 'Failed' }[]>;
}

export interface CsrCheck {
  id: string;
  label: string;
  pass: boolean;
  detail?: string;
}

export interface CsrAssessment {
  kind: 'client' | 'serving' | 'other';
  nodeName?: string;
  /** The host this CSR belongs to, when one matches. */
  host?: string;
  checks: CsrCheck[];
  passes: boolean;
}

const ATTRIBUTE_NAMES: Record<string, string> = { [OID_COMMON_NAME]: 'CN', [OID_ORGANIZATION]: 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C' };
const attributeName = (type: string) => ATTRIBUTE_NAMES[type] ?? type;
const attributeText = (a: { type: string; value: string | null }) => `${attributeName(a.type)}=${a.value ?? '(not a string)'}`;

/**
 * Why the subject does not name one node unambiguously, in words; [] when it does. Go keeps the
 * LAST CN and every O (pkix.Name.FillFromRDNSequence), so a request reading
 * `O=system:nodes, CN=system:node:<worker>, CN=system:node:<control plane>` to a first-CN reader
 * yields a certificate for the control-plane node. A node's subject is exactly one O and one CN,
 * each its own RDN; anything else fails, whoever it would name.
 */
export function subjectProblems(request: CertificateRequestInfo): string[] {
  if (!request.subject) return ['the subject could not be read'];
  const attributes = request.subject.flat();
  const problems: string[] = [];
  const cns = attributes.filter((a) => a.type === OID_COMMON_NAME);
  const os = attributes.filter((a) => a.type === OID_ORGANIZATION);
  if (cns.length > 1) {
    problems.push(`it has ${cns.length} CNs (${cns.map(attributeText).join(', ')}); the certificate would carry the last string one, ${request.commonName ? `CN=${request.commonName}` : 'none'}`);
  }
  if (os.length > 1) problems.push(`it has ${os.length} Os (${os.map(attributeText).join(', ')}); each would be a group of the certificate`);
  for (const [i, rdn] of request.subject.entries()) {
    if (rdn.length > 1) problems.push(`RDN ${i + 1} is multi-valued (${rdn.map(attributeText).join(' + ')})`);
  }
  for (const a of [...cns, ...os]) {
    if (a.value === null) problems.push(`its ${attributeName(a.type)} is not encoded as a string Go reads, so the certificate would not carry it`);
  }
  return problems;
}

function subjectDetail(request: CertificateRequestInfo, problems: readonly string[]): string {
  const summary = `O=${request.organizations.join('+') || '∅'}, CN=${request.commonName || '∅'}`;
  return problems.length > 0 ? `${summary}: ${problems.join('; ')}` : summary;
}

/** Whether `address` (an IP in any form, or a name) is one of `addresses`, compared as addresses (SPEC §5). */
function hasAddress(addresses: readonly string[], address: string): boolean {
  const key = addressKey(address);
  return addresses.some((other) => addressKey(other) === key);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function usagesCheck(usages: string[], purpose: 'client auth' | 'server auth'): CsrCheck {
  const modern = ['digital signature', purpose];
  const legacy = [...modern, 'key encipherment'];
  const pass = sameSet(usages, modern) || sameSet(usages, legacy);
  return { id: 'usages', label: `Usages are digital signature and ${purpose} (key encipherment allowed)`, pass, detail: pass ? undefined : `asks for ${usages.join(', ') || 'none'}` };
}

/** The node a `system:node:<name>` user or CN names, else undefined. */
export function nodeNameOf(commonName: string): string | undefined {
  return commonName.startsWith(NODE_PREFIX) && commonName.length > NODE_PREFIX.length ? commonName.slice(NODE_PREFIX.length) : undefined;
}

function assessClient(csr: CsrFacts, context: JoinContext): CsrAssessment {
  const nodeName = nodeNameOf(csr.request.commonName);
  const host = nodeName ? context.provisionedHosts.find((h) => h.expectedNodeName === nodeName) : undefined;
  const sans = [...csr.request.dnsNames, ...csr.request.ipAddresses, ...csr.request.otherNames];
  const problems = subjectProblems(csr.request);
  const others = nodeName ? (context.clientRequests.get(nodeName) ?? []).filter((r) => r.name !== csr.name && (r.condition === 'Pending' || r.condition === 'Approved')) : [];
  const checks: CsrCheck[] = [
    { id: 'signer', label: `Signer is ${CLIENT_SIGNER}`, pass: csr.signerName === CLIENT_SIGNER },
    { id: 'requestor', label: 'Requested by the node-bootstrapper ServiceAccount', pass: csr.username === BOOTSTRAPPER_USER, detail: csr.username === BOOTSTRAPPER_USER ? undefined : `requested by ${csr.username}` },
    {
      id: 'groups',
      label: "Requestor's groups are exactly the bootstrapper's",
      pass: sameSet(csr.groups, BOOTSTRAPPER_GROUPS),
      detail: sameSet(csr.groups, BOOTSTRAPPER_GROUPS) ? undefined : `groups ${csr.groups.join(', ')}`,
    },
    {
      id: 'subject',
      label: 'Subject is O=system:nodes, CN=system:node:<name>, nothing repeated or multi-valued',
      pass: problems.length === 0 && sameSet(csr.request.organizations, ['system:nodes']) && nodeName !== undefined,
      detail: subjectDetail(csr.request, problems),
    },
    { id: 'no-sans', label: 'Asks for no subject alternative names', pass: sans.length === 0, detail: sans.length ? sans.join(', ') : undefined },
    usagesCheck(csr.usages, 'client auth'),
    {
      id: 'node-absent',
      label: 'No Node of that name exists yet',
      pass: nodeName !== undefined && !context.nodeAddresses.has(nodeName),
      detail: nodeName && context.nodeAddresses.has(nodeName) ? `node ${nodeName} already exists` : undefined,
    },
    {
      // Nothing in a request tells the host's from another holder of the bootstrap token's: a person decides.
      id: 'only-request',
      label: 'No other client CSR asks for this node',
      pass: others.length === 0,
      detail: others.length
        ? `${others.map((r) => `${r.name} (${r.condition.toLowerCase()})`).join(', ')} also ${others.length === 1 ? 'asks' : 'ask'} for node ${nodeName}: only one can be the host's; deny the others`
        : undefined,
    },
    {
      id: 'host',
      label: 'A provisioned host without a node expects this node name',
      pass: host !== undefined,
      detail: host ? `host ${host.name}` : 'unmatched: no provisioned host expects this name',
    },
  ];
  if (host) {
    const provisionedAt = host.provisionedAt ? Date.parse(host.provisionedAt) : undefined;
    const created = Date.parse(csr.createdAt);
    const inWindow = provisionedAt !== undefined && created >= provisionedAt - 60_000 && created - provisionedAt <= CLIENT_CSR_WINDOW_MS;
    checks.push({
      id: 'window',
      label: 'Created within 2 h of the host becoming provisioned',
      pass: inWindow,
      detail: provisionedAt === undefined ? 'when the host became provisioned is unknown' : inWindow ? undefined : `created ${Math.round((created - provisionedAt) / 60000)} min after provisioning`,
    });
  }
  return { kind: 'client', nodeName, host: host?.name, checks, passes: checks.every((c) => c.pass) };
}

function assessServing(csr: CsrFacts, context: JoinContext): CsrAssessment {
  // The requestor's node; for a CSR a non-node forged, the node its CN claims to be.
  const nodeName = nodeNameOf(csr.username) ?? nodeNameOf(csr.request.commonName);
  const addresses = nodeName ? context.nodeAddresses.get(nodeName) : undefined;
  const host = nodeName ? context.hostOfNode.get(nodeName) : undefined;
  const sans = [...csr.request.ipAddresses, ...csr.request.dnsNames];
  const foreign = addresses ? sans.filter((san) => !hasAddress(addresses, san)) : sans;
  const staticIps = new Set(host?.staticIps.map((ip) => canonicalIp(ip) ?? ip));
  const notStatic = host && host.staticIps.length > 0 ? csr.request.ipAddresses.filter((ip) => !staticIps.has(canonicalIp(ip) ?? ip)) : [];
  const others = sans.flatMap((san) => {
    const owners = (context.nodesByAddress.get(addressKey(san)) ?? []).filter((owner) => owner !== nodeName);
    return owners.length ? [`${san} is also ${owners.length === 1 ? 'an address of node' : 'an address of nodes'} ${owners.join(', ')}`] : [];
  });
  const problems = subjectProblems(csr.request);
  const checks: CsrCheck[] = [
    { id: 'signer', label: `Signer is ${SERVING_SIGNER}`, pass: csr.signerName === SERVING_SIGNER },
    {
      id: 'requestor',
      label: 'Requested by the node itself (system:node:<name>, group system:nodes)',
      pass: nodeNameOf(csr.username) !== undefined && csr.groups.includes('system:nodes') && csr.groups.includes('system:authenticated'),
      detail: `requested by ${csr.username} (${csr.groups.join(', ')})`,
    },
    {
      id: 'subject',
      label: 'Subject CN is the requestor and O=system:nodes, nothing repeated or multi-valued',
      pass: problems.length === 0 && csr.request.commonName === csr.username && sameSet(csr.request.organizations, ['system:nodes']),
      detail: subjectDetail(csr.request, problems),
    },
    usagesCheck(csr.usages, 'server auth'),
    {
      id: 'sans-of-node',
      label: 'Every IP and DNS name asked for is an address of the node',
      pass: addresses !== undefined && foreign.length === 0 && csr.request.otherNames.length === 0,
      detail: !addresses ? `node ${nodeName ?? '?'} does not exist` : foreign.length || csr.request.otherNames.length ? `not the node's: ${[...foreign, ...csr.request.otherNames].join(', ')}` : undefined,
    },
    {
      // A node writes its own addresses: one reporting another node's would otherwise get a certificate for it.
      id: 'sans-not-others',
      label: "No IP or DNS name asked for is another node's",
      pass: others.length === 0,
      detail: others.length ? others.join(', ') : undefined,
    },
  ];
  if (host && host.staticIps.length > 0) {
    checks.push({
      id: 'sans-of-host',
      label: `Every IP asked for is a static IP of host ${host.name}`,
      pass: notStatic.length === 0,
      detail: notStatic.length ? `not in its network config: ${notStatic.join(', ')}` : undefined,
    });
  }
  return { kind: 'serving', nodeName, host: host?.name, checks, passes: checks.every((c) => c.pass) };
}

/** Checks a node CSR as SPEC §6 (and cluster-machine-approver's guards) say; other CSRs are not node CSRs. */
export function assessCsr(csr: CsrFacts, context: JoinContext): CsrAssessment {
  if (csr.signerName === CLIENT_SIGNER) return assessClient(csr, context);
  if (csr.signerName === SERVING_SIGNER) return assessServing(csr, context);
  return { kind: 'other', checks: [{ id: 'signer', label: 'A node CSR (kubelet client or serving signer)', pass: false, detail: csr.signerName }], passes: false };
}

/** cluster-machine-approver's flood guard: too many recent pending node CSRs stops automatic approval. */
export function floodGuardTripped(options: { pendingNodeCsrsLastHour: number; hosts: number; nodes: number }): boolean {
  return options.pendingNodeCsrsLastHour > options.hosts + options.nodes + 100;
}
