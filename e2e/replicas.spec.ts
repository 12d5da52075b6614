import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page, expect, request, test } from '@playwright/test';
import { parseAllDocuments } from 'yaml';
import { BareMetalHostKind, ConfigMapKind, NamespaceKind, PodDisruptionBudgetKind, SecretKind } from '../lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE, flowAliveAnnotation } from '../lib/metal3/constants';
import { type ConsoleProcess, type InClusterFiles, startConsole } from './cluster/console-process';
import { serviceAccountToken } from './cluster/identities';
import { type KubeObject, waitFor } from './cluster/kube';
import { type OidcState, allowConsoleOrigin, consoleOidcEnv, requireOidcState } from './cluster/oidc';
import { REPO_ROOT, binary, testbedPaths } from './cluster/paths';
import { drainWorkloads, provisionedWorkerWithNode } from './cluster/removal-fixture';
import { type RoundRobinProxy, startRoundRobinProxy } from './cluster/round-robin-proxy';
import { deleteWorker } from './cluster/seed';
import { freeLoopbackPort } from './cluster/webhook';
import { admin } from './fixtures';
import { enrollmentProofFor } from './cluster/seal';

/**
 * README "Deploy to a cluster", as far as this machine can go without a container engine: the
 * built server started as the Deployment starts it (in-cluster configuration from the service
 * account files and KUBERNETES_SERVICE_HOST/PORT, the namespace's own ServiceAccount with only
 * deploy/'s Role, CONSOLE_NAMESPACE, a shared session secret, single sign-on), two replicas behind
 * a round-robin proxy as behind the Service.
 */

const NAMESPACE = 'bare-metal-console';
const SERVICE_ACCOUNT = 'bare-metal-console';
const HOST = 'e2e-replica-worker';
const NODE = 'e2e-replica-node';
const WORKLOADS = 'e2e-replica';
/** Shared by both replicas (sessions, sealed intents and enrollment proofs verify on either). */
const SESSION_SECRET = `replicas-e2e-${Date.now()}-shared-session-secret`;

let state: OidcState;
let podFiles: string;
let proxy: RoundRobinProxy;
const replicas = new Map<number, ConsoleProcess>();

/** The base's Namespace, ServiceAccount and its RBAC (sign-out list, shared cache), as `kubectl kustomize` renders them. */
const IDENTITY_KINDS = ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];

function identityDocuments(): string[] {
  const rendered = execFileSync(binary('kubectl'), ['kustomize', join(REPO_ROOT, 'deploy', 'base')], { encoding: 'utf8' });
  const wanted = new Set(IDENTITY_KINDS);
  const docs = parseAllDocuments(rendered)
    .map((doc) => doc.toString())
    .filter((text) => wanted.has(/^kind: (\w+)$/m.exec(text)?.[1] ?? ''));
  return docs;
}

/** Applied for real, as the README's `kubectl apply -k` does (or deleted again). */
function kubectlIdentity(verb: 'apply' | 'delete'): void {
  const docs = identityDocuments().filter((text) => verb === 'apply' || !/^kind: Namespace$/m.test(text));
  execFileSync(binary('kubectl'), ['--kubeconfig', testbedPaths().kubeconfig, verb, ...(verb === 'delete' ? ['--ignore-not-found'] : []), '-f', '-'], { input: docs.join('---\n'), encoding: 'utf8' });
}

async function inClusterFiles(): Promise<InClusterFiles> {
  const cluster = admin.kc.getCurrentCluster();
  const ca = cluster?.caData ? Buffer.from(cluster.caData, 'base64') : cluster?.caFile ? readFileSync(cluster.caFile) : undefined;
  if (!cluster || !ca) throw new Error("the admin kubeconfig names no cluster CA");
  const server = new URL(cluster.server);
  podFiles = mkdtempSync(join(tmpdir(), 'bmconsole-pod-'));
  const home = join(podFiles, 'home');
  execFileSync('mkdir', ['-p', home]);
  writeFileSync(join(podFiles, 'token'), await serviceAccountToken(admin.kc, { namespace: NAMESPACE, name: SERVICE_ACCOUNT }));
  writeFileSync(join(podFiles, 'ca.crt'), ca);
  writeFileSync(join(podFiles, 'namespace'), NAMESPACE);
  return {
    serviceAccountDir: podFiles,
    env: {
      KUBERNETES_SERVICE_HOST: server.hostname,
      KUBERNETES_SERVICE_PORT: server.port,
      // No ~/.kube/config to fall back on; the test bed's cache (nmstatectl) stays where it is.
      HOME: home,
      XDG_CACHE_HOME: join(process.env.HOME ?? '/root', '.cache'),
    },
  };
}

