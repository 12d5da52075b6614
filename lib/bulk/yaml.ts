import { type Document, LineCounter, isMap, isScalar, parseAllDocuments } from 'yaml';
import { ANNOTATIONS, MACHINE_API_NAMESPACE, WORKER_USER_DATA_SECRET } from '@/lib/metal3/constants';
import { yamlSyntaxProblem } from '@/lib/nmstate/validate';
import type { BulkCellId } from './columns';
import { BOOT_MODES, type BulkRow, MAX_BATCH_ROWS, type ReadProblem, type ReadResult, emptyCells } from './rows';

/**
 * Reads a multi-document YAML file in the seed's own format (shared/seeds, "Provisioning new
 * hosts"): Secrets and BareMetalHosts in any order, any number of hosts, so an administrator's
 * existing bmh.yaml files work unchanged. Each BareMetalHost becomes a row, with the username and
 * password of the Secret its `spec.bmc.credentialsName` names (`data` base64, or `stringData`,
 * which wins as the apiserver merges it) and the NMState of the Secret its
 * `preprovisioningNetworkDataName` names (key `nmstate`).
 *
 * Anything an enrollment would not create as written is refused at its line and column rather
 * than dropped: another kind or namespace, a field the console does not write, a reference to a
 * Secret the file lacks, a Secret no host uses, an externally provisioned or powered-off host.
 */

type Node = { range?: [number, number, number] | null } | null | undefined;

const HOST_KEYS = {
  root: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
  metadata: ['name', 'namespace', 'annotations'],
  spec: ['online', 'bootMACAddress', 'bmc', 'customDeploy', 'userData', 'rootDeviceHints', 'preprovisioningNetworkDataName', 'bootMode', 'externallyProvisioned'],
  bmc: ['address', 'credentialsName', 'disableCertificateVerification'],
} as const;
const SECRET_KEYS = { root: ['apiVersion', 'kind', 'metadata', 'type', 'data', 'stringData'], metadata: ['name', 'namespace'] } as const;

interface SecretDoc {
  name: string;
  values: Record<string, string>;
  at: Node;
  used: boolean;
}

