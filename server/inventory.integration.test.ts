/**
 * The console's inventory server code against the local cluster, with real ServiceAccount
 * identities: RBAC is the apiserver's, not ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKubeConfig, kubeRequest, ObjectClient, waitFor } from '@/e2e/cluster/kube';
import { compactEtcd } from '@/e2e/cluster/etcd';
import { SEED_HOSTS } from '@/e2e/cluster/seed';
import { NodeKind, ProvisioningKind, type KindRef } from '@/lib/k8s/kinds';
import { linkInventory } from '@/lib/inventory/links';
import { accessFor } from './auth/access';
import type { Session } from './auth/session';
import { ClusterError } from './errors';
import { tokenKubeConfig } from './kube/identity';
import { WatchedCollection } from './watch/collection';
import { InventoryHub } from './watch/inventory-hub';

const admin = adminKubeConfig();
const client = new ObjectClient(admin);
const namespace = 'default';

const ServiceAccountKind = { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true } as const satisfies KindRef;
const ClusterRoleKind = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false } as const satisfies KindRef;
const ClusterRoleBindingKind = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false } as const satisfies KindRef;

async function serviceAccountSession(name: string, rules: unknown[]): Promise<Session> {
  await client.ensure(ServiceAccountKind, { metadata: { name, namespace } });
  await client.delete(ClusterRoleKind, name);
  await client.create(ClusterRoleKind, { metadata: { name }, rules });
  await client.ensure(ClusterRoleBindingKind, {
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  });
  const review = await kubeRequest<{ status: { token: string } }>(admin, {
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  });
  return { mode: 'token', token: review.status.token, username: `system:serviceaccount:${namespace}:${name}`, groups: [], csrf: 'x' };
}

const READ_ONLY_RULES = [
  { apiGroups: ['metal3.io'], resources: ['baremetalhosts', 'provisionings'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes', 'events'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
];

describe('inventory with a read-only identity', () => {
  let session: Session;
  let hub: InventoryHub;

  beforeAll(async () => {
    session = await serviceAccountSession('bmconsole-it-viewer', READ_ONLY_RULES);
    hub = new InventoryHub(tokenKubeConfig(session.token ?? ''));
  });
  afterAll(() => hub.stop());

  it('sees every seeded host and node, and is told why one may not be linked by IP', async () => {
    const snapshot = await hub.snapshot();
    expect(snapshot.hosts.map((h) => h.name)).toEqual(expect.arrayContaining(SEED_HOSTS.map((s) => s.host)));
    expect(snapshot.nodes.map((n) => n.name)).toEqual(expect.arrayContaining(SEED_HOSTS.map((s) => s.node)));
    const rows = linkInventory(snapshot.hosts, snapshot.nodes);
    expect(rows.find((r) => r.host?.name === 'controller1')).toMatchObject({ node: { name: 'controller1' }, link: 'name' });
    // openshift-worker-0 joined as app1: only its static IP (in a Secret it may not read) links them.
    expect(rows.find((r) => r.host?.name === 'openshift-worker-0')?.problem).toBe(
      'Static IPs unknown: system:serviceaccount:default:bmconsole-it-viewer may not get secrets in namespace openshift-machine-api.',
    );
  });

  it('is told, not allowed, to create the Provisioning CR', async () => {
    const access = await accessFor(session, tokenKubeConfig(session.token ?? ''), {
      verb: 'create',
      group: ProvisioningKind.group,
      resource: ProvisioningKind.plural,
    });
    expect(access).toEqual({ allowed: false, reason: 'system:serviceaccount:default:bmconsole-it-viewer may not create provisionings.' });
  });
});

describe('inventory with an identity that may read network Secrets', () => {
  it('links every seeded host to its node, openshift-worker-0 to app1 by IP', async () => {
    const session = await serviceAccountSession('bmconsole-it-operator', [
      ...READ_ONLY_RULES,
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
    ]);
    const hub = new InventoryHub(tokenKubeConfig(session.token ?? ''));
    try {
      const snapshot = await hub.snapshot();
      const rows = linkInventory(snapshot.hosts, snapshot.nodes);
      for (const seed of SEED_HOSTS) expect(rows.find((r) => r.host?.name === seed.host)?.node?.name, seed.host).toBe(seed.node);
      expect(rows.find((r) => r.host?.name === 'openshift-worker-0')?.link).toBe('ip');
    } finally {
      hub.stop();
    }
  });
});

describe('inventory with an identity that may not list hosts', () => {
  it('gets a clear message naming the user, the verb and the resource', async () => {
    const session = await serviceAccountSession('bmconsole-it-nohosts', [
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
    ]);
    const hub = new InventoryHub(tokenKubeConfig(session.token ?? ''));
    try {
      const failure = await hub.snapshot().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ClusterError);
      expect((failure as ClusterError).userMessage).toBe(
        'system:serviceaccount:default:bmconsole-it-nohosts may not list baremetalhosts in namespace openshift-machine-api.',
      );
      expect(hub.health().error).toBe((failure as ClusterError).userMessage);
    } finally {
      hub.stop();
    }
  });
});

describe('watched collection', () => {
  it('relists after 410 Gone and keeps following changes', async () => {
    const nodes = new WatchedCollection(admin, NodeKind);
    try {
      await nodes.start();
      const before = nodes.items().length;
      // Once etcd is compacted, a watch from an older resourceVersion is answered 410 Gone.
      await compactEtcd();
      nodes.resumeFrom('1');
      await waitFor('a relist after 410 Gone', async () => (nodes.relists > 0 && nodes.state === 'live' ? true : undefined), { timeoutMs: 60_000 });
      expect(nodes.items().length).toBe(before);

      const name = 'bmconsole-it-410';
      await client.create(NodeKind, { metadata: { name } });
      try {
        await waitFor('the new node in the relisted collection', async () =>
          nodes.items().some((n) => n.metadata?.name === name) ? true : undefined,
        );
      } finally {
        await client.delete(NodeKind, name);
      }
    } finally {
      nodes.stop();
    }
  });
});
