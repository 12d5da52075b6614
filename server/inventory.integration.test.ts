/**
 * The console's inventory server code against the local cluster, with real ServiceAccount
 * identities: RBAC is the apiserver's, not ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAccountWithRole, testSession } from '@/e2e/cluster/identities';
import { adminKubeConfig, ObjectClient, waitFor } from '@/e2e/cluster/kube';
import { SEED_HOSTS } from '@/e2e/cluster/seed';
import { BareMetalHostKind, ClusterRoleBindingKind, CustomResourceDefinitionKind, ProvisioningKind, SecretKind, type KindRef } from '@/lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { linkInventory } from '@/lib/inventory/links';
import { accessFor } from './auth/access';
import type { Session } from './auth/session';
import { ClusterError } from './errors';
import { tokenKubeConfig } from './kube/identity';
import { WatchedCollection } from './watch/collection';
import { type HubMessage, InventoryHub } from './watch/inventory-hub';

const admin = adminKubeConfig();
const client = new ObjectClient(admin);
const namespace = 'default';

async function serviceAccountSession(name: string, rules: unknown[]): Promise<Session> {
  const token = await serviceAccountWithRole(client, { namespace, name, rules });
  return testSession({ token, username: `system:serviceaccount:${namespace}:${name}` });
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

describe("a host's static IPs", () => {
  const name = 'it-inventory-reenrolled';
  const secret = `${name}-network-config-secret`;

  afterAll(async () => {
    await client.delete(BareMetalHostKind, name, MACHINE_API_NAMESPACE);
    await client.delete(SecretKind, secret, MACHINE_API_NAMESPACE);
  });

  async function enroll(ip: string): Promise<void> {
    await client.create(SecretKind, {
      metadata: { name: secret, namespace: MACHINE_API_NAMESPACE },
      type: 'Opaque',
      stringData: { nmstate: staticNmstateYaml({ ip, prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }) },
    });
    await client.create(BareMetalHostKind, {
      metadata: { name, namespace: MACHINE_API_NAMESPACE },
      spec: { online: false, bootMACAddress: '52:54:00:00:0d:01', bmc: { address: `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/${name}`, credentialsName: 'none' }, externallyProvisioned: true, preprovisioningNetworkDataName: secret },
    });
  }

  it('are read again for a host re-enrolled under the same name, never its predecessor’s', async () => {
    const hub = new InventoryHub(admin);
    const ipsOf = async () => (await hub.snapshot()).hosts.find((h) => h.name === name)?.staticIps;
    try {
      await enroll('192.168.111.91');
      expect(await waitFor('the first enrollment’s IP', async () => ((await ipsOf())?.[0] === '192.168.111.91' ? true : undefined))).toBe(true);
      await client.delete(BareMetalHostKind, name, MACHINE_API_NAMESPACE);
      await client.delete(SecretKind, secret, MACHINE_API_NAMESPACE);
      await waitFor('the host to be gone', async () => ((await ipsOf()) === undefined ? true : undefined), { timeoutMs: 60_000 });
      await enroll('192.168.111.92');
      await waitFor('the new host’s own IP', async () => ((await ipsOf())?.[0] === '192.168.111.92' ? true : undefined));
      expect(await ipsOf()).toEqual(['192.168.111.92']);
    } finally {
      hub.stop();
    }
  }, 120_000);
});

describe('a network Secret the user could not read', () => {
  it('is read again once the user may, not remembered as unreadable for good', async () => {
    const name = 'bmconsole-it-secretless';
    const token = await serviceAccountWithRole(client, { namespace, name, rules: READ_ONLY_RULES });
    const hub = new InventoryHub(tokenKubeConfig(token), { failedReadRetryMs: 500 });
    const worker0 = async () => (await hub.snapshot()).hosts.find((h) => h.name === 'openshift-worker-0');
    try {
      expect((await worker0())?.staticIpsError).toBe(`system:serviceaccount:${namespace}:${name} may not get secrets in namespace openshift-machine-api.`);
      await serviceAccountWithRole(client, { namespace, name, rules: [...READ_ONLY_RULES, { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] });
      await waitFor('the static IPs once the Secret may be read', async () => ((await worker0())?.staticIps[0] === '192.168.111.30' ? true : undefined), { timeoutMs: 30_000, intervalMs: 300 });
      expect((await worker0())?.staticIpsError).toBeUndefined();
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
  const ProbeKind = { group: 'testbed.bmconsole.io', version: 'v1', plural: 'relistprobes', kind: 'RelistProbe', namespaced: false } as const satisfies KindRef;
  const crdName = `${ProbeKind.plural}.${ProbeKind.group}`;

  afterAll(async () => {
    await client.delete(CustomResourceDefinitionKind, crdName);
  });

  it('relists after 410 Gone and keeps following changes', async () => {
    // A kind created now has a watch cache that starts now: a watch from resourceVersion 1 is
    // "too old" for it, as after an apiserver restart (older kinds' caches hold everything since 1).
    await client.ensure(CustomResourceDefinitionKind, {
      metadata: { name: crdName },
      spec: {
        group: ProbeKind.group,
        names: { kind: ProbeKind.kind, plural: ProbeKind.plural, singular: 'relistprobe' },
        scope: 'Cluster',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    await waitFor('the probe kind to be served', async () => {
      await client.list(ProbeKind);
      return true;
    });
    await client.ensure(ProbeKind, { metadata: { name: 'before' } });
    const probes = new WatchedCollection(admin, ProbeKind);
    try {
      await probes.start();
      probes.resumeFrom('1');
      await waitFor('a relist after 410 Gone', async () => (probes.relists > 0 && probes.state === 'live' ? true : undefined));
      expect(probes.items().map((p) => p.metadata?.name)).toEqual(['before']);

      await client.create(ProbeKind, { metadata: { name: 'after' } });
      await waitFor('the new object in the relisted collection', async () =>
        probes.items().some((p) => p.metadata?.name === 'after') ? true : undefined,
      );
    } finally {
      probes.stop();
    }
  });
});

describe('the shared cache, one copy for every administrator', () => {
  const messagesOf = (hub: InventoryHub) => {
    const messages: HubMessage[] = [];
    const unsubscribe = hub.subscribe((message) => messages.push(message));
    return { messages, unsubscribe };
  };

  it('shows a user without rights nothing of what another user filled it with', async () => {
    const filler = new InventoryHub(admin);
    const outsider = await serviceAccountSession('bmconsole-it-outsider', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }]);
    const hub = new InventoryHub(tokenKubeConfig(outsider.token ?? ''));
    try {
      expect((await filler.snapshot()).hosts.length).toBeGreaterThan(0);
      const refused = await hub.snapshot().then(() => undefined, (error: unknown) => error);
      expect((refused as ClusterError).userMessage).toBe('system:serviceaccount:default:bmconsole-it-outsider may not list baremetalhosts in namespace openshift-machine-api.');
      await expect(hub.hostObjects()).rejects.toBeInstanceOf(ClusterError);
      await expect(hub.nodeObjects()).rejects.toBeInstanceOf(ClusterError);
      await expect(hub.csrObjects()).rejects.toBeInstanceOf(ClusterError);
      const { messages, unsubscribe } = messagesOf(hub);
      await waitFor('the refusal on the stream', async () => messages.find((m) => m.type === 'health' && m.data.error));
      unsubscribe();
      expect(messages.filter((m) => m.type === 'snapshot')).toEqual([{ type: 'snapshot', data: { hosts: [], nodes: [] } }]);
      expect(messages.some((m) => m.type === 'change')).toBe(false);
    } finally {
      filler.stop();
      hub.stop();
    }
  });

  it('stops the stream of a user whose binding is revoked, at the next re-check', async () => {
    const name = 'bmconsole-it-revoked';
    const session = await serviceAccountSession(name, READ_ONLY_RULES);
    const watcher = new InventoryHub(admin);
    const hub = new InventoryHub(tokenKubeConfig(session.token ?? ''), { recheckMs: 1000 });
    const { messages, unsubscribe } = messagesOf(hub);
    const seen = messagesOf(watcher);
    try {
      await waitFor('the first snapshot', async () => messages.find((m) => m.type === 'snapshot' && m.data.hosts.length > 0));
      await client.delete(ClusterRoleBindingKind, name);
      const refusal = await waitFor('the stream to be stopped', async () => messages.find((m) => m.type === 'health' && m.data.error), { timeoutMs: 30_000 });
      expect(refusal).toEqual({ type: 'health', data: expect.objectContaining({ error: `system:serviceaccount:default:${name} may not list baremetalhosts in namespace openshift-machine-api.` }) });
      expect(messages.at(-2)).toEqual({ type: 'snapshot', data: { hosts: [], nodes: [] } });
      // A change everyone else sees no longer reaches the revoked user.
      const before = messages.length;
      await client.mergePatch(BareMetalHostKind, { name: 'controller2', namespace: MACHINE_API_NAMESPACE, body: { metadata: { annotations: { 'bmconsole.test/touched': String(Date.now()) } } } });
      await waitFor('the change to reach another user', async () => seen.messages.find((m) => m.type === 'change' && m.data.object.name === 'controller2'));
      expect(messages.slice(before)).toEqual([]);
    } finally {
      unsubscribe();
      seen.unsubscribe();
      hub.stop();
      watcher.stop();
    }
  }, 60_000);
});
