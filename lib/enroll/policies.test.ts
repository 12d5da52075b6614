import { describe, expect, it } from 'vitest';
import { ENROLLMENT_POLICIES, enrollmentPolicy, isEnrollmentPolicyId, policyMessage, policyOfIssue } from './policies';

describe('the enrollment policies', () => {
  it('have unique ids, a field, a text and a reason', () => {
    const ids = ENROLLMENT_POLICIES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const policy of ENROLLMENT_POLICIES) {
      expect(policy.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(policy.field).not.toBe('');
      expect(policy.text.length).toBeGreaterThan(10);
      expect(policy.why.length, policy.id).toBeGreaterThan(40);
    }
  });

  it('fill their texts in, leaving unknown placeholders visible', () => {
    expect(policyMessage('bmc-port-range', { port: 0 })).toBe('0 is not a port (1–65535).');
    expect(policyMessage('boot-mac-unique', { mac: '52:54:00:00:02:01', host: 'openshift-worker-1' })).toBe('52:54:00:00:02:01 is the boot MAC of host openshift-worker-1.');
    expect(policyMessage('bmc-port-range')).toBe('{port} is not a port (1–65535).');
  });

  it("name a schema issue's policy by its params, or the unknown root device hint by its code", () => {
    expect(policyOfIssue({ code: 'custom', path: ['bmc', 'address'], params: { policy: 'bmc-host-required' } })).toBe('bmc-host-required');
    expect(policyOfIssue({ code: 'custom', path: ['bmc', 'address'], params: { policy: 'no-such-policy' } })).toBeUndefined();
    expect(policyOfIssue({ code: 'unrecognized_keys', path: ['rootDeviceHints'] })).toBe('root-device-hints-known');
    expect(policyOfIssue({ code: 'custom', path: ['name'] })).toBeUndefined();
    expect(isEnrollmentPolicyId('static-ip-unique')).toBe(true);
    expect(enrollmentPolicy('static-ip-unique').checkedBy).toBe('server');
  });
});
