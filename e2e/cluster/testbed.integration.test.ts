/**
 * Integration tests of the test bed itself, through the plain API with no console code in
 * between: they prove the cluster the console is tested against is real.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BareMetalHostKind,
  CertificateSigningRequestKind,
  DaemonSetKind,
  DeploymentKind,
  NodeKind,
  PodKind,
  ProvisioningKind,
  SecretKind,
  resourcePath,
} from '../../lib/k8s/kinds';
import {
  ANNOTATIONS,
  MACHINE_API_NAMESPACE,
  METAL3_DAEMONSETS,
  METAL3_DEPLOYMENTS,
  PROVISIONING_NAME,
} from '../../lib/metal3/constants';
import { staticNmstateYaml } from '../../lib/nmstate/document';
import * as x509 from '../../lib/pki/x509';
import { type CsrObject, type HostObject, type NodeObject } from './host-agent/kubelet';
import { type KubeObject, ObjectClient, adminKubeConfig, isStatus, kubeRequest, waitFor } from './kube';
import { DEMO_NAMESPACE, createWorker, deleteWorker } from './seed';

const kc = adminKubeConfig();
const client = new ObjectClient(kc);

type PodObject = KubeObject & {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
};
type WorkloadObject = KubeObject & {
  spec?: { replicas?: number };
  status?: { readyReplicas?: number; numberReady?: number; desiredNumberScheduled?: number };
};

const isReady = (node: NodeObject & { status?: { conditions?: { type: string; status: string }[] } }) =>
  node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Records every provisioning state a host passes through, from a watch (no update is missed). */
async function recordStates(name: string): Promise<{ states: string[]; stop: () => void }> {
  const states: string[] = [];
  const controller = await new k8s.Watch(kc).watch(
    resourcePath(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE }),
    { fieldSelector: `metadata.name=${name}` },
    (_phase, object: HostObject) => {
      const state = object.status?.provisioning?.state ?? '';
      if (states.at(-1) !== state) states.push(state);
    },
    () => undefined,
  );
  return { states, stop: () => controller.abort() };
}

async function hostState(name: string): Promise<string | undefined> {
  const host = await client.get<HostObject>(BareMetalHostKind, name, MACHINE_API_NAMESPACE);
  return host?.status?.provisioning?.state;
}

function csrSubject(csr: CsrObject): { commonName: string; organization: string; ips: string[]; dns: string[] } {
  const pem = Buffer.from((csr.spec as { request: string }).request, 'base64').toString('utf8');
  const request = new x509.Pkcs10CertificateRequest(pem);
  const sanExtension = request.getExtension('2.5.29.17');
  const names = sanExtension ? new x509.SubjectAlternativeNameExtension(sanExtension.rawData).names.toJSON() : [];
  return {
    commonName: request.subjectName.getField('CN')[0] ?? '',
    organization: request.subjectName.getField('O')[0] ?? '',
    ips: names.filter((n) => n.type === 'ip').map((n) => n.value),
    dns: names.filter((n) => n.type === 'dns').map((n) => n.value),
  };
}

async function approve(csr: CsrObject): Promise<void> {
  const conditions = [
    ...((csr.status?.conditions as unknown[]) ?? []),
    {
      type: 'Approved',
      status: 'True',
      reason: 'TestbedIntegrationTest',
      message: 'approved by the test bed integration test',
      lastUpdateTime: new Date().toISOString(),
    },
  ];
  await kubeRequest(kc, {
    method: 'PUT',
    path: `${resourcePath(CertificateSigningRequestKind, { name: csr.metadata.name })}/approval`,
    body: { ...csr, status: { ...csr.status, conditions } },
  });
}

describe('test bed: cluster-baremetal-operator stand-in', () => {
  afterAll(async () => {
    await client.delete(ProvisioningKind, PROVISIONING_NAME);
  });

  it('(d) creating provisioning-configuration brings up the metal3 workloads with Ready pods', async () => {
    await client.create(ProvisioningKind, {
      metadata: { name: PROVISIONING_NAME },
      spec: { provisioningNetwork: 'Disabled', watchAllNamespaces: false },
    });
    for (const name of METAL3_DEPLOYMENTS) {
      await waitFor(`Deployment ${name} to be ready`, async () => {
        const deployment = await client.get<WorkloadObject>(DeploymentKind, name, MACHINE_API_NAMESPACE);
        const replicas = deployment?.spec?.replicas ?? 0;
        return replicas > 0 && deployment?.status?.readyReplicas === replicas ? true : undefined;
      });
    }
    for (const name of METAL3_DAEMONSETS) {
      await waitFor(`DaemonSet ${name} to be ready`, async () => {
        const daemonSet = await client.get<WorkloadObject>(DaemonSetKind, name, MACHINE_API_NAMESPACE);
        const desired = daemonSet?.status?.desiredNumberScheduled ?? 0;
        return desired > 0 && daemonSet?.status?.numberReady === desired ? true : undefined;
      });
    }

    await client.delete(ProvisioningKind, PROVISIONING_NAME);
    await waitFor('the metal3 workloads to be removed with the CR', async () => {
      const deployments = await Promise.all(METAL3_DEPLOYMENTS.map((n) => client.get(DeploymentKind, n, MACHINE_API_NAMESPACE)));
      return deployments.every((d) => d === undefined) ? true : undefined;
    });
  });
});

