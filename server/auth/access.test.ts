import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KubeConfig } from '@kubernetes/client-node';

const createObject = vi.fn(async (_kc: unknown, options: { manifest: { spec: { resourceAttributes: { verb: string } } } }) => ({
  status: { allowed: options.manifest.spec.resourceAttributes.verb !== 'delete' },
}));
vi.mock('../kube/objects', () => ({ createObject }));

const session = { mode: 'token' as const, token: 't', username: 'alice', groups: [], sid: 's', csrf: 'c', expiresAt: Date.now() + 3600_000 };
const kc = {} as KubeConfig;
const question = (name: string, verb = 'patch') => ({ verb, group: 'metal3.io', resource: 'baremetalhosts', namespace: 'openshift-machine-api', name });

describe('accessFor: SelfSubjectAccessReviews, cached 30 s and bounded', () => {
  afterEach(() => {
    vi.useRealTimers();
    createObject.mockClear();
  });

  it('asks the apiserver once per question within 30 s, again after, and words a refusal', async () => {
    vi.useFakeTimers();
    const { accessFor } = await import('./access');
    expect(await accessFor(session, kc, question('worker-0'))).toEqual({ allowed: true });
    expect(await accessFor(session, kc, question('worker-0'))).toEqual({ allowed: true });
    expect(createObject).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(30_000);
    await accessFor(session, kc, question('worker-0'));
    expect(createObject).toHaveBeenCalledTimes(2);
    expect(await accessFor(session, kc, question('worker-0', 'delete'))).toEqual({ allowed: false, reason: 'alice may not delete baremetalhosts worker-0 in namespace openshift-machine-api.' });
  });

  it('never holds more than 5,000 answers: once full, the oldest go first', async () => {
    const { accessFor } = await import('./access');
    for (let i = 0; i < 5_001; i++) await accessFor(session, kc, question(`many-${i}`));
    createObject.mockClear();
    await accessFor(session, kc, question('many-5000'));
    expect(createObject, 'the newest answer is still cached').toHaveBeenCalledTimes(0);
    await accessFor(session, kc, question('many-0'));
    expect(createObject, 'the oldest was dropped and is asked again').toHaveBeenCalledTimes(1);
  });
});
