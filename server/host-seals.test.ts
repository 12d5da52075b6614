import { describe, expect, it } from 'vitest';
import { ANNOTATIONS } from '@/lib/metal3/constants';
import { enrollmentProof, nodeNameAnnotations, sealedNodeName, verifiedEnrollment } from './host-seals';

const host = (uid: string | undefined, annotations: Record<string, string>) => ({ metadata: { name: 'openshift-worker-1', ...(uid ? { uid } : {}), annotations } });

describe('the recorded node name, read as untrusted input', () => {
  it('is taken with the seal the console wrote for this host', () => {
    expect(sealedNodeName(host('uid-1', nodeNameAnnotations('uid-1', 'app1')))).toBe('app1');
  });

  it('is ignored when written by hand, renamed, copied from another host, or without a uid', () => {
    const sealed = nodeNameAnnotations('uid-1', 'app1');
    expect(sealedNodeName(host('uid-1', { [ANNOTATIONS.nodeName]: 'ghost' })), 'no seal').toBeUndefined();
    expect(sealedNodeName(host('uid-1', { ...sealed, [ANNOTATIONS.nodeName]: 'ghost' })), 'another name under the seal').toBeUndefined();
    expect(sealedNodeName(host('uid-2', sealed)), 'copied to another host').toBeUndefined();
    expect(sealedNodeName(host(undefined, sealed)), 'no uid').toBeUndefined();
    expect(sealedNodeName(host('uid-1', { ...sealed, [ANNOTATIONS.nodeNameSeal]: 'x' })), 'a forged seal').toBeUndefined();
  });
});

describe('the enrollment proof, read as untrusted input', () => {
  const annotations = (uid: string, vouched: { operationId?: string; expectedNodeName?: string; secretUids?: string[] }) => ({
    [ANNOTATIONS.enrollmentProof]: enrollmentProof(uid, vouched),
    ...(vouched.operationId ? { [ANNOTATIONS.operationId]: vouched.operationId } : {}),
    ...(vouched.expectedNodeName ? { [ANNOTATIONS.expectedNodeName]: vouched.expectedNodeName } : {}),
    ...(vouched.secretUids ? { [ANNOTATIONS.enrollmentSecrets]: vouched.secretUids.join(',') } : {}),
  });

  it('vouches for the operation id and expected node name the console enrolled the host with', () => {
    expect(verifiedEnrollment(host('uid-1', annotations('uid-1', { operationId: 'op-1', expectedNodeName: 'app5' })))).toEqual({ operationId: 'op-1', expectedNodeName: 'app5' });
    expect(verifiedEnrollment(host('uid-1', annotations('uid-1', {})))).toEqual({});
    expect(verifiedEnrollment(host('uid-1', annotations('uid-1', { operationId: 'op-1', secretUids: ['s-1', 's-2'] })))).toEqual({ operationId: 'op-1', secretUids: ['s-1', 's-2'] });
  });

  it('vouches for nothing once another Secret is added to the enrollment’s', () => {
    const sealed = annotations('uid-1', { operationId: 'op-1', secretUids: ['s-1'] });
    expect(verifiedEnrollment(host('uid-1', { ...sealed, [ANNOTATIONS.enrollmentSecrets]: 's-1,s-of-another-host' }))).toBeUndefined();
  });

  it('vouches for nothing once the expected node name or operation id is changed or added, or on another host', () => {
    const sealed = annotations('uid-1', { operationId: 'op-1', expectedNodeName: 'app5' });
    expect(verifiedEnrollment(host('uid-1', { ...sealed, [ANNOTATIONS.expectedNodeName]: 'controller9' })), 'expected node name changed').toBeUndefined();
    expect(verifiedEnrollment(host('uid-1', { ...sealed, [ANNOTATIONS.operationId]: 'op-of-another-host' })), 'operation id copied').toBeUndefined();
    expect(verifiedEnrollment(host('uid-1', { ...annotations('uid-1', {}), [ANNOTATIONS.expectedNodeName]: 'controller9' })), 'expected node name added').toBeUndefined();
    expect(verifiedEnrollment(host('uid-2', sealed)), 'copied to another host').toBeUndefined();
    expect(verifiedEnrollment(host('uid-1', { [ANNOTATIONS.expectedNodeName]: 'app5' })), 'no proof').toBeUndefined();
  });
});