describe('test bed: pods, evictions and DaemonSets', () => {
  const namespace = DEMO_NAMESPACE;

  async function evict(pod: PodObject): Promise<number> {
    try {
      await kubeRequest(kc, {
        method: 'POST',
        path: `${resourcePath(PodKind, { namespace, name: pod.metadata.name })}/eviction`,
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name, namespace } },
      });
      return 201;
    } catch (error) {
      if (isStatus(error, 429)) return 429;
      throw error;
    }
  }

  afterAll(async () => {
    await client.delete(DeploymentKind, 'evictable', namespace);
  });

  it('(e) an eviction blocked by a PodDisruptionBudget is answered 429; a pod without one is evicted', async () => {
    const web = await waitFor('the web pods to run', async () => {
      const pods = await client.list<PodObject>(PodKind, { namespace, labelSelector: 'app=web' });
      return pods.length === 2 && pods.every((p) => p.status?.phase === 'Running') ? pods : undefined;
    });
    const [first] = web;
    if (!first) throw new Error('no web pod');
    // The PDB controller must have computed disruptionsAllowed = 0 first.
    await waitFor('the PDB status to be computed', async () => {
      const pdb = await kubeRequest<{ status?: { currentHealthy?: number } }>(kc, {
        method: 'GET',
        path: `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets/web-pdb`,
      });
      return pdb.status?.currentHealthy === 2 ? true : undefined;
    });
    expect(await evict(first)).toBe(429);
    expect(await client.get(PodKind, first.metadata.name ?? '', namespace)).toBeDefined();

    await client.create(DeploymentKind, {
      metadata: { name: 'evictable', namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'evictable' } },
        template: {
          metadata: { labels: { app: 'evictable' } },
          spec: { containers: [{ name: 'main', image: 'registry.example.com/demo/app:1' }] },
        },
      },
    });
    const pod = await waitFor('the evictable pod to run', async () => {
      const pods = await client.list<PodObject>(PodKind, { namespace, labelSelector: 'app=evictable' });
      return pods.find((p) => p.status?.phase === 'Running');
    });
    expect(await evict(pod)).toBe(201);
    await waitFor('the evicted pod to be gone', async () =>
      (await client.get(PodKind, pod.metadata.name ?? '', namespace)) === undefined ? true : undefined,
    );
  });

  it('(f) DaemonSet pods land on every Ready node', async () => {
    await waitFor(
      'a node-agent pod on every Ready node',
      async () => {
        const nodes = (await client.list<NodeObject>(NodeKind)).filter(isReady);
        const pods = await client.list<PodObject>(PodKind, { namespace, labelSelector: 'app=node-agent' });
        const covered = new Set(pods.filter((p) => p.status?.phase === 'Running').map((p) => p.spec?.nodeName));
        return nodes.length >= 5 && nodes.every((n) => covered.has(n.metadata.name)) ? true : undefined;
      },
      { timeoutMs: 90_000 },
    );
  });
});

