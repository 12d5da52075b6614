/** Enrollment against the local cluster: dry runs of generated input, rollback, retries and the server's own checks. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceAccountWithRole } from '@/e2e/cluster/identities';
import { ObjectClient, adminKubeConfig, tokenKubeConfig } from '@/e2e/cluster/kube';
import { deleteWorker } from '@/e2e/cluster/seed';
import { bmcSecretName, networkSecretName } from '@/lib/enroll/manifests';
import { type HostEnrollment, hostEnrollmentSchema } from '@/lib/enroll/schema';
import { BareMetalHostKind, SecretKind } from '@/lib/k8s/kinds';
import { BMC_DRIVERS, type BmcDriver } from '@/lib/metal3/bmc';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { checkEnrollmentRequest, createHost, dryRunEnrollment } from './enroll';
import { InventoryHub } from './watch/inventory-hub';

const kc = adminKubeConfig();
const admin = new ObjectClient(kc);
const hub = new InventoryHub(kc);
afterAll(() => hub.stop());

const VIRTUAL_MEDIA = (Object.keys(BMC_DRIVERS) as BmcDriver[]).filter((d) => BMC_DRIVERS[d].virtualMedia);
const octet = fc.integer({ min: 0, max: 255 });
const hex = octet.map((n) => n.toString(16).padStart(2, '0'));
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);

/** Input the wizard could send: every field, every kind, names up to the longest the schema allows. */
const enrollmentInput = fc
  .record({
    kind: fc.constantFrom('static', 'dhcp', 'existing'),
    name: fc.oneof(
      fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?)?$/),
      // Long names, up to the 253 characters of a DNS-1123 subdomain.
      fc.tuple(fc.integer({ min: 200, max: 253 }), fc.stringMatching(/^[a-z0-9]{1,8}$/)).map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)),
    ),
    expectedNodeName: fc.option(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/), { nil: undefined }),
    driver: fc.constantFrom(...VIRTUAL_MEDIA),
    transport: fc.constantFrom('', '+http', '+https'),
    bmcHost: fc.oneof(fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')), fc.domain(), fc.ipV6().map((ip) => `[${ip}]`)),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc.constantFrom('', '/redfish/v1/Systems/1', '/redfish/v1/Systems/System.Embedded.1'),
    username: text,
    password: fc.string({ minLength: 1, maxLength: 64 }),
    disableCertificateVerification: fc.boolean(),
    mac: fc.array(hex, { minLength: 6, maxLength: 6 }).map((parts) => parts.join(':')),
    bootMode: fc.constantFrom('UEFI', 'UEFISecureBoot', 'legacy'),
    rootDeviceHints: fc.option(
      fc.record(
        {
          deviceName: fc.stringMatching(/^\/dev\/(sd[a-z]|nvme0n1|disk\/by-path\/pci-0000:00:17\.0-ata-1)$/),
          hctl: fc.tuple(octet, octet, octet, octet).map((o) => o.join(':')),
          model: text,
          vendor: text,
          serialNumber: text,
          wwn: text,
          wwnWithExtension: text,
          wwnVendorExtension: text,
          minSizeGigabytes: fc.nat({ max: 100_000 }),
          rotational: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    userDataSecret: fc.option(fc.constantFrom('worker-user-data-managed', 'controller-user-data-managed'), { nil: undefined }),
    network: fc.record({ subnet: fc.tuple(octet, octet, octet), host: fc.integer({ min: 2, max: 254 }), dns: fc.tuple(octet, octet, octet, octet), nic: fc.stringMatching(/^[a-z]{1,12}[0-9]$/) }),
  })
  .map((g) => ({
    kind: g.kind,
    name: g.name,
    expectedNodeName: g.expectedNodeName,
    bmc: { address: `${g.driver}${g.transport}://${g.bmcHost}${g.port ? `:${g.port}` : ''}${g.path}`, username: g.username, password: g.password, disableCertificateVerification: g.disableCertificateVerification },
    bootMACAddress: g.mac,
    bootMode: g.bootMode,
    rootDeviceHints: g.rootDeviceHints,
    userDataSecret: g.userDataSecret,
    networkConfig:
      g.kind === 'static'
        ? staticNmstateYaml({ ip: `${g.network.subnet.join('.')}.${g.network.host}`, prefix: 24, gateway: `${g.network.subnet.join('.')}.${g.network.host === 2 ? 3 : 1}`, dns: g.network.dns.join('.'), interfaceName: g.network.nic })
        : undefined,
  }));

describe('every enrollment the schema accepts', () => {
  it('builds objects the real apiserver accepts in a dry run (dryRun=All)', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(enrollmentInput, async (input) => {
        const parsed = hostEnrollmentSchema.safeParse(input);
        fc.pre(parsed.success);
        if (!parsed.success) return;
        accepted += 1;
        const results = await dryRunEnrollment(kc, { enrollment: parsed.data, operationId: crypto.randomUUID(), enrolledBy: 'property-test' });
        expect(results.filter((r) => r.outcome !== 'accepted')).toEqual([]);
      }),
      { numRuns: 40, endOnFailure: true },
    );
    expect(accepted, 'most generated input is valid, so the property says something').toBeGreaterThan(30);
  }, 120_000);
});

