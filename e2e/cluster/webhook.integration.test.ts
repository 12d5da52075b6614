/**
 * BMO's real admission webhook in the test bed, through the plain API with no console code in
 * between: what it refuses that the CRD's OpenAPI schema lets through, and what the apiserver
 * answers then. The apiserver validates against the schema first and asks the webhook only if that
 * passed, so a denial quoting the webhook proves the schema accepted the input.
 *
 * Every refusal is checked twice, as a plain create and as a dryRun=All create: the console's
 * review step relies on the second telling exactly what the first would.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BareMetalHostKind, ClusterRoleBindingKind, ClusterRoleKind, NamespaceKind, SecretKind, ServiceAccountKind, resourcePath } from '../../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../../lib/metal3/constants';
import { serviceAccountWithRole } from './identities';
import { KubeRequestError, type KubeStatus, ObjectClient, adminKubeConfig, kubeRequest, tokenKubeConfig, waitFor } from './kube';
import { bmcAddress } from './seed';
import { BMH_WEBHOOK_NAME, freeLoopbackPort } from './webhook';

const kc = adminKubeConfig();
const client = new ObjectClient(kc);
const NS = MACHINE_API_NAMESPACE;
const HOSTS = resourcePath(BareMetalHostKind, { namespace: NS });

/** A host the webhook accepts; each case below breaks one thing. */
function goodSpec(name: string): Record<string, unknown> {
  return {
    online: true,
    bootMACAddress: '52:54:00:00:0e:01',
    bmc: { address: bmcAddress(name), credentialsName: `${name}-bmc-secret`, disableCertificateVerification: true },
  };
}

function hostBody(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>) {
  return {
    apiVersion: 'metal3.io/v1alpha1',
    kind: 'BareMetalHost',
    metadata: { name, namespace: NS, ...(annotations ? { annotations } : {}) },
    spec,
  };
}

