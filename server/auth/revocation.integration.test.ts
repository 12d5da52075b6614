/**
 * Sign-out across replicas: two consoles (two revocation lists, each with its own watch, as two
 * processes would hold) share one ConfigMap; a sign-out on one is refused by the other.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ObjectClient, adminKubeConfig, waitFor } from '@/e2e/cluster/kube';
import { ConfigMapKind, NamespaceKind } from '@/lib/k8s/kinds';
import { REVOCATION_CONFIGMAP, RevocationList } from './revocation';

const kc = adminKubeConfig();
const admin = new ObjectClient(kc);
const namespace = 'it-console-revocations';
const lists: RevocationList[] = [];

afterAll(async () => {
  for (const list of lists) list.stop();
  await admin.delete(NamespaceKind, namespace);
});

describe('the shared sign-out list', () => {
  it('a session signed out on one replica is refused by another, and expired entries are pruned', async () => {
    await admin.ensure(NamespaceKind, { metadata: { name: namespace } });
    const replicaA = new RevocationList({ kc, namespace });
    const replicaB = new RevocationList({ kc, namespace });
    lists.push(replicaA, replicaB);
    await Promise.all([replicaA.start(), replicaB.start()]);
    const heard: string[] = [];
    replicaB.onRevoked((sid) => heard.push(sid));

    await replicaA.revoke('sid-signed-out-on-a', Date.now() + 3600_000);
    expect(replicaA.isRevoked('sid-signed-out-on-a')).toBe(true);
    await waitFor('replica B to hear of the sign-out', async () => (replicaB.isRevoked('sid-signed-out-on-a') ? true : undefined), { timeoutMs: 10_000 });
    expect(heard).toEqual(['sid-signed-out-on-a']);
    expect(replicaB.isRevoked('sid-still-signed-in')).toBe(false);

    // A third replica that starts later reads the list as it is.
    const late = new RevocationList({ kc, namespace });
    lists.push(late);
    await late.start();
    expect(late.isRevoked('sid-signed-out-on-a')).toBe(true);

    // An entry past its session's expiry is dropped at the next write.
    await admin.mergePatch(ConfigMapKind, { name: REVOCATION_CONFIGMAP, namespace, body: { data: { 'sid-long-expired': new Date(Date.now() - 1000).toISOString() } } });
    await replicaB.revoke('sid-signed-out-on-b', Date.now() + 3600_000);
    const stored = await admin.get<{ metadata: object; data?: Record<string, string> }>(ConfigMapKind, REVOCATION_CONFIGMAP, namespace);
    expect(Object.keys(stored?.data ?? {}).sort()).toEqual(['sid-signed-out-on-a', 'sid-signed-out-on-b']);
    await waitFor('replica A to hear of B’s sign-out', async () => (replicaA.isRevoked('sid-signed-out-on-b') ? true : undefined), { timeoutMs: 10_000 });
  });
});
