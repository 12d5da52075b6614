import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ANNOTATIONS, LABELS } from '@/lib/metal3/constants';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { PASSWORD_PLACEHOLDER, enrollmentObjects, enrollmentYaml } from './manifests';
import { type HostEnrollment, hostEnrollmentSchema, suggestWorkerName } from './schema';

const CANARY = 'canary-Pa55word!';
const options = { operationId: '5b0e3c02-4d55-4a8a-9d8e-7f2a77f0c001', enrolledBy: 'alice' };

function enrollment(overrides: Partial<HostEnrollment> = {}): HostEnrollment {
  return hostEnrollmentSchema.parse({
    kind: 'static',
    name: 'openshift-worker-5',
    bmc: { address: 'redfish-virtualmedia+https://10.0.0.5/redfish/v1/Systems/1', username: 'root', password: CANARY },
    bootMACAddress: '52:54:00:aa:bb:05',
    rootDeviceHints: { deviceName: '/dev/sda' },
    networkConfig: staticNmstateYaml({ ip: '192.168.111.50', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }),
    ...overrides,
  });
}

describe('the objects an enrollment creates', () => {
  it('labels every object with the batch it is part of, and only then', () => {
    const batchId = '0f8f5b8e-3c1d-4c8e-9b1a-2d4e6f8a0b1c';
    for (const object of enrollmentObjects(enrollment(), { ...options, batchId })) expect(object.manifest).toMatchObject({ metadata: { labels: { [LABELS.batch]: batchId } } });
    for (const object of enrollmentObjects(enrollment(), options)) expect((object.manifest.metadata as { labels?: unknown }).labels).toBeUndefined();
  });

  it('writes the seed bmh.yaml for a static worker: network Secret, BMC Secret, then the host', () => {
    const [network, bmc, host] = enrollmentObjects(enrollment(), options);
    expect(network?.manifest).toMatchObject({ kind: 'Secret', metadata: { name: 'openshift-worker-5-network-config-secret' }, stringData: { nmstate: expect.stringContaining('192.168.111.50') } });
    expect(bmc?.manifest).toMatchObject({ kind: 'Secret', metadata: { name: 'openshift-worker-5-bmc-secret', namespace: 'openshift-machine-api' }, stringData: { username: 'root', password: CANARY } });
    expect(bmc?.manifest.metadata).not.toHaveProperty('ownerReferences');
    expect(host?.manifest).toEqual({
      apiVersion: 'metal3.io/v1alpha1',
      kind: 'BareMetalHost',
      metadata: {
        name: 'openshift-worker-5',
        namespace: 'openshift-machine-api',
        annotations: { [ANNOTATIONS.operationId]: options.operationId, [ANNOTATIONS.enrolledBy]: 'alice' },
      },
      spec: {
        online: true,
        bootMACAddress: '52:54:00:aa:bb:05',
        bmc: { address: 'redfish-virtualmedia+https://10.0.0.5/redfish/v1/Systems/1', credentialsName: 'openshift-worker-5-bmc-secret', disableCertificateVerification: false },
        customDeploy: { method: 'install_coreos' },
        userData: { name: 'worker-user-data-managed', namespace: 'openshift-machine-api' },
        bootMode: 'UEFI',
        rootDeviceHints: { deviceName: '/dev/sda' },
        preprovisioningNetworkDataName: 'openshift-worker-5-network-config-secret',
      },
    });
  });

  it('gives a DHCP worker no network Secret and no preprovisioningNetworkDataName, and records the expected node name', () => {
    const objects = enrollmentObjects(enrollment({ kind: 'dhcp', networkConfig: undefined, expectedNodeName: 'worker-5' }), options);
    expect(objects.map((o) => o.name)).toEqual(['openshift-worker-5-bmc-secret', 'openshift-worker-5']);
    const host = objects[1]!.manifest as { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> };
    expect(host.spec).not.toHaveProperty('preprovisioningNetworkDataName');
    expect(host.spec).not.toHaveProperty('externallyProvisioned');
    expect(host.metadata.annotations[ANNOTATIONS.expectedNodeName]).toBe('worker-5');
  });

  it('marks only an existing host externally provisioned, with the user-data Secret chosen', () => {
    const [, host] = enrollmentObjects(enrollment({ kind: 'existing', networkConfig: undefined, userDataSecret: 'controller-user-data-managed' }), options);
    expect(host?.manifest).toMatchObject({ spec: { externallyProvisioned: true, userData: { name: 'controller-user-data-managed' }, customDeploy: { method: 'install_coreos' } } });
  });

  it('masks the password in the review YAML and the download', () => {
    const yamlText = enrollmentYaml(enrollment(), options);
    expect(yamlText).not.toContain(CANARY);
    const documents = parseAllDocuments(yamlText).map((d) => d.toJS());
    expect(documents.map((d) => d.kind)).toEqual(['Secret', 'Secret', 'BareMetalHost']);
    expect(documents[1].stringData).toEqual({ username: 'root', password: PASSWORD_PLACEHOLDER });
  });
});

describe('suggestWorkerName', () => {
  it('suggests one past the highest openshift-worker number, ignoring other names', () => {
    expect(suggestWorkerName(['controller1', 'openshift-worker-0', 'openshift-worker-7', 'openshift-worker-x'])).toBe('openshift-worker-8');
    expect(suggestWorkerName(['controller1'])).toBe('openshift-worker-0');
  });
});