test.beforeAll(async () => {
  state = requireOidcState();
  // A namespace deleted by an earlier run (or the deploy/ checks) may still be terminating.
  await waitFor(`namespace ${NAMESPACE} to finish terminating`, async () => {
    const current = await admin.get<KubeObject & { status?: { phase?: string } }>(NamespaceKind, NAMESPACE);
    return current?.status?.phase === 'Terminating' ? undefined : true;
  }, { timeoutMs: 120_000, intervalMs: 1000 });
  kubectlIdentity('apply');
  const files = await inClusterFiles();
  const ports = [await freeLoopbackPort(), await freeLoopbackPort()];
  proxy = await startRoundRobinProxy(ports);
  await allowConsoleOrigin(state, proxy.origin);
  for (const port of ports) {
    replicas.set(
      port,
      await startConsole(
        {
          PORT: String(port),
          CONSOLE_AUTH_MODE: 'token',
          CONSOLE_NAMESPACE: NAMESPACE,
          CONSOLE_SESSION_SECRET: SESSION_SECRET,
          ...consoleOidcEnv(state, proxy.origin),
        },
        { inCluster: files },
      ),
    );
  }
});

test.afterAll(async () => {
  for (const replica of replicas.values()) await replica.stop();
  await proxy?.close();
  if (podFiles) rmSync(podFiles, { recursive: true, force: true });
  await deleteWorker(admin, { host: HOST, node: NODE });
  await admin.delete(SecretKind, `${HOST}-network-config-secret`, MACHINE_API_NAMESPACE);
  await admin.delete(NamespaceKind, WORKLOADS);
  kubectlIdentity('delete');
  await admin.delete(NamespaceKind, NAMESPACE);
});

async function signInThroughProxy(page: Page, path: string): Promise<void> {
  await page.goto(`${proxy.origin}${path}`);
  await page.getByRole('link', { name: 'Sign in with Keycloak' }).click();
  await page.getByLabel('Username or email').fill(state.users.admin.username);
  await page.getByLabel('Password', { exact: true }).fill(state.users.admin.password);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await expect(page.getByText(`Signed in as ${state.users.admin.kubeUsername}`)).toBeVisible();
}

test('each replica runs with the in-cluster configuration and its ServiceAccount, and answers its health probe', async () => {
  for (const [port, replica] of replicas) {
    expect(replica.child.exitCode, replica.output()).toBeNull();
    expect(replica.output()).not.toMatch(/No kubeconfig found|cannot be read yet/);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
  }
});

