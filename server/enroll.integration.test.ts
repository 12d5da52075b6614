/** Enrollment against the local cluster: the schema against the real admission chain, rollback, retries and the server's own checks. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAccountWithRole } from '@/e2e/cluster/identities';
import { KubeRequestError, ObjectClient, adminKubeConfig, kubeRequest, tokenKubeConfig } from '@/e2e/cluster/kube';
import { deleteWorker } from '@/e2e/cluster/seed';
import { enrollmentObjects } from '@/lib/enroll/manifests';
import { bmcSecretName, networkSecretName } from '@/lib/enroll/names';
import { ENROLLMENT_POLICIES, policyOfIssue } from '@/lib/enroll/policies';
import { type HostEnrollment, hostEnrollmentSchema } from '@/lib/enroll/schema';
import { BareMetalHostKind, EventKind, SecretKind, resourcePath } from '@/lib/k8s/kinds';
import { BMC_DRIVERS } from '@/lib/metal3/bmc';
import { type BmhAdmissionInput, bareMetalHostWebhookProblems, webhookDenialText } from '@/lib/metal3/bmh-webhook';
import { bareMetalHostSchema } from '@/lib/metal3/bare-metal-host';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { checkEnrollmentRequest, createHost, dryRunEnrollment } from './enroll';
import { verifiedEnrollment } from './host-seals';
import { InventoryHub } from './watch/inventory-hub';

const kc = adminKubeConfig();
const admin = new ObjectClient(kc);
const hub = new InventoryHub(kc);
afterAll(() => hub.stop());

/** How the console words a denial by BMO's BareMetalHost webhook (server/errors.ts). */
const BMH_DENIAL = 'Refused by the admission webhook baremetalhost.metal3.io: ';

const octet = fc.integer({ min: 0, max: 255 });
const pairs = (count: number) => fc.array(octet.map((n) => n.toString(16).padStart(2, '0')), { minLength: count, maxLength: count });
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0);
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const nameish = (max: number) => fc.stringMatching(new RegExp(`^[a-z0-9]([-a-z0-9]{0,${max}}[a-z0-9])?$`));

/** Host names: ordinary ones, ones near each length limit (231 static, 242 otherwise, 253), UUIDs as google/uuid reads them, and invalid ones. */
const hostName = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(nameish(30), fc.option(nameish(20), { nil: undefined })).map(([a, b]) => (b ? `${a}.${b}` : a)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(230, 231, 232, 241, 242, 243, 252, 253, 254), fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.boolean())
      .map(([length, unit, dotted]) => {
        const name = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
        return dotted && length > 10 ? `${name.slice(0, 5)}.${name.slice(6)}` : name;
      }),
  },
  { weight: 2, arbitrary: fc.oneof(fc.uuid(), fc.uuid().map((u) => u.replaceAll('-', '')), fc.uuid().map((u) => `x${u}z`), fc.uuid().map((u) => `${u}0`)) },
  { weight: 1, arbitrary: fc.constantFrom('Worker-5', 'worker_5', '-worker', 'worker-', 'worker.', '', 'a..b') },
);

/** Every driver BMO registers, some it does not, and a capitalised one (Go lowercases the scheme). */
const driver = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...Object.keys(BMC_DRIVERS)) },
  { weight: 1, arbitrary: fc.constantFrom('idrac', 'foo', 'Redfish-VirtualMedia', 'IPMI', 'redfish-virtualmedai') },
);

/** BMC hosts: IPv4, IPv6 with and without brackets, DNS names, and what BMO's parsing trips over. */
const bmcHost = fc.oneof(
  { weight: 4, arbitrary: ipv4 },
  { weight: 2, arbitrary: fc.ipV6().map((ip) => `[${ip}]`) },
  { weight: 3, arbitrary: fc.domain() },
  { weight: 1, arbitrary: fc.domain().map((d) => `${d}.`) },
  { weight: 1, arbitrary: fc.domain().map((d) => d.toUpperCase()) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.ipV6(),
      fc.constantFrom('300.1.1.1', '010.0.0.1', '1.2.3', '[10.0.0.1]', '[fe80::1%25eth0]', '[::ffff:10.0.0.1]', 'bmc_1.example.com', '', `${'a'.repeat(63)}.example.com`, `${'a'.repeat(64)}.example.com`, 'bmc .example.com', '[fd00::1'),
    ),
  },
);

