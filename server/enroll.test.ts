import { describe, expect, it } from 'vitest';
import { BareMetalHostKind, SecretKind } from '@/lib/k8s/kinds';
import { refusedFields } from './enroll';
import { clusterErrorFromStatus } from './errors';

/** Status bodies as the test bed's apiserver answers them (server/enroll.integration.test.ts checks the live ones). */
const denial = (message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403, message: `admission webhook "baremetalhost.metal3.io" denied the request: ${message}` });

describe('refusedFields: the form fields a refusal of one enrollment object concerns', () => {
  it("reads BMO's denial message by message", () => {
    const error = clusterErrorFromStatus({ code: 403, body: denial('[BMC driver ipmi does not support secure boot, BareMetalHost resource name cannot be a UUID]'), context: 'dry-run create' });
    expect(refusedFields({ kind: BareMetalHostKind }, error)).toEqual({ bootMode: 'BMC driver ipmi does not support secure boot', name: 'BareMetalHost resource name cannot be a UUID' });
  });

  it("takes the apiserver's field causes, a Secret's name being the host name's", () => {
    const invalid = (kind: string, field: string, message: string) => ({
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      message: `${kind} "x" is invalid: ${field}: ${message}`,
      details: { causes: [{ reason: 'FieldValueInvalid', message, field }] },
    });
    const mac = clusterErrorFromStatus({ code: 422, body: invalid('BareMetalHost.metal3.io', 'spec.bootMACAddress', 'Invalid value: "zz"'), context: 'dry-run create' });
    expect(refusedFields({ kind: BareMetalHostKind }, mac)).toEqual({ bootMACAddress: 'Invalid value: "zz"' });
    const secret = clusterErrorFromStatus({ code: 422, body: invalid('Secret', 'metadata.name', 'Invalid value: "a…": must be no more than 253 characters'), context: 'dry-run create' });
    expect(refusedFields({ kind: SecretKind }, secret)).toEqual({ name: 'Invalid value: "a…": must be no more than 253 characters' });
  });

  it('names no field for a refusal about none (RBAC, another webhook, a message BMO may add)', () => {
    const rbac = clusterErrorFromStatus({
      code: 403,
      body: { kind: 'Status', reason: 'Forbidden', code: 403, message: 'baremetalhosts.metal3.io is forbidden: User "u" cannot create resource "baremetalhosts" in API group "metal3.io" in the namespace "openshift-machine-api"', details: { group: 'metal3.io', kind: 'baremetalhosts' } },
      context: 'dry-run create',
    });
    expect(refusedFields({ kind: BareMetalHostKind }, rbac)).toBeUndefined();
    const other = clusterErrorFromStatus({ code: 403, body: { ...denial('x'), message: 'admission webhook "other.example.com" denied the request: name is bad' }, context: 'dry-run create' });
    expect(refusedFields({ kind: BareMetalHostKind }, other)).toBeUndefined();
    expect(refusedFields({ kind: BareMetalHostKind }, clusterErrorFromStatus({ code: 403, body: denial('something new'), context: 'dry-run create' }))).toBeUndefined();
  });
});
