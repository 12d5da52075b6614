import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ConfigMapKind, NamespaceKind } from '@/lib/k8s/kinds';
import { serviceAccountToken } from '@/e2e/cluster/identities';
import { ObjectClient, adminKubeConfig, kubeRequest, waitFor } from '@/e2e/cluster/kube';
import { REPO_ROOT, binary, testbedPaths } from '@/e2e/cluster/paths';

/**
 * deploy/ against the local cluster's real apiserver, as README "Deploy to a cluster" applies it:
 * every object of both overlays passes a server-side dry run (the Route only where OpenShift's API
 * is served, see below), the pod passes the restricted Pod Security Standard as the apiserver's own
 * PodSecurity admission decides it, and the console's ServiceAccount can do what the sign-out list
 * needs (with the console's own code) and nothing beyond it.
 */

const execFileAsync = promisify(execFile);
/** The console's own identity in the base: applied for real before the checks. */
const IDENTITY_KINDS = ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];
const NAMESPACE = 'bare-metal-console';
const admin = new ObjectClient(adminKubeConfig());

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> };

async function kustomize(folder: string): Promise<Manifest[]> {
  const { stdout } = await execFileAsync(binary('kubectl'), ['kustomize', join(REPO_ROOT, 'deploy', folder)], { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((doc) => doc.toJS() as Manifest);
}

/** `kubectl apply` of `objects` (for real, or `--dry-run=server`): what the apiserver answered, warnings included. */
async function apply(objects: Manifest[], options: { dryRun: boolean }): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const input = objects.map((o) => JSON.stringify(o)).join('\n');
  return new Promise((resolve) => {
    const child = execFile(
      binary('kubectl'),
      ['--kubeconfig', testbedPaths().kubeconfig, 'apply', ...(options.dryRun ? ['--dry-run=server'] : []), '-f', '-'],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ ok: !error, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

const dryRun = (objects: Manifest[]) => apply(objects, { dryRun: true });

/** A Pod with the Deployment's pod template, as the ReplicaSet controller would create it. */
function podOf(deployment: Manifest): Manifest {
  const template = (deployment.spec as { template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> } }).template;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare-metal-console-dry-run', namespace: NAMESPACE, labels: template.metadata.labels }, spec: template.spec };
}

const apiserverServes = async (group: string) => {
  const { stdout } = await execFileAsync(binary('kubectl'), ['--kubeconfig', testbedPaths().kubeconfig, 'api-resources', `--api-group=${group}`, '-o', 'name']);
  return stdout.trim().length > 0;
};

beforeAll(async () => {
  // Namespaced objects can only be dry-run into a namespace that exists, and a pod only with its
  // ServiceAccount: the base's Namespace (with its Pod Security labels), ServiceAccount, Role and
  // RoleBinding are applied for real, and deleted afterwards with the namespace.
  const identity = (await kustomize('base')).filter((o) => IDENTITY_KINDS.includes(o.kind));
  const applied = await apply(identity, { dryRun: false });
  if (!applied.ok) throw new Error(applied.stderr);
});

afterAll(async () => {
  // The cluster-wide and openshift-machine-api parts of the identity go with their manifests.
  const outside = (await kustomize('base')).filter((o) => IDENTITY_KINDS.includes(o.kind) && o.kind !== 'Namespace' && o.metadata.namespace !== NAMESPACE);
  for (const object of outside) {
    await execFileAsync(binary('kubectl'), ['--kubeconfig', testbedPaths().kubeconfig, 'delete', '--ignore-not-found', object.kind.toLowerCase(), object.metadata.name, ...(object.metadata.namespace ? ['-n', object.metadata.namespace] : [])]);
  }
  await admin.delete(NamespaceKind, NAMESPACE);
});

describe('deploy/', () => {
  for (const overlay of ['overlays/ingress', 'overlays/openshift']) {
    it(`${overlay}: every object passes a server-side dry run, with no warning`, async () => {
      const objects = await kustomize(overlay);
      expect(objects.map((o) => o.kind).sort()).toEqual(
        expect.arrayContaining(['ConfigMap', 'Deployment', 'Namespace', 'NetworkPolicy', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']),
      );
      // OpenShift's Route is served only by OpenShift's apiserver, which the local cluster is not.
      const checkable = (await apiserverServes('route.openshift.io')) ? objects : objects.filter((o) => o.kind !== 'Route');
      const answer = await dryRun(checkable);
      expect(answer.stderr).toBe('');
      expect(answer.ok).toBe(true);
      for (const object of checkable) expect(answer.stdout).toMatch(new RegExp(`^${object.kind.toLowerCase()}[.\\w]*/${object.metadata.name} (created|configured|unchanged)`, 'm'));
    });
  }

  it('overlays/openshift: the Route sends the router to the Service port the console listens on, over TLS', async () => {
    const objects = await kustomize('overlays/openshift');
    const route = objects.find((o) => o.kind === 'Route') as Manifest & { spec: { host: string; to: { kind: string; name: string }; port: { targetPort: string }; tls: { termination: string } } };
    const service = objects.find((o) => o.kind === 'Service') as Manifest & { spec: { ports: { name: string }[] } };
    const config = objects.find((o) => o.kind === 'ConfigMap') as Manifest & { data: Record<string, string> };
    expect(route.spec.to).toEqual({ kind: 'Service', name: service.metadata.name });
    expect(service.spec.ports.map((p) => p.name)).toContain(route.spec.port.targetPort);
    expect(route.spec.tls.termination).toBe('edge');
    expect(config.data.CONSOLE_ORIGIN).toBe(`https://${route.spec.host}`);
  });

  it('the console pod meets the restricted Pod Security Standard (the apiserver enforces it on the namespace)', async () => {
    const objects = await kustomize('base');
    const namespace = objects.find((o) => o.kind === 'Namespace');
    expect(namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const pod = podOf(deployment);
    const admitted = await dryRun([pod]);
    expect(admitted.stderr).toBe('');
    expect(admitted.ok).toBe(true);

    // The check is live: the same pod allowed to gain privileges is refused by PodSecurity.
    const spec = pod.spec as { containers: { securityContext: Record<string, unknown> }[] };
    const loosened = { ...pod, spec: { ...pod.spec, containers: spec.containers.map((c) => ({ ...c, securityContext: { ...c.securityContext, allowPrivilegeEscalation: true } })) } };
    const refused = await dryRun([loosened]);
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toMatch(/violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
  });

  it("the console's ServiceAccount keeps the sign-out list with the console's own code, may read what the shared cache lists, and nothing else", async () => {
    const token = await serviceAccountToken(admin.kc, { namespace: NAMESPACE, name: 'bare-metal-console' });
    const { tokenKubeConfig } = await import('@/server/kube/identity');
    const { RevocationList, REVOCATION_CONFIGMAP } = await import('@/server/auth/revocation');
    const kc = tokenKubeConfig(token);

    // Two replicas: one records sign-outs (creating, then patching the ConfigMap), the other hears them.
    const writer = new RevocationList({ kc, namespace: NAMESPACE });
    const reader = new RevocationList({ kc, namespace: NAMESPACE });
    await reader.start();
    try {
      await writer.revoke('sid-of-a-signed-out-session', Date.now() + 3600_000);
      await writer.revoke('sid-of-another-session', Date.now() + 3600_000);
      await waitFor('the other replica to hear both sign-outs', async () => (reader.isRevoked('sid-of-a-signed-out-session') && reader.isRevoked('sid-of-another-session') ? true : undefined));
      expect(Object.keys((await admin.get<Manifest & { data?: Record<string, string> }>(ConfigMapKind, REVOCATION_CONFIGMAP, NAMESPACE))?.data ?? {})).toHaveLength(2);
    } finally {
      reader.stop();
    }

    const may = async (attributes: Record<string, string>) => {
      const review = await kubeRequest<{ status: { allowed: boolean } }>(kc, {
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attributes } },
      });
      return review.status.allowed;
    };
    expect(await may({ verb: 'patch', resource: 'configmaps', namespace: NAMESPACE, name: REVOCATION_CONFIGMAP })).toBe(true);
    expect(await may({ verb: 'patch', resource: 'configmaps', namespace: NAMESPACE, name: 'bare-metal-console' })).toBe(false);
    expect(await may({ verb: 'get', resource: 'secrets', namespace: NAMESPACE })).toBe(false);
    expect(await may({ verb: 'list', resource: 'configmaps', namespace: 'default' })).toBe(false);
    // The shared read cache: list and watch of exactly its kinds, where it watches them.
    for (const verb of ['list', 'watch']) {
      expect(await may({ verb, resource: 'nodes' })).toBe(true);
      expect(await may({ verb, group: 'certificates.k8s.io', resource: 'certificatesigningrequests' })).toBe(true);
      expect(await may({ verb, group: 'metal3.io', resource: 'baremetalhosts', namespace: 'openshift-machine-api' })).toBe(true);
    }
    expect(await may({ verb: 'get', resource: 'nodes' })).toBe(false);
    expect(await may({ verb: 'list', group: 'metal3.io', resource: 'baremetalhosts', namespace: 'default' })).toBe(false);
    expect(await may({ verb: 'patch', group: 'metal3.io', resource: 'baremetalhosts', namespace: 'openshift-machine-api' })).toBe(false);
    expect(await may({ verb: 'update', group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: 'approval' })).toBe(false);
    expect(await may({ verb: 'list', resource: 'secrets', namespace: 'openshift-machine-api' })).toBe(false);
  });
});

describe('deploy/components/auto-approve', () => {
  it('grants the console exactly what automatic approval does: approve for the kubelet signers, record the node on the host, read its network Secret', async () => {
    // A component builds only inside a kustomization: one beside the overlays, as a user would write it.
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const folder = await mkdtemp(join(REPO_ROOT, 'deploy', '.tmp-auto-approve-'));
    let objects: Manifest[];
    try {
      await writeFile(join(folder, 'kustomization.yaml'), 'resources:\n- ../base\ncomponents:\n- ../components/auto-approve\n');
      objects = await kustomize(folder.slice(join(REPO_ROOT, 'deploy').length + 1));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    const config = objects.find((o) => o.kind === 'ConfigMap') as Manifest & { data: Record<string, string> };
    expect(config.data.CONSOLE_AUTO_APPROVE).toBe('true');
    const rbac = objects.filter((o) => o.metadata.name === 'bare-metal-console-auto-approve');
    expect(rbac.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);
    const dry = await dryRun(objects.filter((o) => o.kind !== 'Route'));
    expect(dry.stderr).toBe('');

    const applied = await apply(rbac, { dryRun: false });
    expect(applied.stderr).toBe('');
    try {
      const token = await serviceAccountToken(admin.kc, { namespace: NAMESPACE, name: 'bare-metal-console' });
      const { tokenKubeConfig } = await import('@/server/kube/identity');
      const kc = tokenKubeConfig(token);
      const may = async (attributes: Record<string, string>) =>
        (
          await kubeRequest<{ status: { allowed: boolean } }>(kc, {
            method: 'POST',
            path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
            body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attributes } },
          })
        ).status.allowed;
      const csrs = { group: 'certificates.k8s.io', resource: 'certificatesigningrequests' };
      await waitFor('the Role to take effect', async () => ((await may({ verb: 'get', ...csrs })) ? true : undefined));
      expect(await may({ verb: 'update', ...csrs, subresource: 'approval' })).toBe(true);
      for (const signer of ['kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving']) {
        expect(await may({ verb: 'approve', group: 'certificates.k8s.io', resource: 'signers', name: signer }), signer).toBe(true);
      }
      expect(await may({ verb: 'approve', group: 'certificates.k8s.io', resource: 'signers', name: 'kubernetes.io/kube-apiserver-client' })).toBe(false);
      expect(await may({ verb: 'patch', group: 'metal3.io', resource: 'baremetalhosts', namespace: 'openshift-machine-api' })).toBe(true);
      expect(await may({ verb: 'get', resource: 'secrets', namespace: 'openshift-machine-api' })).toBe(true);
      expect(await may({ verb: 'list', resource: 'secrets', namespace: 'openshift-machine-api' })).toBe(false);
      expect(await may({ verb: 'delete', group: 'metal3.io', resource: 'baremetalhosts', namespace: 'openshift-machine-api' })).toBe(false);
      expect(await may({ verb: 'delete', ...csrs })).toBe(false);
      expect(await may({ verb: 'get', resource: 'secrets', namespace: 'default' })).toBe(false);
    } finally {
      for (const object of rbac) {
        await execFileAsync(binary('kubectl'), ['--kubeconfig', testbedPaths().kubeconfig, 'delete', '--ignore-not-found', object.kind.toLowerCase(), object.metadata.name, ...(object.metadata.namespace ? ['-n', object.metadata.namespace] : [])]);
      }
    }
  });
});

describe('Containerfile', () => {
  it('runs the built app as `npm start` does, as a numeric non-root user, on the port the Deployment names, with the test bed\'s nmstatectl', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    const text = readFileSync(join(REPO_ROOT, 'Containerfile'), 'utf8');
    const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(text).toMatch(/^CMD \["node", "server\/launch\.mjs"\]$/m);
    expect(packageJson.scripts.start).toBe('node server/launch.mjs');
    const users = [...text.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users.at(-1)).toMatch(/^[1-9]\d*$/);
    const deployment = (await kustomize('base')).find((o) => o.kind === 'Deployment') as Manifest & {
      spec: { template: { spec: { containers: { ports: { containerPort: number }[]; volumeMounts: { mountPath: string }[] }[] } } };
    };
    const container = deployment.spec.template.spec.containers[0]!;
    expect(text).toMatch(new RegExp(`PORT=${container.ports[0]!.containerPort}\\b`));
    expect(container.volumeMounts.map((v) => v.mountPath)).toContain('/opt/app-root/src/.next/cache');
    const { stdout } = await execFileAsync('bash', ['-c', `source "${join(REPO_ROOT, 'e2e', 'cluster', 'versions.sh')}" && echo $NMSTATECTL_VERSION`]);
    expect(text).toContain(`ARG NMSTATECTL_VERSION=${stdout.trim()}`);
    // Every file the image takes from the source exists (the rest, .next and node_modules, the build makes).
    for (const [, path] of text.matchAll(/^COPY --from=build \/opt\/app-root\/src\/(\S+)/gm)) {
      if (!/^(\.next|node_modules)$/.test(path!)) expect(existsSync(join(REPO_ROOT, path!)), path).toBe(true);
    }
  });
});