const port = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`) },
  { weight: 1, arbitrary: fc.constantFrom(':0', ':65536', ':99999', ':', ':abc', ':0623') },
);

const bmcPath = fc.constantFrom('', '', '/redfish/v1/Systems/1', '/redfish/v1/Systems/System.Embedded.1', '/', '?privilegelevel=OPERATOR', '#frag', '/a%zz', '/a%20b');

/** `<driver>[+transport]://[user@]<host>[:port][path]`, mostly; sometimes `driver:host` or no scheme (ipmi). */
const bmcAddress = fc
  .record({
    driver,
    transport: fc.constantFrom('', '+http', '+https'),
    separator: fc.oneof({ weight: 12, arbitrary: fc.constant('://') }, { weight: 1, arbitrary: fc.constant(':') }, { weight: 1, arbitrary: fc.constant('') }),
    userinfo: fc.oneof({ weight: 20, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constant('admin:pw@') }),
    host: bmcHost,
    port,
    path: bmcPath,
  })
  .map((a) => (a.separator === '' ? `${a.host}${a.port}` : `${a.driver}${a.transport}${a.separator}${a.userinfo}${a.host}${a.port}${a.path}`));

/** Boot MACs in the forms the CRD, Go's ParseMAC and Ironic tell apart. */
const bootMac = fc.oneof(
  { weight: 8, arbitrary: pairs(6).map((p) => p.join(':')) },
  { weight: 1, arbitrary: pairs(6).map((p) => p.join(':').toUpperCase()) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      pairs(6).map((p) => p.join('-')),
      pairs(6).map((p) => `${p[0]}${p[1]}.${p[2]}${p[3]}.${p[4]}${p[5]}`),
      pairs(6).map((p) => p.join('')),
      pairs(5).map((p) => p.join(':')),
      pairs(6).map((p) => `x${p.join(':')}`),
      pairs(8).map((p) => p.join(':')),
      pairs(20).map((p) => p.join(':')),
      pairs(6).map((p) => `${p.join(':').slice(0, -1)}g`),
      fc.constant(''),
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const deviceName = fc.constantFrom(
  '/dev/sda',
  '/dev/nvme0n1',
  '/dev/disk/by-path/pci-0000:00:17.0-ata-1',
  '/dev/disk/by-id/wwn-0x5000c500a0b1c2d3',
  '/dev/mapper/root',
  '/dev/disk/by-path/a/b',
  'sda',
  'dev/sda',
  '/dev/',
  '/dev/disk/by-path/',
  '/dev/sd a',
);

const rootDeviceHints = fc.option(
  fc.record(
    {
      deviceName,
      hctl: fc.oneof(fc.tuple(octet, octet, octet, octet).map((o) => o.join(':')), fc.constantFrom('0:0:0', 'a:b:c:d')),
      model: text,
      vendor: text,
      serialNumber: text,
      wwn: text,
      wwnWithExtension: text,
      wwnVendorExtension: text,
      minSizeGigabytes: fc.oneof({ weight: 8, arbitrary: fc.nat({ max: 100_000 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1.5) }),
      rotational: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const network = fc.record({ subnet: fc.tuple(octet, octet, octet), host: fc.integer({ min: 2, max: 254 }), dns: ipv4, nic: fc.stringMatching(/^[a-z]{1,12}[0-9]$/) });
const nmstate = (g: { subnet: number[]; host: number; dns: string; nic: string }) =>
  staticNmstateYaml({ ip: `${g.subnet.join('.')}.${g.host}`, prefix: 24, gateway: `${g.subnet.join('.')}.${g.host === 2 ? 3 : 1}`, dns: g.dns, interfaceName: g.nic });

const VIRTUAL_MEDIA = Object.entries(BMC_DRIVERS).filter(([, d]) => d.virtualMedia);

/** Fields the console and the cluster both take: a virtual-media driver with a transport it registered, a plain host. */
const validAddress = fc
  .record({
    driver: fc.constantFrom(...VIRTUAL_MEDIA),
    transport: fc.nat(),
    host: fc.oneof(ipv4, fc.ipV6().map((ip) => `[${ip}]`), fc.domain()),
    port: fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`)),
    path: fc.constantFrom('', '/redfish/v1/Systems/1', '/redfish/v1/Systems/System.Embedded.1'),
  })
  .map(({ driver: [name, capabilities], transport, host, port, path }) => {
    const transports = ['', ...capabilities.transports.map((t) => `+${t}`)];
    return `${name}${transports[transport % transports.length]}://${host}${port}${path}`;
  });

/** Each field as the console and the cluster take it (`valid`), and in every form worth telling apart (`odd`, valid ones included). */
const FIELDS = {
  name: { valid: fc.oneof(nameish(30), fc.integer({ min: 200, max: 231 }).map((n) => 'n'.repeat(n))), odd: hostName },
  expectedNodeName: {
    valid: fc.option(nameish(30), { nil: undefined }),
    odd: fc.oneof({ weight: 3, arbitrary: nameish(30) }, { weight: 1, arbitrary: fc.constantFrom('App 5', 'node_1', '') }),
  },
  address: {
    valid: validAddress,
    odd: fc.oneof(
      { weight: 30, arbitrary: bmcAddress },
      { weight: 1, arbitrary: fc.constant('') },
      // Anything at all, after a driver or not: Go's parser and BMO's fallbacks decide.
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom('', 'redfish-virtualmedia://', 'ipmi:', 'idrac-virtualmedia+https://'), fc.string({ unit: fc.constantFrom(...'ab09.:/[]%@?#_-+ Z'), maxLength: 24 })).map(([a, b]) => a + b) },
    ),
  },
  username: { valid: text, odd: fc.constant('') },
  password: { valid: fc.string({ minLength: 1, maxLength: 64 }), odd: fc.constant('') },
  mac: { valid: pairs(6).map((p) => p.join(':')), odd: bootMac },
  rootDeviceHints: {
    valid: fc.option(
      fc.record(
        { deviceName: fc.constantFrom('/dev/sda', '/dev/nvme0n1', '/dev/disk/by-path/pci-0000:00:17.0-ata-1'), hctl: fc.tuple(octet, octet, octet, octet).map((o) => o.join(':')), model: text, minSizeGigabytes: fc.nat({ max: 100_000 }), rotational: fc.boolean() },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    odd: rootDeviceHints,
  },
  userDataSecret: {
    valid: fc.constantFrom(undefined, 'worker-user-data-managed', 'controller-user-data-managed'),
    odd: fc.constantFrom('Worker_Data', 'a'.repeat(254), '-x'),
  },
  networkConfig: { valid: fc.constant('fits'), odd: fc.constantFrom('none', 'invalid', 'other kind') },
};
type FieldName = keyof typeof FIELDS;
const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

/**
 * Enrollments the wizard or the API could send, valid and not: every driver with every transport
 * and boot mode, hosts of every form, ports, paths, MACs in odd forms, every root device hint form,
 * names near the limits. Most cases take a few fields in their odd forms and the rest valid, so
 * both verdicts come up often and a failure shrinks to the field that matters. No white space
 * around values: the schema trims, the raw objects would not.
 */
function enrollmentInput(taken: ReadonlySet<string>): fc.Arbitrary<HostEnrollment> {
  const pick = <A, B>(field: { valid: fc.Arbitrary<A>; odd: fc.Arbitrary<B> }) => fc.tuple(field.valid, field.odd);
  return fc
    .record({
      oddFields: fc.oneof(
        { weight: 2, arbitrary: fc.constant<FieldName[]>([]) },
        { weight: 4, arbitrary: fc.subarray(FIELD_NAMES, { minLength: 1, maxLength: 1 }) },
        { weight: 2, arbitrary: fc.subarray(FIELD_NAMES, { minLength: 2, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.subarray(FIELD_NAMES) },
      ),
      kind: fc.constantFrom('static', 'dhcp', 'existing'),
      name: pick(FIELDS.name),
      expectedNodeName: pick(FIELDS.expectedNodeName),
      address: pick(FIELDS.address),
      username: pick(FIELDS.username),
      password: pick(FIELDS.password),
      mac: pick(FIELDS.mac),
      rootDeviceHints: pick(FIELDS.rootDeviceHints),
      userDataSecret: pick(FIELDS.userDataSecret),
      networkConfig: pick(FIELDS.networkConfig),
      disableCertificateVerification: fc.boolean(),
      bootMode: fc.constantFrom('UEFI', 'UEFISecureBoot', 'legacy'),
      network,
    })
    .map((g) => {
      const odd = new Set(g.oddFields);
      const value = <A, B>(field: FieldName, [valid, other]: [A, B]): A | B => (odd.has(field) ? other : valid);
      const config = value('networkConfig', g.networkConfig);
      const networkConfig =
        config === 'invalid'
          ? nmstate(g.network).replace('prefix-length', 'prefix_length')
          : (config === 'fits' && g.kind === 'static') || (config === 'other kind' && g.kind !== 'static')
            ? nmstate(g.network)
            : undefined;
      const enrollment: HostEnrollment = {
        kind: g.kind,
        name: value('name', g.name),
        expectedNodeName: value('expectedNodeName', g.expectedNodeName),
        bmc: { address: value('address', g.address), username: value('username', g.username), password: value('password', g.password), disableCertificateVerification: g.disableCertificateVerification },
        bootMACAddress: value('mac', g.mac),
        bootMode: g.bootMode,
        rootDeviceHints: value('rootDeviceHints', g.rootDeviceHints),
        userDataSecret: value('userDataSecret', g.userDataSecret),
        customDeployMethod: 'install_coreos',
        networkConfig,
      };
      return enrollment;
    })
    .filter((enrollment) => !taken.has(enrollment.name));
}

/** What BMO's webhook would answer for the host an enrollment makes, by the console's model of it. */
function predictedDenial(enrollment: HostEnrollment): string | undefined {
  const host = enrollmentObjects(enrollment, { operationId: 'prediction', enrolledBy: 'prediction' }).find((o) => o.kind === BareMetalHostKind);
  const manifest = host?.manifest as { metadata: { name: string; namespace: string }; spec: BmhAdmissionInput['spec'] } | undefined;
  return manifest ? webhookDenialText(bareMetalHostWebhookProblems({ name: manifest.metadata.name, namespace: manifest.metadata.namespace, spec: manifest.spec })) : undefined;
}

/**
 * The fixed seed `npm test` runs, unless FUZZ_SEED says otherwise (`random`: a new one, printed);
 * FUZZ_RUNS sets how many enrollments (`npm run fuzz:enrollment` runs thousands).
 */
const FUZZ_SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20_260_512);
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('differential: the enrollment schema against the real apiserver and BMO webhook', () => {
  const taken = new Set<string>();
  beforeAll(async () => {
    // Dry runs of names the cluster already has would be refused as AlreadyExists: a collision the
    // server's own check reports, not a verdict on the input.
    for (const host of await admin.list(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE })) taken.add(host.metadata?.name ?? '');
    for (const secret of await admin.list(SecretKind, { namespace: MACHINE_API_NAMESPACE })) {
      const name = secret.metadata?.name ?? '';
      taken.add(name.replace(/-bmc-secret$/, '')).add(name.replace(/-network-config-secret$/, ''));
    }
  });

  it(
    `the console's verdict equals the cluster's unless a listed policy explains it (seed ${FUZZ_SEED}, ${FUZZ_RUNS} enrollments)`,
    async () => {
      console.log(`[differential] fast-check seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs (FUZZ_SEED=${FUZZ_SEED} repeats it)`);
      const tally = { bothAccept: 0, bothRefuse: 0, policyOnly: 0 };
      const policyIds = new Set(ENROLLMENT_POLICIES.map((p) => p.id));
      await fc.assert(
        fc.asyncProperty(enrollmentInput(taken), async (input) => {
          const parsed = hostEnrollmentSchema.safeParse(input);
          // The console creates what the schema made of the input; for a refused input the cluster is
          // asked about the objects the input itself would make.
          const enrollment = parsed.success ? parsed.data : input;
          const outcomes = await dryRunEnrollment(kc, { enrollment, operationId: crypto.randomUUID(), enrolledBy: 'differential-test' });
          const refused = outcomes.filter((o) => o.outcome !== 'accepted');

          // The webhook said exactly what the console's model of it says, whenever it was asked.
          const host = outcomes.find((o) => o.object.startsWith('BareMetalHost '));
          const predicted = predictedDenial(enrollment);
          if (host?.outcome === 'accepted') expect(predicted, 'the webhook admitted what the model says it denies').toBeUndefined();
          if (host?.message?.startsWith(BMH_DENIAL)) expect(host.message).toBe(`${BMH_DENIAL}${predicted}`);

          if (parsed.success) {
            expect(refused, 'the console accepts, so the cluster must accept every object').toEqual([]);
            tally.bothAccept += 1;
            return;
          }
          const issues = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message, policy: policyOfIssue(issue) }));
          expect(issues.filter((i) => i.policy && !policyIds.has(i.policy))).toEqual([]);
          if (refused.length === 0) {
            expect(issues.filter((i) => !i.policy), 'the cluster accepts: only a listed policy may refuse').toEqual([]);
            tally.policyOnly += 1;
            return;
          }
          // Both refuse: every field the cluster names is one the console flagged.
          const flagged = new Set(issues.map((i) => i.field));
          const named = refused.flatMap((o) => Object.entries(o.fields ?? {}).map(([field, message]) => ({ object: o.object, field, message })));
          expect(named.filter((n) => !flagged.has(n.field)), 'the cluster refuses at fields the console let through').toEqual([]);
          tally.bothRefuse += 1;
        }),
        { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
      );
      console.log(`[differential] both accept ${tally.bothAccept}, both refuse ${tally.bothRefuse}, only a console policy refuses ${tally.policyOnly}`);
      // A property that never sees both verdicts says little.
      expect(tally.bothAccept).toBeGreaterThan(FUZZ_RUNS / 10);
      expect(tally.bothRefuse).toBeGreaterThan(FUZZ_RUNS / 10);
    },
    FUZZ_RUNS * 1_000 + 60_000,
  );
});

/**
 * A host only BMO's webhook refuses (the CRD schema takes it): the colleague's
 * ilo4-virtualmedia+http. The console's schema now refuses it too, so the enrollment is built
 * without it, as a client of the API would send it.
 */
describe("a host only BMO's webhook refuses", () => {
  const NAME = 'it-enroll-webhook-only';
  const enrollment: HostEnrollment = {
    kind: 'dhcp',
    name: NAME,
    bmc: { address: 'ilo4-virtualmedia+http://192.168.111.1/redfish/v1/Systems/1', username: 'admin', password: 'it-secret', disableCertificateVerification: true },
    bootMACAddress: '52:54:00:00:0d:21',
    bootMode: 'UEFI',
    customDeployMethod: 'install_coreos',
  };
  const message = "Unknown BMC type 'ilo4-virtualmedia+http' for address ilo4-virtualmedia+http://192.168.111.1/redfish/v1/Systems/1";

  it('is refused by a plain create through the API, with BMO\'s words', async () => {
    const host = enrollmentObjects(enrollment, { operationId: crypto.randomUUID(), enrolledBy: 'it' }).find((o) => o.kind === BareMetalHostKind);
    let refusal: unknown;
    try {
      await kubeRequest(kc, { method: 'POST', path: resourcePath(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE }), body: host?.manifest });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(KubeRequestError);
    expect((refusal as KubeRequestError).status).toMatchObject({ code: 403, reason: 'Forbidden', message: `admission webhook "baremetalhost.metal3.io" denied the request: ${message}` });
    expect(await admin.get(BareMetalHostKind, NAME, MACHINE_API_NAMESPACE)).toBeUndefined();
  });

  it('is refused by dryRunEnrollment at the BMC address, the Secrets accepted', async () => {
    expect(await dryRunEnrollment(kc, { enrollment, operationId: crypto.randomUUID(), enrolledBy: 'it' })).toEqual([
      { object: `Secret ${NAME}-bmc-secret`, outcome: 'accepted' },
      { object: `BareMetalHost ${NAME}`, outcome: 'refused', message: `${BMH_DENIAL}${message}`, fields: { 'bmc.address': message } },
    ]);
  });

  it('is refused by the console before anything is created, at the same field', async () => {
    expect(await checkEnrollmentRequest({ operationId: crypto.randomUUID(), enrollment }, { kc, hub })).toEqual({
      ok: false,
      fields: { 'bmc.address': 'Unknown BMC driver "ilo4-virtualmedia+http". The ilo4-virtualmedia driver takes +https only.' },
    });
  });

  it('reports each problem of a denial at its own field, and the CRD schema\'s refusals by their cause', async () => {
    const several: HostEnrollment = {
      ...enrollment,
      kind: 'existing',
      bmc: { ...enrollment.bmc, address: 'ipmi://192.168.111.1' },
      bootMode: 'UEFISecureBoot',
      rootDeviceHints: { deviceName: 'sda' },
    };
    const [, host] = await dryRunEnrollment(kc, { enrollment: several, operationId: crypto.randomUUID(), enrolledBy: 'it' });
    expect(host).toEqual({
      object: `BareMetalHost ${NAME}`,
      outcome: 'refused',
      message: `${BMH_DENIAL}[BMC driver ipmi does not support secure boot, device name of root device hint must be a /dev/ path, not "sda"]`,
      fields: { bootMode: 'BMC driver ipmi does not support secure boot', 'rootDeviceHints.deviceName': 'device name of root device hint must be a /dev/ path, not "sda"' },
    });
    const [, crd] = await dryRunEnrollment(kc, { enrollment: { ...enrollment, bmc: { ...enrollment.bmc, address: 'redfish-virtualmedia://192.168.111.1/x' }, bootMACAddress: 'zz' }, operationId: crypto.randomUUID(), enrolledBy: 'it' });
    expect(crd).toMatchObject({ outcome: 'refused', fields: { bootMACAddress: expect.stringContaining("should match '[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}'") } });
  });
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
      // The enrollment is an Event on the new host (this one, by uid) naming the user.
      const uid = (await admin.get(BareMetalHostKind, STATIC.name, MACHINE_API_NAMESPACE))?.metadata.uid;
      const events = await admin.list<{ metadata: { name?: string }; message?: string; type?: string }>(EventKind, {
        namespace: MACHINE_API_NAMESPACE,
        fieldSelector: `involvedObject.kind=BareMetalHost,involvedObject.name=${STATIC.name},involvedObject.uid=${uid},reason=ConsoleEnroll`,
      });
      expect(events.map((e) => [e.type, e.message])).toEqual([
        ['Normal', `it — Enroll host: done. Host ${STATIC.name} enrolled: Secret ${STATIC.name}-network-config-secret created, Secret ${STATIC.name}-bmc-secret created, BareMetalHost ${STATIC.name} created.`],
      ]);
      // The console vouches for what it made: this operation id and these two Secrets (by uid), nothing else.
      const made = await admin.get(BareMetalHostKind, STATIC.name, MACHINE_API_NAMESPACE);
      const secretUid = async (name: string) => (await admin.get(SecretKind, name, MACHINE_API_NAMESPACE))?.metadata.uid;
      expect(verifiedEnrollment(bareMetalHostSchema.parse(made))).toEqual({
        operationId,
        secretUids: [await secretUid(networkSecretName(STATIC.name)), await secretUid(bmcSecretName(STATIC.name))],
      });
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

  it("refuses at the network config, with nmstate's own words and place, what only nmstatectl knows to refuse", async () => {
    // The browser leaves nmstate's schema to nmstatectl (lib/nmstate/policies.ts, LEFT_TO_NMSTATECTL 'schema').
    const networkConfig = staticNmstateYaml({ ip: '192.168.111.77', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }).replace(/^(\s+)type: ethernet$/m, '$1type: ethernet\n$1ethernet:\n$1  speedd: 1000');
    expect(networkConfig).toContain('speedd');
    const checked = await checkEnrollmentRequest({ operationId: crypto.randomUUID(), enrollment: { ...STATIC, name: 'it-enroll-nmstate', networkConfig } }, { kc, hub });
    expect(checked).toEqual({ ok: false, fields: { networkConfig: expect.stringMatching(/^Line \d+, column \d+: nmstate refuses this config \(nmstatectl gc\): .*unknown field `speedd`/) } });
  });
});
