import { describe, expect, it } from 'vitest';
import { ANNOTATIONS } from '@/lib/metal3/constants';
import { nodeNameAnnotations, sealedNodeName } from './node-record';

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