interface HostDoc {
  doc: Document;
  name: string;
  at: Node;
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function decodeBase64(text: string): string | undefined {
  if (!BASE64.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/\s/g, ''));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** The rows of a multi-document YAML file, or the problems that keep it from being read, each at its line and column. */
export function readBulkYaml(source: string, newId: () => string): ReadResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(source, { lineCounter, prettyErrors: false });
  const problems: ReadProblem[] = [];
  const at = (node: Node, message: string) => {
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    problems.push({ line, column: col, message });
  };
  if (!Array.isArray(docs)) return { ok: false, problems: [{ line: 1, column: 1, message: 'The file is not YAML documents.' }] };
  for (const doc of docs) {
    // The first error of a document; the parser's later ones follow from it.
    const [error] = doc.errors;
    if (error) {
      const { offset, message } = yamlSyntaxProblem(source, error);
      const { line, col } = lineCounter.linePos(offset);
      problems.push({ line, column: col, message });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const secrets = new Map<string, SecretDoc>();
  const hosts: HostDoc[] = [];
  const unknownKeys = (doc: Document, path: string[], allowed: readonly string[]) => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!allowed.includes(key)) at(pair.key as Node, `${[...path, key].join('.')} is not something an enrollment writes, so the console would not create it; remove it, or create this host with oc.`);
    }
  };
  for (const doc of docs) {
    if (doc.contents === null) continue;
    if (!isMap(doc.contents)) {
      at(doc.contents as Node, 'Each document must be a Secret or a BareMetalHost (a mapping with apiVersion, kind, metadata).');
      continue;
    }
    const kind = text(doc.get('kind'));
    const apiVersion = text(doc.get('apiVersion'));
    const name = text(doc.getIn(['metadata', 'name']));
    const namespace = doc.getIn(['metadata', 'namespace']);
    if (kind !== 'Secret' && kind !== 'BareMetalHost') {
      at((doc.get('kind', true) as Node) ?? doc.contents, `${kind ? `kind ${kind}` : 'A document without a kind'} is not part of an enrollment: the file holds Secrets and BareMetalHosts.`);
      continue;
    }
    const expectedVersion = kind === 'Secret' ? 'v1' : 'metal3.io/v1alpha1';
    if (apiVersion !== expectedVersion) at((doc.get('apiVersion', true) as Node) ?? doc.contents, `A ${kind} has apiVersion ${expectedVersion}.`);
    if (!name) at((doc.get('metadata', true) as Node) ?? doc.contents, `The ${kind} has no metadata.name.`);
    if (namespace !== undefined && namespace !== MACHINE_API_NAMESPACE) {
      at(doc.getIn(['metadata', 'namespace'], true) as Node, `Hosts and their Secrets live in ${MACHINE_API_NAMESPACE} (BMO watches only it), not ${text(namespace)}.`);
    }
    if (kind === 'Secret') {
      unknownKeys(doc, [], SECRET_KEYS.root);
      unknownKeys(doc, ['metadata'], SECRET_KEYS.metadata);
      const type = doc.get('type');
      if (type !== undefined && type !== 'Opaque') at(doc.get('type', true) as Node, `A Secret of an enrollment is of type Opaque, not ${text(type)}.`);
      const values: Record<string, string> = {};
      const data = doc.get('data', true);
      if (isMap(data)) {
        for (const pair of data.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          const decoded = decodeBase64(text(isScalar(pair.value) ? pair.value.value : ''));
          if (decoded === undefined) at((pair.value ?? pair.key) as Node, `data.${key} is not base64 of UTF-8 text (put plain text under stringData instead).`);
          else values[key] = decoded;
        }
      }
      const stringData = doc.get('stringData', true);
      if (isMap(stringData)) for (const pair of stringData.items) values[isScalar(pair.key) ? String(pair.key.value) : String(pair.key)] = text(isScalar(pair.value) ? pair.value.value : '');
      if (secrets.has(name)) at(doc.getIn(['metadata', 'name'], true) as Node, `Secret ${name} is in the file twice.`);
      else if (name) secrets.set(name, { name, values, at: doc.getIn(['metadata', 'name'], true) as Node, used: false });
    } else {
      unknownKeys(doc, [], HOST_KEYS.root);
      unknownKeys(doc, ['metadata'], HOST_KEYS.metadata);
      unknownKeys(doc, ['spec'], HOST_KEYS.spec);
      unknownKeys(doc, ['spec', 'bmc'], HOST_KEYS.bmc);
      const annotations = doc.getIn(['metadata', 'annotations'], true);
      if (isMap(annotations)) {
        for (const pair of annotations.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          if (key !== ANNOTATIONS.expectedNodeName) at(pair.key as Node, `Annotation ${key} is not one an enrollment writes (only ${ANNOTATIONS.expectedNodeName}); remove it, or create this host with oc.`);
        }
      }
      if (hosts.some((h) => h.name === name)) at(doc.getIn(['metadata', 'name'], true) as Node, `BareMetalHost ${name} is in the file twice.`);
      else hosts.push({ doc, name, at: doc.contents as Node });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (hosts.length === 0) return { ok: false, problems: [{ line: 1, column: 1, message: 'The file has no BareMetalHost.' }] };
  if (hosts.length > MAX_BATCH_ROWS) return { ok: false, problems: [{ line: lineCounter.linePos(hosts[MAX_BATCH_ROWS]?.at?.range?.[0] ?? 0).line, column: 1, message: `A batch has at most ${MAX_BATCH_ROWS} hosts; split the file.` }] };

  const rows = hosts.map(({ doc, name, at: hostAt }): BulkRow => {
    const spec = (path: string[]) => doc.getIn(['spec', ...path]);
    const node = (path: string[]) => doc.getIn(['spec', ...path], true) as Node;
    const cells = emptyCells();
    const readProblems: Partial<Record<BulkCellId, string>> = {};
    cells.name = name;
    cells.expectedNodeName = text(doc.getIn(['metadata', 'annotations', ANNOTATIONS.expectedNodeName]));
    cells.bmcAddress = text(spec(['bmc', 'address']));
    cells.bootMACAddress = text(spec(['bootMACAddress']));
    cells.rootDevice = text(spec(['rootDeviceHints', 'deviceName']));
    const disable = spec(['bmc', 'disableCertificateVerification']);
    if (disable !== undefined && typeof disable !== 'boolean') readProblems.disableCertificateVerification = `disableCertificateVerification is true or false, not ${text(disable)}.`;
    cells.disableCertificateVerification = disable === true;
    const mode = spec(['bootMode']);
    const bootMode = mode === undefined ? 'UEFI' : BOOT_MODES.find((m) => m === mode);
    if (!bootMode) readProblems.bootMode = `"${text(mode)}" is not a boot mode: UEFI, UEFISecureBoot or legacy.`;
    cells.bootMode = bootMode ?? '';
    if (spec(['online']) !== undefined && spec(['online']) !== true) at(node(['online']), 'The console enrolls new workers powered on (online: true).');
    if (spec(['externallyProvisioned']) === true) at(node(['externallyProvisioned']), 'externallyProvisioned: true is for a host that already runs; a batch enrolls new workers (enroll an existing host with the wizard).');
    const method = spec(['customDeploy', 'method']);
    if (method !== 'install_coreos') at(node(['customDeploy']) ?? hostAt, 'A new worker is installed with customDeploy.method install_coreos.');
    const userDataNamespace = spec(['userData', 'namespace']);
    if (userDataNamespace !== undefined && userDataNamespace !== MACHINE_API_NAMESPACE) at(node(['userData', 'namespace']), `The user-data Secret is read from ${MACHINE_API_NAMESPACE}.`);
    const userData = text(spec(['userData', 'name']));
    const hints = doc.getIn(['spec', 'rootDeviceHints'], true);
    const otherHints = isMap(hints) ? Object.fromEntries(Object.entries(hints.toJSON() as Record<string, unknown>).filter(([key]) => key !== 'deviceName')) : {};
    const extra: BulkRow['extra'] = {
      ...(Object.keys(otherHints).length > 0 ? { rootDeviceHints: otherHints as Record<string, string | number | boolean> } : {}),
      ...(userData && userData !== WORKER_USER_DATA_SECRET ? { userDataSecret: userData } : {}),
    };

    const credentials = text(spec(['bmc', 'credentialsName']));
    const bmc = secrets.get(credentials);
    if (!credentials) at(node(['bmc']) ?? hostAt, 'spec.bmc.credentialsName names no Secret: the file must hold the BMC Secret.');
    else if (!bmc) at(node(['bmc', 'credentialsName']), `Secret ${credentials} is not in the file: it must hold the BMC user name and password.`);
    else {
      bmc.used = true;
      cells.bmcUsername = bmc.values.username ?? '';
      cells.bmcPassword = bmc.values.password ?? '';
    }
    const networkName = text(spec(['preprovisioningNetworkDataName']));
    cells.network = networkName ? 'static' : 'dhcp';
    if (networkName) {
      const network = secrets.get(networkName);
      if (!network) at(node(['preprovisioningNetworkDataName']), `Secret ${networkName} is not in the file: it must hold the NMState config (key nmstate).`);
      else {
        network.used = true;
        if (network.values.nmstate === undefined) at(network.at, `Secret ${networkName} has no nmstate key: image customization fails without it.`);
        cells.nmstate = network.values.nmstate ?? '';
      }
    }
    return { id: newId(), line: lineCounter.linePos(hostAt?.range?.[0] ?? 0).line, cells, extra, readProblems };
  });
  for (const secret of secrets.values()) if (!secret.used) at(secret.at, `Secret ${secret.name} is named by no BareMetalHost in the file (spec.bmc.credentialsName or spec.preprovisioningNetworkDataName).`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