const STATIC: HostEnrollment = hostEnrollmentSchema.parse({
  kind: 'static',
  name: 'it-enroll-static',
  bmc: { address: 'redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/it-enroll-static', username: 'admin', password: 'it-secret' },
  bootMACAddress: '52:54:00:00:0d:01',
  networkConfig: staticNmstateYaml({ ip: '192.168.111.71', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }),
});

async function leftovers(name: string) {
  return {
    host: await admin.get(BareMetalHostKind, name, MACHINE_API_NAMESPACE),
    bmcSecret: await admin.get(SecretKind, bmcSecretName(name), MACHINE_API_NAMESPACE),
    networkSecret: await admin.get(SecretKind, networkSecretName(name), MACHINE_API_NAMESPACE),
  };
}

describe('create all or nothing', () => {
  it('rolls back the Secrets when the host cannot be created (an identity that may create Secrets but not hosts)', async () => {
    const token = await serviceAccountWithRole(admin, {
      namespace: 'default',
      name: 'it-secrets-only',
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'get', 'delete'] },
        { apiGroups: ['metal3.io'], resources: ['baremetalhosts'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    const outcome = await createHost(tokenKubeConfig(kc, token), { enrollment: STATIC, operationId: crypto.randomUUID(), enrolledBy: 'it' });
    expect(outcome).toEqual({
      ok: false,
      status: 403,
      error: 'Could not create BareMetalHost it-enroll-static: system:serviceaccount:default:it-secrets-only may not create baremetalhosts in namespace openshift-machine-api.',
      steps: [
        { object: 'Secret it-enroll-static-network-config-secret', outcome: 'created' },
        { object: 'Secret it-enroll-static-bmc-secret', outcome: 'created' },
        { object: 'BareMetalHost it-enroll-static', outcome: 'failed', message: 'system:serviceaccount:default:it-secrets-only may not create baremetalhosts in namespace openshift-machine-api.' },
        { object: 'Secret it-enroll-static-bmc-secret', outcome: 'deleted again' },
        { object: 'Secret it-enroll-static-network-config-secret', outcome: 'deleted again' },
      ],
    });
    expect(await leftovers(STATIC.name)).toEqual({ host: undefined, bmcSecret: undefined, networkSecret: undefined });
  });

  it('a retry of the same submission creates nothing twice; another submission of the same name is refused and deletes nothing', async () => {
    const operationId = crypto.randomUUID();
    try {
      const first = await createHost(kc, { enrollment: STATIC, operationId, enrolledBy: 'it' });
      expect(first.ok).toBe(true);
      const retry = await createHost(kc, { enrollment: STATIC, operationId, enrolledBy: 'it' });
      expect(retry).toEqual({
        ok: true,
        host: { namespace: MACHINE_API_NAMESPACE, name: STATIC.name },
        steps: ['Secret it-enroll-static-network-config-secret', 'Secret it-enroll-static-bmc-secret', 'BareMetalHost it-enroll-static'].map((object) => ({
          object,
          outcome: 'already created by this submission',
        })),
      });
      const other = await createHost(kc, { enrollment: STATIC, operationId: crypto.randomUUID(), enrolledBy: 'it' });
      expect(other).toMatchObject({ ok: false, status: 409, error: 'Could not create Secret it-enroll-static-network-config-secret: Secret it-enroll-static-network-config-secret already exists and was not made by this submission.' });
      const left = await leftovers(STATIC.name);
      expect(left.host && left.bmcSecret && left.networkSecret, 'the first submission is intact').toBeTruthy();
      // The server's check lets the retry through but refuses a new submission of a taken name.
      expect(await checkEnrollmentRequest({ operationId, enrollment: STATIC }, { kc, hub })).toMatchObject({ ok: true });
      await expect.poll(async () => checkEnrollmentRequest({ operationId: crypto.randomUUID(), enrollment: STATIC }, { kc, hub })).toEqual({
        ok: false,
        fields: { name: 'Host it-enroll-static already exists in openshift-machine-api.' },
      });
    } finally {
      await deleteWorker(admin, { host: STATIC.name });
      await admin.delete(SecretKind, networkSecretName(STATIC.name), MACHINE_API_NAMESPACE);
    }
  }, 150_000);
});

describe("the server's own checks", () => {
  it('refuses a duplicate MAC and IP of the seeded hosts, and a driver the browser should have refused, at their fields', async () => {
    const body = {
      operationId: crypto.randomUUID(),
      enrollment: {
        ...STATIC,
        name: 'it-enroll-duplicate',
        bootMACAddress: '52:54:00:00:02:01',
        networkConfig: staticNmstateYaml({ ip: '192.168.111.30', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }),
      },
    };
    expect(await checkEnrollmentRequest(body, { kc, hub })).toEqual({
      ok: false,
      fields: {
        bootMACAddress: '52:54:00:00:02:01 is the boot MAC of host openshift-worker-1.',
        networkConfig: '192.168.111.30 is in the network config of host openshift-worker-0.',
      },
    });
    const ipmi = { ...body, enrollment: { ...body.enrollment, bmc: { ...body.enrollment.bmc, address: 'ipmi://10.0.0.9' } } };
    expect(await checkEnrollmentRequest(ipmi, { kc, hub })).toEqual({
      ok: false,
      fields: { 'bmc.address': expect.stringContaining('The ipmi driver needs a provisioning network') },
    });
  });
});