describe('test bed: a new worker from enrollment to removal', () => {
  const host = 'testbed-worker-a';
  const nodeName = 'testbed-node-a';
  const ip = '192.168.111.80';
  const bmcSecret = `${host}-bmc-secret`;
  const networkSecret = `${host}-network-config-secret`;

  beforeAll(async () => {
    await client.create(SecretKind, {
      metadata: { name: networkSecret, namespace: MACHINE_API_NAMESPACE },
      type: 'Opaque',
      stringData: { nmstate: staticNmstateYaml({ ip, prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }) },
    });
  });

  afterAll(async () => {
    await deleteWorker(client, { host, node: nodeName });
    await client.delete(SecretKind, networkSecret, MACHINE_API_NAMESPACE);
  });

  it('(a) a BareMetalHost with customDeploy walks registering → … → provisioned', async () => {
    const recorder = await recordStates(host);
    try {
      await createWorker(client, { host, mac: '52:54:00:00:09:01', annotations: { [ANNOTATIONS.expectedNodeName]: nodeName }, networkSecret });
      await waitFor(`${host} to be provisioned`, async () => ((await hostState(host)) === 'provisioned' ? true : undefined), {
        timeoutMs: 150_000,
      });
    } finally {
      recorder.stop();
    }
    const walk = ['registering', 'inspecting', 'preparing', 'available', 'provisioning', 'provisioned'];
    expect(recorder.states.filter((s) => walk.includes(s))).toEqual(walk);
  });

  it('(b) the client CSR comes from node-bootstrapper; once approved the Node joins and asks for a serving certificate', async () => {
    const clientCsr = await waitFor(
      `a client CSR for ${nodeName}`,
      async () =>
        (await client.list<CsrObject>(CertificateSigningRequestKind)).find(
          (csr) =>
            (csr.spec as { signerName?: string }).signerName === 'kubernetes.io/kube-apiserver-client-kubelet' &&
            csrSubject(csr).commonName === `system:node:${nodeName}`,
        ),
      { timeoutMs: 60_000 },
    );
    const spec = clientCsr.spec as { username?: string; groups?: string[] };
    expect(spec.username).toBe('system:serviceaccount:openshift-machine-config-operator:node-bootstrapper');
    expect(spec.groups).toEqual(
      expect.arrayContaining(['system:serviceaccounts:openshift-machine-config-operator', 'system:serviceaccounts', 'system:authenticated']),
    );
    expect(csrSubject(clientCsr)).toMatchObject({ organization: 'system:nodes', ips: [], dns: [] });
    expect(await client.get(NodeKind, nodeName)).toBeUndefined();

    await approve(clientCsr);
    await waitFor('the client certificate to be issued', async () => {
      const csr = await client.get<CsrObject>(CertificateSigningRequestKind, clientCsr.metadata.name ?? '');
      return csr?.status?.certificate ? true : undefined;
    });

    const node = await waitFor(`node ${nodeName} to be Ready`, async () => {
      const found = await client.get<NodeObject>(NodeKind, nodeName);
      return found && isReady(found) ? found : undefined;
    });
    expect(node.status?.addresses).toContainEqual({ type: 'InternalIP', address: ip });

    const serving = await waitFor(`a kubelet-serving CSR from system:node:${nodeName}`, async () =>
      (await client.list<CsrObject>(CertificateSigningRequestKind)).find(
        (csr) =>
          (csr.spec as { signerName?: string }).signerName === 'kubernetes.io/kubelet-serving' &&
          (csr.spec as { username?: string }).username === `system:node:${nodeName}`,
      ),
    );
    expect((serving.spec as { groups?: string[] }).groups).toEqual(expect.arrayContaining(['system:nodes', 'system:authenticated']));
    expect(csrSubject(serving)).toMatchObject({ commonName: `system:node:${nodeName}`, ips: [ip] });
  });

  it('(c) removing customDeploy deprovisions to available; deleting the host releases it and its BMC Secret', async () => {
    const adopted = await client.get<KubeObject>(SecretKind, bmcSecret, MACHINE_API_NAMESPACE);
    const hostObject = await client.get<HostObject>(BareMetalHostKind, host, MACHINE_API_NAMESPACE);
    // BMO adopts the BMC Secret: label, a non-controller ownerReference, and its finalizer.
    expect(adopted?.metadata.labels?.['environment.metal3.io']).toBe('baremetal');
    expect(adopted?.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'BareMetalHost', name: host, uid: hostObject?.metadata.uid }),
    ]);
    expect(adopted?.metadata.ownerReferences?.[0]?.controller).toBeFalsy();
    expect(adopted?.metadata.finalizers).toContain('baremetalhost.metal3.io/secret');

    const recorder = await recordStates(host);
    try {
      await client.jsonPatch(BareMetalHostKind, {
        name: host,
        namespace: MACHINE_API_NAMESPACE,
        ops: [{ op: 'remove', path: '/spec/customDeploy' }],
      });
      await waitFor(`${host} to be available`, async () => ((await hostState(host)) === 'available' ? true : undefined), {
        timeoutMs: 120_000,
      });
    } finally {
      recorder.stop();
    }
    expect(recorder.states).toContain('deprovisioning');
    expect(recorder.states.indexOf('deprovisioning')).toBeLessThan(recorder.states.lastIndexOf('available'));

    await client.delete(BareMetalHostKind, host, MACHINE_API_NAMESPACE);
    await waitFor(`${host} to be gone`, async () => ((await client.get(BareMetalHostKind, host, MACHINE_API_NAMESPACE)) ? undefined : true), {
      timeoutMs: 120_000,
    });
    // BMO drops its finalizer and the garbage collector follows the ownerReference.
    await waitFor(`BMC Secret ${bmcSecret} to be garbage-collected`, async () =>
      (await client.get(SecretKind, bmcSecret, MACHINE_API_NAMESPACE)) ? undefined : true,
    );
    // Nothing owns the network Secret: it is left behind for whoever created it to delete.
    const network = await client.get<KubeObject>(SecretKind, networkSecret, MACHINE_API_NAMESPACE);
    expect(network).toBeDefined();
    expect(network?.metadata.ownerReferences ?? []).toEqual([]);

    // The host's "kubelet" stopped with it: the Node goes NotReady but is not deleted.
    await waitFor(
      `node ${nodeName} to go NotReady`,
      async () => {
        const node = await client.get<NodeObject>(NodeKind, nodeName);
        return node && !isReady(node) ? true : undefined;
      },
      { timeoutMs: 120_000 },
    );
  });
});
