import { describe, expect, it } from 'vitest';
import { BareMetalHostKind, CertificateSigningRequestKind, NodeKind, SecretKind, apiVersionOf, resourcePath } from './kinds';
import { InvalidNameError } from './names';

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

  it('escapes what a path-segment name may hold', () => {
    expect(resourcePath(CertificateSigningRequestKind, { name: 'csr x?y' })).toBe('/apis/certificates.k8s.io/v1/certificatesigningrequests/csr%20x%3Fy');
  });

  it.each([
    [SecretKind, { namespace: 'openshift-machine-api', name: '..' }, /Secret name ".." is not valid/],
    [SecretKind, { namespace: 'openshift-machine-api', name: '.' }, /Secret name "." is not valid/],
    [SecretKind, { namespace: '..', name: 'a' }, /Namespace ".." is not valid/],
    [NodeKind, { name: 'a/b' }, /may not contain/],
    [NodeKind, { name: 'App1' }, /DNS-1123 subdomain/],
    [BareMetalHostKind, { namespace: 'Bad_NS', name: 'h' }, /DNS-1123 label/],
    [CertificateSigningRequestKind, { name: '..' }, /may not be used as a name/],
    [CertificateSigningRequestKind, { name: 'csr%2e' }, /may not contain/],
    [NodeKind, { name: '' }, /cannot be empty/],
  ])('refuses %s path of %o: a name Kubernetes would not allow never reaches a path', (kind, options, message) => {
    expect(() => resourcePath(kind, options)).toThrow(InvalidNameError);
    expect(() => resourcePath(kind, options)).toThrow(message);
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
