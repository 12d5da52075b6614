import { describe, expect, it } from 'vitest';
import { type SetupStatus, setupProblems } from './provisioning';
import { provisioningYaml } from './provisioning-yaml';

const ready = (kind: 'Deployment' | 'DaemonSet', name: string) => ({ kind, name, present: true, ready: 1, desired: 1 });
const allReady = [ready('Deployment', 'metal3'), ready('Deployment', 'metal3-baremetal-operator'), ready('Deployment', 'metal3-image-customization'), ready('DaemonSet', 'ironic-proxy')];

describe('setupProblems', () => {
  it('is empty when the CR is Disabled and every metal3 workload is ready', () => {
    expect(setupProblems({ crdInstalled: true, provisioning: { provisioningNetwork: 'Disabled', watchAllNamespaces: false }, workloads: allReady })).toEqual([]);
  });

  it('names the missing CRD first, then the missing CR', () => {
    expect(setupProblems({ crdInstalled: false, provisioning: null, workloads: [] })).toEqual([
      'The Provisioning CRD (provisionings.metal3.io) is not installed.',
    ]);
    expect(setupProblems({ crdInstalled: true, provisioning: null, workloads: [] })).toEqual([
      'The Provisioning CR provisioning-configuration does not exist.',
    ]);
  });

  it('warns about any provisioning network but Disabled, and about workloads coming up', () => {
    const status: SetupStatus = {
      crdInstalled: true,
      provisioning: { provisioningNetwork: 'Managed', watchAllNamespaces: false },
      workloads: [...allReady.slice(0, 3), { kind: 'DaemonSet', name: 'ironic-proxy', present: true, ready: 1, desired: 3 }],
    };
    expect(setupProblems(status)).toEqual([
      'provisioningNetwork is Managed: scaling a user-provisioned cluster supports only Disabled.',
      'DaemonSet ironic-proxy is not ready (1/3).',
    ]);
  });
});

describe('provisioningYaml', () => {
  it('is the seed procedure’s provisioning.yaml', () => {
    expect(provisioningYaml()).toBe(`apiVersion: metal3.io/v1alpha1
kind: Provisioning
metadata:
  name: provisioning-configuration
spec:
  provisioningNetwork: Disabled
  watchAllNamespaces: false
`);
  });
});