test('signed in once, either replica serves the user; a sign-out on one is refused by both', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signInThroughProxy(page, '/');
  await expect(page.getByRole('row', { name: /openshift-worker-0/ })).toBeVisible();
  const before = proxy.served.length;
  for (let i = 0; i < 6; i++) expect((await page.request.get(`${proxy.origin}/api/inventory`)).status()).toBe(200);
  expect(new Set(proxy.served.slice(before).map((s) => s.upstream)).size, 'both replicas answered').toBe(2);

  const cookies = (await context.cookies(proxy.origin)).filter((c) => c.name.startsWith('bmconsole-session'));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${proxy.origin}/sign-in?signed-out=1`);
  // The replica that signed the user out recorded it with its own ServiceAccount, in-cluster.
  const list = await admin.get<KubeObject & { data?: Record<string, string> }>(ConfigMapKind, 'bare-metal-console-revoked-sessions', NAMESPACE);
  expect(Object.keys(list?.data ?? {})).toHaveLength(1);
  const replay = await request.newContext({ extraHTTPHeaders: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
  await expect
    .poll(async () => {
      const answers = await Promise.all([0, 1, 2, 3].map(() => replay.get(`${proxy.origin}/api/inventory`).then((r) => r.status())));
      return answers.every((status) => status === 401);
    })
    .toBe(true);
  await replay.dispose();
  await context.close();
});

test('a replica stopped mid-removal pauses it with its intent recorded, and the other resumes it', async ({ browser }) => {
  const pool = { 'bmconsole.test/pool': WORKLOADS };
  await provisionedWorkerWithNode(admin, {
    host: HOST,
    node: NODE,
    ip: '192.168.111.87',
    mac: '52:54:00:00:0c:07',
    nodeLabels: pool,
    enrollment: { operationId: 'e2e-replica-enrollment', proof: (uid, secretUids) => enrollmentProofFor(SESSION_SECRET, uid, { operationId: 'e2e-replica-enrollment', secretUids }) },
  });
  await drainWorkloads(admin, { namespace: WORKLOADS, nodeSelector: pool, bareOn: NODE });
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signInThroughProxy(page, `/hosts/${MACHINE_API_NAMESPACE}/${HOST}`);
  await page.getByRole('button', { name: 'Remove host' }).click();
  const dialog = page.getByRole('dialog', { name: `Remove host ${HOST}` });
  await dialog.getByLabel('Force (--force)').check();
  await dialog.getByLabel('Delete emptyDir data (--delete-emptydir-data)').check();
  await dialog.getByRole('button', { name: `Remove host ${HOST}`, exact: true }).click();
  const removalPage = `/hosts/${MACHINE_API_NAMESPACE}/${HOST}/removal`;
  await expect(page).toHaveURL(`${proxy.origin}${removalPage}`);
  const startedOn = () => proxy.served.find((s) => s.method === 'POST' && s.path === `/api/hosts/${MACHINE_API_NAMESPACE}/${HOST}/removal`)?.upstream;
  await expect.poll(startedOn, { message: 'the removal was started through the proxy' }).toBeDefined();
  const runnerPort = startedOn()!;
  const otherPort = [...replicas.keys()].find((port) => port !== runnerPort)!;
  const runner = replicas.get(runnerPort);

  // Each replica's own page (the session cookie is per host, not per port), whichever the proxy
  // would pick. The runner shows the drain: the budget allows no disruption, so it waits, retrying.
  await page.goto(`http://127.0.0.1:${runnerPort}${removalPage}`);
  const pods = page.getByRole('table', { name: 'Pods being drained' });
  await expect(pods.getByRole('row', { name: /e2e-replica\/web-/ }).first()).toContainText('blocked by PodDisruptionBudget web-pdb');
  // The other replica sees the recorded intent and the runner's heartbeat: it says where the removal
  // runs and offers no Resume (that would run it twice at once).
  await page.goto(`http://127.0.0.1:${otherPort}${removalPage}`);
  await expect(page.getByText(/is running on another replica of the console \(seen \d+ s ago\)\. Its progress is shown by the replica running it; reload to reach it\./)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Resume the removal' })).toHaveCount(0);

  // SIGTERM, as Kubernetes stops a pod: the flow pauses at its step, the process exits.
  await runner!.stop();
  expect(runner!.output()).toMatch(/SIGTERM: stopping/);
  const host = await admin.get<KubeObject & { metadata: { annotations?: Record<string, string> } }>(BareMetalHostKind, HOST, MACHINE_API_NAMESPACE);
  expect(host?.metadata.annotations?.[ANNOTATIONS.removal], 'the intent stays recorded on the host').toBeDefined();

  // The paused flow cleared its heartbeat before the process exited.
  expect(host?.metadata.annotations?.[flowAliveAnnotation('removal')], 'no heartbeat is left behind').toBeUndefined();

  // The budget is released; the page, now served by the other replica, offers to resume.
  await admin.delete(PodDisruptionBudgetKind, 'web-pdb', WORKLOADS);
  await page.goto(`${proxy.origin}${removalPage}`);
  await expect(page.getByText(/is recorded on the cluster, but no console is running it/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Resume the removal' }).click();
  await expect(page.getByText(`Host ${HOST} and node ${NODE} are gone.`)).toBeVisible({ timeout: 150_000 });
  await context.close();
});
