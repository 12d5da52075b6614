import { describe, expect, it } from 'vitest';
import { BareMetalHostKind, CertificateSigningRequestKind, NodeKind, SecretKind, apiVersionOf, resourcePath } from './kinds';

describe('resourcePath', () => {
  it.each([
    [BareMetalHostKind, {}, '/apis/metal3.io/v1alpha1/baremetalhosts'],
    [BareMetalHostKind, { namespace: 'openshift-machine-api' }, '/apis/metal3.io/v1alpha1/namespaces/openshift-machine-api/baremetalhosts'],
    [SecretKind, { namespace: 'ns', name: 'a' }, '/api/v1/namespaces/ns/secrets/a'],
    [NodeKind, { name: 'app1' }, '/api/v1/nodes/app1'],
    [NodeKind, { namespace: 'ignored', name: 'app1' }, '/api/v1/nodes/app1'],
    [CertificateSigningRequestKind, { name: 'csr-x' }, '/apis/certificates.k8s.io/v1/certificatesigningrequests/csr-x'],
  ])('builds the path of %o with %o', (kind, options, expected) => {
    expect(resourcePath(kind, options)).toBe(expected);
  });

  it('escapes names', () => {
    expect(resourcePath(NodeKind, { name: 'a/b' })).toBe('/api/v1/nodes/a%2Fb');
  });

  it('refuses to name a namespaced object without its namespace', () => {
    expect(() => resourcePath(SecretKind, { name: 'a' })).toThrow(/namespaced/);
  });
});

describe('apiVersionOf', () => {
  it('omits the empty core group', () => {
    expect(apiVersionOf(NodeKind)).toBe('v1');
    expect(apiVersionOf(BareMetalHostKind)).toBe('metal3.io/v1alpha1');
  });
});
