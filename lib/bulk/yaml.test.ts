import { describe, expect, it } from 'vitest';
import { checkRow } from './rows';
import { readBulkYaml } from './yaml';

let counter = 0;
const newId = () => `id-${++counter}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The seed's BMC Secret of a host, its values base64 under data. */
const bmcSecret = (host: string, password: string) => `---
apiVersion: v1
kind: Secret
metadata:
  name: ${host}-bmc-secret
  namespace: openshift-machine-api
type: Opaque
data:
  username: ${b64('admin')}
  password: ${b64(password)}
`;

/** The seed's static bmh.yaml, filled in (shared/seeds/scaling-upi-cluster-with-bmo.md). */
const SEED_STATIC = `---
apiVersion: v1
kind: Secret
metadata:
  name: openshift-worker-5-network-config-secret
  namespace: openshift-machine-api
type: Opaque
stringData:
  nmstate: |
    interfaces:
    - name: eno1
      type: ethernet
      state: up
      ipv4:
        address:
        - ip: 192.168.111.65
          prefix-length: 24
        enabled: true
    dns-resolver:
      config:
        server:
        - 192.168.111.1
    routes:
      config:
      - destination: 0.0.0.0/0
        next-hop-address: 192.168.111.1
        next-hop-interface: eno1
${bmcSecret('openshift-worker-5', 'pa,ss"word')}---
apiVersion: metal3.io/v1alpha1
kind: BareMetalHost
metadata:
  name: openshift-worker-5
  namespace: openshift-machine-api
spec:
  online: true
  bootMACAddress: 52:54:00:00:05:05
  bmc:
    address: redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/5
    credentialsName: openshift-worker-5-bmc-secret
    disableCertificateVerification: false
  customDeploy:
    method: install_coreos
  userData:
    name: worker-user-data-managed
    namespace: openshift-machine-api
  rootDeviceHints:
    deviceName: /dev/sda
  preprovisioningNetworkDataName: openshift-worker-5-network-config-secret
`;

/** The seed's DHCP bmh.yaml, with its credentialsName as the seed writes it (`-bmc`, the Secret is `-bmc-secret`). */
const seedDhcp = (credentialsName: string) => `${bmcSecret('openshift-worker-6', 'secret')}---
apiVersion: metal3.io/v1alpha1
kind: BareMetalHost
metadata:
  name: openshift-worker-6
  namespace: openshift-machine-api
spec:
  online: true
  bootMACAddress: 52:54:00:00:05:06
  bmc:
    address: redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/6
    credentialsName: ${credentialsName}
    disableCertificateVerification: false
  customDeploy:
    method: install_coreos
  userData:
    name: worker-user-data-managed
    namespace: openshift-machine-api
  rootDeviceHints:
    deviceName: /dev/sda
`;

describe('readBulkYaml', () => {
  it("reads the seed's static bmh.yaml unchanged into a row the schema accepts, the password decoded", () => {
    const result = readBulkYaml(SEED_STATIC, newId);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [row] = result.rows;
    expect(row?.cells).toMatchObject({ name: 'openshift-worker-5', network: 'static', bmcUsername: 'admin', bmcPassword: 'pa,ss"word', rootDevice: '/dev/sda', bootMACAddress: '52:54:00:00:05:05' });
    expect(row?.cells.nmstate).toContain('192.168.111.65');
    expect(row?.line).toBe(39);
    expect(checkRow(row!).problems).toEqual({});
  });

  it("reads many hosts from one file, with CRLF line ends, and finds the seed's DHCP credentialsName typo", () => {
    const two = `${SEED_STATIC}${seedDhcp('openshift-worker-6-bmc-secret')}`.replaceAll('\n', '\r\n');
    const result = readBulkYaml(two, newId);
    expect(result.ok && result.rows.map((r) => [r.cells.name, r.cells.network])).toEqual([
      ['openshift-worker-5', 'static'],
      ['openshift-worker-6', 'dhcp'],
    ]);
    expect(readBulkYaml(seedDhcp('openshift-worker-6-bmc'), newId)).toEqual({
      ok: false,
      problems: [
        { line: 22, column: 22, message: 'Secret openshift-worker-6-bmc is not in the file: it must hold the BMC user name and password.' },
        { line: 5, column: 9, message: expect.stringMatching(/^Secret openshift-worker-6-bmc-secret is named by no BareMetalHost/) },
      ],
    });
  });

  it('says where the YAML is broken, and where a document is not an enrollment', () => {
    expect(readBulkYaml('kind: Secret\n  name: x\n bad: [\n', newId)).toMatchObject({ ok: false, problems: [{ line: expect.any(Number), column: expect.any(Number), message: expect.stringMatching(/^Not valid YAML/) }] });
    const other = readBulkYaml(`${seedDhcp('openshift-worker-6-bmc-secret')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n`, newId);
    expect(other).toMatchObject({ ok: false, problems: [{ line: 33, column: 7, message: 'kind ConfigMap is not part of an enrollment: the file holds Secrets and BareMetalHosts.' }] });
  });

  it('names where an unclosed { or [ opened, not the later line where the parser noticed it', () => {
    const host = 'apiVersion: metal3.io/v1alpha1\nkind: BareMetalHost\nmetadata: {name: rack-c-2, namespace: openshift-machine-api\nspec:\n  online: true\n';
    // The parser reports it at line 4, column 1 (spec:), as bad indentation of the flow mapping.
    expect(readBulkYaml(host, newId)).toEqual({ ok: false, problems: [{ line: 3, column: 11, message: 'Not valid YAML: this { is never closed; add its }.' }] });
    expect(readBulkYaml('kind: Secret\nstringData: {password: [a, b}\n', newId)).toEqual({ ok: false, problems: [{ line: 2, column: 24, message: 'Not valid YAML: this [ is never closed; add its ].' }] });
  });

  it('refuses what an enrollment would not create as written, at its line', () => {
    const changed = seedDhcp('openshift-worker-6-bmc-secret')
      .replace('  online: true\n', '  online: true\n  automatedCleaningMode: disabled\n')
      .replace('name: openshift-worker-6\n  namespace: openshift-machine-api', 'name: openshift-worker-6\n  namespace: default');
    expect(readBulkYaml(changed, newId)).toEqual({
      ok: false,
      problems: [
        { line: 16, column: 14, message: 'Hosts and their Secrets live in openshift-machine-api (BMO watches only it), not default.' },
        { line: 19, column: 3, message: expect.stringMatching(/^spec\.automatedCleaningMode is not something an enrollment writes/) },
      ],
    });
    const existing = seedDhcp('openshift-worker-6-bmc-secret').replace('  online: true\n', '  online: true\n  externallyProvisioned: true\n');
    expect(readBulkYaml(existing, newId)).toMatchObject({ ok: false, problems: [{ line: 19, message: expect.stringMatching(/^externallyProvisioned: true is for a host that already runs/) }] });
  });

  it('refuses data that is not base64', () => {
    const broken = seedDhcp('openshift-worker-6-bmc-secret').replace(`password: ${b64('secret')}`, 'password: not base64!');
    expect(readBulkYaml(broken, newId)).toMatchObject({ ok: false, problems: [{ line: 10, column: 13, message: 'data.password is not base64 of UTF-8 text (put plain text under stringData instead).' }] });
  });
});