/** The Status the apiserver refused a request with; fails the test if it was accepted. */
async function refusal(request: Promise<unknown>): Promise<{ code: number; status: KubeStatus }> {
  try {
    await request;
  } catch (error) {
    if (error instanceof KubeRequestError && error.status) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error('the request was accepted');
}

function createHost(body: object, dryRun: boolean): Promise<unknown> {
  return kubeRequest(kc, { method: 'POST', path: HOSTS, query: { dryRun: dryRun ? 'All' : undefined }, body });
}

/** A denial as the apiserver reports it: 403 Forbidden, the webhook named, no details. */
function expectDenial(answer: { code: number; status: KubeStatus }, message: string, webhook = BMH_WEBHOOK_NAME): void {
  expect(answer.code).toBe(403);
  expect(answer.status).toEqual({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'Forbidden',
    code: 403,
    message: `admission webhook "${webhook}" denied the request: ${message}`,
  });
}

interface CreateCase {
  what: string;
  name: string;
  spec: Record<string, unknown>;
  annotations?: Record<string, string>;
  /** BMO's message, after the apiserver's `admission webhook "…" denied the request: `. */
  message: string;
}

const IPMI = { address: 'ipmi://192.168.111.1', credentialsName: 'webhook-ipmi-bmc-secret' };

const CREATE_CASES: CreateCase[] = [
  {
    what: 'a BMC address with a driver BMO does not know',
    name: 'webhook-unknown-driver',
    spec: { ...goodSpec('x'), bmc: { address: 'foo://192.168.111.1', credentialsName: 'x' } },
    message: "Unknown BMC type 'foo' for address foo://192.168.111.1",
  },
  {
    what: 'a BMC address whose host is neither an IP nor a DNS name',
    name: 'webhook-bad-bmc-host',
    spec: { ...goodSpec('x'), bmc: { address: 'redfish://bad_host/redfish/v1/Systems/1', credentialsName: 'x' } },
    message: 'failed to parse BMC address information: BMC address hostname/IP : [bad_host] is invalid',
  },
  {
    what: 'a driver that needs a boot MAC address, without one',
    name: 'webhook-no-boot-mac',
    spec: { online: true, bmc: { address: 'redfish://192.168.111.1/redfish/v1/Systems/1', credentialsName: 'x' } },
    message: 'BMC driver redfish requires a BootMACAddress value',
  },
  {
    // The CRD's pattern for bootMACAddress is not anchored: anything containing a MAC passes it.
    what: 'a boot MAC address the CRD pattern lets through (unanchored) but Go cannot parse',
    name: 'webhook-bad-boot-mac',
    spec: { ...goodSpec('x'), bootMACAddress: 'x52:54:00:00:0e:01' },
    message: 'address x52:54:00:00:0e:01: invalid MAC address',
  },
  {
    what: 'UEFISecureBoot with a driver that cannot do secure boot',
    name: 'webhook-secure-boot-ipmi',
    spec: { ...goodSpec('x'), bootMode: 'UEFISecureBoot', bmc: IPMI },
    message: 'BMC driver ipmi does not support secure boot',
  },
  {
    what: 'a root device hint that is not a /dev/ path',
    name: 'webhook-rdh-not-dev',
    spec: { ...goodSpec('x'), rootDeviceHints: { deviceName: 'sda' } },
    message: 'device name of root device hint must be a /dev/ path, not "sda"',
  },
  {
    what: 'a root device hint under /dev/disk/ other than by-path',
    name: 'webhook-rdh-by-id',
    spec: { ...goodSpec('x'), rootDeviceHints: { deviceName: '/dev/disk/by-id/wwn-0x5000c500a0b1c2d3' } },
    message: 'device name of root device hint must be path in /dev/ or /dev/disk/by-path/, not "/dev/disk/by-id/wwn-0x5000c500a0b1c2d3"',
  },
  {
    what: 'an inspect.metal3.io annotation other than "disabled" or ""',
    name: 'webhook-inspect-annotation',
    spec: goodSpec('x'),
    annotations: { 'inspect.metal3.io': 'bogus' },
    message: 'invalid value for the inspect.metal3.io annotation, allowed are "disabled" or ""',
  },
  {
    what: 'a reboot.metal3.io annotation with an unknown mode',
    name: 'webhook-reboot-mode',
    spec: goodSpec('x'),
    annotations: { 'reboot.metal3.io': '{"mode":"medium"}' },
    message: 'invalid mode in the reboot.metal3.io annotation, allowed are "hard", "soft" or ""',
  },
  {
    what: 'a reboot.metal3.io/<key> annotation that is not JSON',
    name: 'webhook-reboot-json',
    spec: goodSpec('x'),
    annotations: { 'reboot.metal3.io/console': 'not json' },
    message: "failed to unmarshal the data from the reboot.metal3.io annotation: invalid character 'o' in literal null (expecting 'u')",
  },
  {
    what: 'a status annotation with a field BareMetalHostStatus does not have',
    name: 'webhook-status-annotation',
    spec: goodSpec('x'),
    annotations: { 'baremetalhost.metal3.io/status': '{"operationalStatus":"OK","bogus":1}' },
    message: 'error decoding status annotation: json: unknown field "bogus"',
  },
  {
    what: 'hardware details given while inspection is not disabled',
    name: 'webhook-hardware-details',
    spec: goodSpec('x'),
    annotations: { 'inspect.metal3.io/hardwaredetails': '{"cpu":{"count":4}}' },
    message: 'when hardware details are provided, inspection must be disabled (either via inspect.metal3.io annotation or inspectionMode field)',
  },
  {
    what: 'an inspect annotation and inspectionMode that contradict each other',
    name: 'webhook-inspection-contradiction',
    spec: { ...goodSpec('x'), inspectionMode: 'agent' },
    annotations: { 'inspect.metal3.io': 'disabled' },
    message: 'inspect.metal3.io annotation and inspectionMode field have contradicting values',
  },
  {
    what: 'online false with power-off disabled',
    name: 'webhook-power-off',
    spec: { ...goodSpec('x'), online: false, disablePowerOff: true },
    message: "node can't simultaneously have online set to false and have power off disabled",
  },
  {
    // BMO builds this one as a Forbidden StatusError, but wrapped in an aggregate: the apiserver
    // gets only its text, so it reads like RBAC's "is forbidden" after the webhook's prefix.
    what: 'a userData Secret in another namespace',
    name: 'webhook-cross-namespace-user-data',
    spec: { ...goodSpec('x'), userData: { name: 'worker-user-data-managed', namespace: 'default' } },
    message: 'baremetalhosts.metal3.io "webhook-cross-namespace-user-data" is forbidden: userData: cross-namespace Secret references are not allowed',
  },
  {
    what: 'a UUID as the name',
    name: '12345678-1234-4234-8234-123456789abc',
    spec: goodSpec('x'),
    message: 'BareMetalHost resource name cannot be a UUID',
  },
  {
    what: 'firmware settings with a driver that has none',
    name: 'webhook-firmware-ipmi',
    spec: { ...goodSpec('x'), bmc: IPMI, firmware: { simultaneousMultithreadingEnabled: true } },
    message: 'firmware settings for ipmi are not supported',
  },
  {
    what: 'hardware RAID with a driver that cannot configure it',
    name: 'webhook-raid-ipmi',
    spec: { ...goodSpec('x'), bmc: IPMI, raid: { hardwareRAIDVolumes: [{ level: '1' }] } },
    message: 'BMC driver ipmi does not support configuring RAID',
  },
  {
    what: 'an image without a checksum',
    name: 'webhook-image-checksum',
    spec: { ...goodSpec('x'), image: { url: 'http://192.168.111.1/rhcos.qcow2' } },
    message: 'checksum is required for normal images',
  },
  {
    // Several problems: Go's aggregate, "[a, b]", in BMO's order of checks.
    what: 'several problems at once',
    name: 'webhook-several',
    spec: { ...goodSpec('x'), bootMode: 'UEFISecureBoot', bmc: IPMI, rootDeviceHints: { deviceName: 'sda' } },
    message: '[BMC driver ipmi does not support secure boot, device name of root device hint must be a /dev/ path, not "sda"]',
  },
];

const GOOD_HOST = 'webhook-good-host';

describe("test bed: BMO's admission webhook refuses what the CRD schema lets through", () => {
  afterAll(async () => {
    // A case that stopped being refused would have created its host.
    for (const { name } of CREATE_CASES) await client.delete(BareMetalHostKind, name, NS);
  });

  it.each(CREATE_CASES)('refuses $what, on a plain and a dryRun=All create alike', async ({ name, spec, annotations, message }) => {
    const body = hostBody(name, spec, annotations);
    expectDenial(await refusal(createHost(body, true)), message);
    expectDenial(await refusal(createHost(body, false)), message);
    expect(await client.get(BareMetalHostKind, name, NS)).toBeUndefined();
  });

  it('accepts a good host, dry run and real', async () => {
    await client.ensure(SecretKind, {
      metadata: { name: `${GOOD_HOST}-bmc-secret`, namespace: NS },
      type: 'Opaque',
      stringData: { username: 'admin', password: 'webhook-test' },
    });
    // Externally provisioned, so BMO only registers it: nothing to provision or deprovision.
    const body = hostBody(GOOD_HOST, { ...goodSpec(GOOD_HOST), externallyProvisioned: true });
    try {
      const dry = await kubeRequest<{ metadata: { name: string; uid?: string } }>(kc, { method: 'POST', path: HOSTS, query: { dryRun: 'All' }, body });
      expect(dry.metadata.name).toBe(GOOD_HOST);
      expect(await client.get(BareMetalHostKind, GOOD_HOST, NS)).toBeUndefined();
      const created = await kubeRequest<{ metadata: { name: string } }>(kc, { method: 'POST', path: HOSTS, body });
      expect(created.metadata.name).toBe(GOOD_HOST);
    } finally {
      await client.delete(BareMetalHostKind, GOOD_HOST, NS);
      await waitFor('the good host to be gone', async () => ((await client.get(BareMetalHostKind, GOOD_HOST, NS)) ? undefined : true), {
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      await client.delete(SecretKind, `${GOOD_HOST}-bmc-secret`, NS);
    }
  });

  it('refuses changes to a seeded host that BMO forbids after creation (dryRun=All, nothing changes)', async () => {
    const patch = (name: string, ops: unknown[]) =>
      kubeRequest(kc, {
        method: 'PATCH',
        path: resourcePath(BareMetalHostKind, { namespace: NS, name }),
        query: { dryRun: 'All' },
        body: ops,
        contentType: 'application/json-patch+json',
      });
    // controller1: externally provisioned; openshift-worker-1: provisioned by BMO.
    expectDenial(
      await refusal(patch('controller1', [{ op: 'replace', path: '/spec/bootMACAddress', value: '52:54:00:00:0e:99' }])),
      'bootMACAddress can not be changed once it is set',
    );
    expectDenial(
      await refusal(patch('controller1', [{ op: 'replace', path: '/spec/externallyProvisioned', value: false }])),
      'externallyProvisioned can not be changed from true to false',
    );
    expectDenial(
      await refusal(patch('openshift-worker-1', [{ op: 'add', path: '/spec/externallyProvisioned', value: true }])),
      'externallyProvisioned can only be enabled when in Available state, currently in provisioned',
    );
    expectDenial(
      await refusal(patch('openshift-worker-1', [{ op: 'replace', path: '/spec/bmc/address', value: bmcAddress('elsewhere') }])),
      'BMC address can not be changed if the BMH is not in the Registering state, or if the BMH is not detached',
    );
    // The same MAC in other letters is no change to BMO (it compares case-insensitively).
    await patch('controller1', [{ op: 'replace', path: '/spec/bootMACAddress', value: '52:54:00:00:01:01'.toUpperCase() }]);
  });

  it('refuses a BMCEventSubscription whose destination is a bare host without a trailing slash', async () => {
    const body = {
      apiVersion: 'metal3.io/v1alpha1',
      kind: 'BMCEventSubscription',
      metadata: { name: 'webhook-subscription', namespace: NS },
      spec: { hostName: 'controller1', destination: 'http://192.168.111.1' },
    };
    const path = `/apis/metal3.io/v1alpha1/namespaces/${NS}/bmceventsubscriptions`;
    for (const dryRun of ['All', undefined]) {
      expectDenial(
        await refusal(kubeRequest(kc, { method: 'POST', path, query: { dryRun }, body })),
        'hostname-only destination must have a trailing slash',
        'bmceventsubscription.metal3.io',
      );
    }
  });

  it('asks the webhook only once the schema passed: a schema error is a 422 with causes and no webhook message', async () => {
    const body = hostBody('webhook-schema-first', { ...goodSpec('x'), bootMode: 'bios', bmc: { address: 'foo://192.168.111.1', credentialsName: 'x' } });
    const { code, status } = await refusal(createHost(body, true));
    expect(code).toBe(422);
    expect(status.reason).toBe('Invalid');
    expect(status.message).toBe(
      'BareMetalHost.metal3.io "webhook-schema-first" is invalid: spec.bootMode: Unsupported value: "bios": supported values: "UEFI", "UEFISecureBoot", "legacy"',
    );
    expect(status.details?.causes).toEqual([
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "bios": supported values: "UEFI", "UEFISecureBoot", "legacy"', field: 'spec.bootMode' },
    ]);
  });
});

describe('test bed: telling an admission denial from an RBAC refusal and from an unreachable webhook', () => {
  const reader = 'webhook-test-reader';
  const downNamespace = 'webhook-test-unreachable';
  const downConfiguration = 'webhook-test-unreachable';
  const VWC = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';

  afterAll(async () => {
    await client.delete(ClusterRoleBindingKind, reader);
    await client.delete(ClusterRoleKind, reader);
    await client.delete(ServiceAccountKind, reader, 'default');
    try {
      await kubeRequest(kc, { method: 'DELETE', path: `${VWC}/${downConfiguration}` });
    } catch {
      // not there
    }
    await client.delete(NamespaceKind, downNamespace);
  });

  it('RBAC: 403 Forbidden with details {group, kind} and "User … cannot create"; admission: 403 Forbidden, no details, "admission webhook … denied"', async () => {
    const token = await serviceAccountWithRole(client, {
      namespace: 'default',
      name: reader,
      rules: [{ apiGroups: ['metal3.io'], resources: ['baremetalhosts'], verbs: ['get', 'list', 'watch'] }],
    });
    const body = hostBody('webhook-rbac', { ...goodSpec('x'), bmc: { address: 'foo://192.168.111.1', credentialsName: 'x' } });
    // RBAC is decided before admission: the reader never reaches the webhook.
    const rbac = await refusal(kubeRequest(tokenKubeConfig(kc, token), { method: 'POST', path: HOSTS, query: { dryRun: 'All' }, body }));
    expect(rbac.code).toBe(403);
    expect(rbac.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: `baremetalhosts.metal3.io is forbidden: User "system:serviceaccount:default:${reader}" cannot create resource "baremetalhosts" in API group "metal3.io" in the namespace "${NS}"`,
      details: { group: 'metal3.io', kind: 'baremetalhosts' },
    });
    expectDenial(await refusal(createHost(body, true)), "Unknown BMC type 'foo' for address foo://192.168.111.1");
  });

  it('a webhook the apiserver cannot reach (failurePolicy Fail): 500 InternalError "failed calling webhook", for dry runs too', async () => {
    // A second configuration, for one throwaway namespace only, pointing at a closed port: what
    // every BareMetalHost write meets on a real cluster while BMO is down.
    const port = await freeLoopbackPort();
    await client.ensure(NamespaceKind, { metadata: { name: downNamespace, labels: { 'webhook-test': 'unreachable' } } });
    await kubeRequest(kc, {
      method: 'POST',
      path: VWC,
      body: {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: downConfiguration },
        webhooks: [
          {
            name: 'unreachable.webhook-test.local',
            admissionReviewVersions: ['v1'],
            sideEffects: 'None',
            failurePolicy: 'Fail',
            namespaceSelector: { matchLabels: { 'webhook-test': 'unreachable' } },
            clientConfig: { url: `https://127.0.0.1:${port}/validate` },
            rules: [{ apiGroups: ['metal3.io'], apiVersions: ['v1alpha1'], operations: ['CREATE'], resources: ['baremetalhosts'] }],
          },
        ],
      },
    });
    const body = { ...hostBody('webhook-unreachable', goodSpec('webhook-unreachable')), metadata: { name: 'webhook-unreachable', namespace: downNamespace } };
    const path = resourcePath(BareMetalHostKind, { namespace: downNamespace });
    // The apiserver picks the new configuration up within a moment.
    const answer = await waitFor('the apiserver to call the unreachable webhook', async () => {
      try {
        await kubeRequest(kc, { method: 'POST', path, query: { dryRun: 'All' }, body });
        return undefined;
      } catch (error) {
        if (error instanceof KubeRequestError && error.code === 500 && error.status) return error.status;
        throw error;
      }
    });
    const cause = `failed calling webhook "unreachable.webhook-test.local": failed to call webhook: Post "https://127.0.0.1:${port}/validate?timeout=10s": dial tcp 127.0.0.1:${port}: connect: connection refused`;
    expect(answer).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
      message: `Internal error occurred: ${cause}`,
      details: { causes: [{ message: cause }] },
    });
  });
});
