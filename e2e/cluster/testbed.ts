/**
 * The local cluster of TESTBED.md: real etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler (run by kwokctl's binary runtime), real baremetal-operator in --test-mode serving
 * its real admission webhook, and our host agent. Only hardware and kubelets are simulated.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MACHINE_API_NAMESPACE } from '../../lib/metal3/constants';
import { type DaemonSpec, daemonPid, logFile, startDaemon, stopDaemon } from './processes';
import { CLUSTER_DIR, CLUSTER_NAME, REPO_ROOT, binary, componentDir, components, testbedPaths } from './paths';
import { adminKubeConfig, kubeRequest, waitFor } from './kube';
import { KWOK_NODE_LABEL, KWOK_NODE_LABEL_VALUE } from './host-agent/node';
import { seedCluster, waitForSeed } from './seed';
import { DAEMON as OIDC_DAEMON, type PreparedOidc, grantOidcGroups, oidcRequested, oidcRunning, prepareOidc, startOidc, stopOidc, waitForApiserverTrust, waitForOidc } from './oidc';
import {
  freeLoopbackPort,
  registerWebhooks,
  removeWebhookCertificates,
  waitForWebhook,
  webhookConfiguration,
  webhookTmpDir,
  writeWebhookCertificates,
} from './webhook';

const execFileAsync = promisify(execFile);

const log = (message: string) => process.stderr.write(`[testbed] ${message}\n`);

/**
 * Builds (or finds in the cache) the pinned binaries of every component this run needs (Keycloak
 * only with TESTBED_OIDC=1); returns the core folder.
 */
export async function ensureBinaries(): Promise<string> {
  const paths = testbedPaths();
  const needed = components({ oidc: oidcRequested() });
  const missing = needed.filter((component) => !existsSync(join(componentDir(component), '.complete')));
  if (missing.length === 0) return paths.binDir;
  log(`building the test bed's ${missing.join(', ')} into ${paths.cacheRoot}/bin (a cold build takes minutes)`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [join(CLUSTER_DIR, 'build.sh'), ...missing], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build.sh exited with ${code}`))));
  });
  return paths.binDir;
}

function kwokEnv(): NodeJS.ProcessEnv {
  return { ...process.env, KWOK_WORKDIR: testbedPaths().kwokWorkdir };
}

async function kwokctl(args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(binary('kwokctl'), ['--name', CLUSTER_NAME, ...args], {
    env: kwokEnv(),
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/**
 * How long kube-controller-manager waits for a silent node before marking it NotReady: 20 s, as
 * TESTBED.md's removal tests rely on; in scale mode long enough that the scale nodes (no kubelet,
 * no lease: seed.ts) stay Ready for the cluster's life.
 */
const nodeMonitorGracePeriod = (scale: number) => (scale > 0 ? '720h' : '20s');

function kwokctlConfiguration(options: { scale: number; authenticationConfig?: string }): string {
  const { pkiDir } = testbedPaths();
  // override replaces an argument kwokctl already passes; without it the argument is appended.
  const arg = (key: string, value: string, override = false) =>
    `  - key: ${key}\n    value: "${value}"${override ? '\n    override: true' : ''}`;
  return `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  bindAddress: 127.0.0.1
  securePort: true
  kubeAuthorization: true
  kubeAdmission: true
  kubeVersion: v${process.env.KUBE_VERSION ?? ''}
  kubeApiserverBinary: ${binary('kube-apiserver')}
  kubeControllerManagerBinary: ${binary('kube-controller-manager')}
  kubeSchedulerBinary: ${binary('kube-scheduler')}
  kubectlBinary: ${binary('kubectl')}
  etcdBinary: ${binary('etcd')}
  kwokControllerBinary: ${binary('kwok')}
componentsPatches:
${options.authenticationConfig ? `- name: kube-apiserver\n  extraArgs:\n${arg('authentication-config', options.authenticationConfig)}\n` : ''}- name: kube-controller-manager
  extraArgs:
${arg('node-monitor-period', '2s', true)}
${arg('node-monitor-grace-period', nodeMonitorGracePeriod(options.scale), true)}
${arg('cluster-signing-cert-file', join(pkiDir, 'ca.crt'))}
${arg('cluster-signing-key-file', join(pkiDir, 'ca.key'))}
- name: kwok-controller
  extraArgs:
${arg('manage-all-nodes', 'false', true)}
${arg('node-lease-duration-seconds', '20', true)}
${arg('manage-nodes-with-label-selector', `${KWOK_NODE_LABEL}=${KWOK_NODE_LABEL_VALUE}`)}
`;
}

async function kubectl(args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(binary('kubectl'), ['--kubeconfig', testbedPaths().kubeconfig, ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

const DAEMONS = ['host-agent', 'baremetal-operator'] as const;

function daemonSpecs(options: { webhookPort: number }): DaemonSpec[] {
  const env = { KUBECONFIG: testbedPaths().kubeconfig, TESTBED_KUBECONFIG: testbedPaths().kubeconfig };
  return [
    {
      name: 'baremetal-operator',
      command: binary('baremetal-operator'),
      args: [
        '--test-mode',
        // controller-runtime listens on every interface (BMO has no flag for the address); the
        // apiserver calls it on 127.0.0.1, the serving certificate's only name.
        `--webhook-port=${options.webhookPort}`,
        '--metrics-addr=0',
        '--health-addr=0',
        `--namespace=${MACHINE_API_NAMESPACE}`,
        // The default 20 QPS registers ~100 hosts a minute: too slow for the thousands of scale mode.
        '--kube-api-qps=200',
        '--kube-api-burst=300',
        '--controller-concurrency=8',
      ],
      // controller-runtime reads its serving certificate from $TMPDIR/k8s-webhook-server/serving-certs.
      env: { ...env, TMPDIR: webhookTmpDir(testbedPaths().stateDir) },
    },
    {
      name: 'host-agent',
      command: process.execPath,
      args: ['--import', 'tsx', join(CLUSTER_DIR, 'host-agent', 'main.ts')],
      cwd: REPO_ROOT,
      env,
    },
  ];
}

/** Is the apiserver answering /readyz with the admin identity? */
async function apiserverReady(): Promise<boolean> {
  if (!existsSync(testbedPaths().kubeconfig)) return false;
  try {
    await kubeRequest(adminKubeConfig(), { method: 'GET', path: '/readyz' });
    return true;
  } catch {
    return false;
  }
}

/** Is the cluster up with every daemon (and, when this run asks for it, the OpenID provider)? */
export async function isRunning(): Promise<boolean> {
  if (oidcRequested() && !oidcRunning()) return false;
  return (await apiserverReady()) && DAEMONS.every((name) => daemonPid(testbedPaths().stateDir, name) !== undefined);
}

export interface UpOptions {
  /** Extra hosts and nodes for benchmarks. */
  scale?: number;
}

/**
 * Starts a fresh, seeded cluster; a running one is reused as it is. A start that fails stops
 * everything it started (the cluster's state is deleted) before it rethrows.
 */
export async function up(options: UpOptions = {}): Promise<void> {
  const started = Date.now();
  await ensureBinaries();
  process.env.KUBE_VERSION ??= (await execFileAsync('bash', ['-c', `source "${join(CLUSTER_DIR, 'versions.sh')}" && echo $KUBE_VERSION`])).stdout.trim();
  if (await isRunning()) {
    log('the cluster is already running; reusing it');
    return;
  }
  if (oidcRequested() && (await apiserverReady())) log('the running cluster has no OpenID provider and this run needs one (TESTBED_OIDC=1): starting a fresh cluster');
  await down({ quiet: true });
  try {
    await start(options.scale ?? 0);
  } catch (error) {
    log(`the start failed; stopping what it started (logs: ${testbedPaths().stateDir})`);
    await down({ quiet: true });
    throw error;
  }
  const processes = await testbedProcesses();
  const rss = (name: string) => processes.find((p) => p.name === name)?.rssMiB ?? '?';
  log(
    `up in ${((Date.now() - started) / 1000).toFixed(1)} s; test bed RSS ${processes.reduce((sum, p) => sum + p.rssMiB, 0)} MiB ` +
      `(kube-apiserver ${rss('kube-apiserver')}, etcd ${rss('etcd')}, baremetal-operator ${rss('baremetal-operator')}, host-agent ${rss('host-agent')}); KUBECONFIG=${testbedPaths().kubeconfig}`,
  );
}

async function start(scale: number): Promise<void> {
  const paths = testbedPaths();
  mkdirSync(paths.stateDir, { recursive: true });
  const configPath = join(paths.stateDir, 'kwokctl.yaml');
  // The OpenID provider starts first and comes up while the control plane does (it is the slowest
  // part); the apiserver reads its metadata in the background once it answers.
  let oidc: PreparedOidc | undefined;
  if (oidcRequested()) {
    oidc = await prepareOidc();
    startOidc(oidc);
    log(`starting Keycloak on ${oidc.state.issuer} (in parallel)`);
  }
  writeFileSync(configPath, kwokctlConfiguration({ scale, authenticationConfig: oidc?.authenticationConfigPath }));
  // Made while kwokctl starts the control plane: a fresh CA per start, never committed.
  const webhookCa = writeWebhookCertificates(paths.stateDir);
  // Surfaced later, by awaiting it; a rejection left alone meanwhile would stop the process.
  webhookCa.catch(() => undefined);
  log('creating the cluster (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok)');
  await kwokctl(['create', 'cluster', '--config', configPath, '--kubeconfig', '', '--wait', '2m']);

  log('applying the metal3 and Provisioning CRDs');
  const crds = readdirSync(paths.crdDir).filter((file) => file.endsWith('.yaml'));
  await kubectl(['apply', '--server-side', ...crds.flatMap((file) => ['-f', join(paths.crdDir, file)])]);
  await kubectl(['wait', '--for', 'condition=Established', '--timeout=60s', 'crd', '--all']);

  // The seed's hosts go through BMO's admission webhook like any other: BMO starts first.
  const webhookPort = await freeLoopbackPort();
  log(`starting baremetal-operator (--test-mode, webhook on 127.0.0.1:${webhookPort}) and the host agent`);
  const caPem = await webhookCa;
  const bmoStarted = Date.now();
  for (const spec of daemonSpecs({ webhookPort })) startDaemon(paths.stateDir, spec);
  const kc = adminKubeConfig();
  await registerWebhooks(kc, webhookConfiguration(paths.webhookManifest, { port: webhookPort, caPem }));
  await waitForWebhook(kc, {
    serverAlive: () => daemonPid(paths.stateDir, 'baremetal-operator') !== undefined,
    serverLog: logFile(paths.stateDir, 'baremetal-operator'),
  });
  log(`BMO's webhook answers the apiserver (${((Date.now() - bmoStarted) / 1000).toFixed(1)} s after BMO started)`);

  const seeding = Date.now();
  log(scale > 0 ? `seeding, with ${scale} extra hosts and nodes` : 'seeding');
  await seedCluster(kc, { scale });
  if (scale > 0) log(`seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

  await waitForSeed(kc);
  if (oidc) {
    const oidcStarted = Date.now();
    await waitForOidc(oidc.state);
    await grantOidcGroups(kc);
    await waitForApiserverTrust(kc, oidc.state);
    log(`Keycloak serves ${oidc.state.issuer} and kube-apiserver accepts its tokens (waited ${((Date.now() - oidcStarted) / 1000).toFixed(1)} s after the seed)`);
  }
  await waitFor('baremetal-operator and the host agent to keep running', async () =>
    DAEMONS.every((name) => daemonPid(paths.stateDir, name) !== undefined) ? true : undefined,
  { timeoutMs: 2000 },
  );
}

/** Stops every process of the test bed and deletes the cluster's state. */
export async function down(options: { quiet?: boolean } = {}): Promise<void> {
  const paths = testbedPaths();
  for (const name of DAEMONS) await stopDaemon(paths.stateDir, name);
  await stopOidc();
  removeWebhookCertificates(paths.stateDir);
  if (existsSync(binary('kwokctl'))) {
    try {
      await kwokctl(['delete', 'cluster']);
    } catch (error) {
      if (!options.quiet) log(`kwokctl delete cluster: ${(error as Error).message}`);
    }
  }
  rmSync(join(paths.kwokWorkdir, 'clusters', CLUSTER_NAME), { recursive: true, force: true });
  if (!options.quiet) log('down');
}

export interface Status {
  running: boolean;
  kubeconfig: string;
  /** Every process of the test bed: kwokctl's components, BMO and the host agent. */
  processes: { name: string; pid: number; rssMiB: number }[];
  totalRssMiB: number;
  counts?: { bareMetalHosts: number; nodes: number };
  logs: string[];
}

/** The test bed's processes and their memory, and what the cluster holds. */
export async function status(): Promise<Status> {
  const paths = testbedPaths();
  const processes = await testbedProcesses();
  const running = await isRunning();
  const result: Status = {
    running,
    kubeconfig: paths.kubeconfig,
    processes,
    totalRssMiB: processes.reduce((sum, p) => sum + p.rssMiB, 0),
    logs: [join(paths.kwokWorkdir, 'clusters', CLUSTER_NAME, 'logs'), ...[...DAEMONS, OIDC_DAEMON].map((name) => logFile(paths.stateDir, name))],
  };
  if (running) {
    const kc = adminKubeConfig();
    const count = async (path: string) =>
      (await kubeRequest<{ items: unknown[] }>(kc, { method: 'GET', path })).items.length;
    result.counts = {
      bareMetalHosts: await count(`/apis/metal3.io/v1alpha1/namespaces/${MACHINE_API_NAMESPACE}/baremetalhosts`),
      nodes: await count('/api/v1/nodes'),
    };
  }
  return result;
}

/**
 * This test bed's processes: kwokctl's components (it runs copies of the binaries in this cluster's
 * own folder) and our daemons (by their pid files), never another TESTBED_NAME's.
 */
async function testbedProcesses(): Promise<{ name: string; pid: number; rssMiB: number }[]> {
  const { stdout } = await execFileAsync('ps', ['-eo', 'pid=,rss=,args=']);
  const paths = testbedPaths();
  const clusterBin = join(paths.kwokWorkdir, 'clusters', CLUSTER_NAME, 'bin');
  const daemons = new Map([...DAEMONS, OIDC_DAEMON].map((name) => [daemonPid(paths.stateDir, name), name]));
  // Keycloak's JVM runs under its kc.sh (the daemon): known by this cluster's Keycloak home.
  const keycloakHome = `-Dkc.home.dir=${join(paths.stateDir, 'keycloak')} `;
  const found: { name: string; pid: number; rssMiB: number }[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)/.exec(line);
    if (!match?.[1] || !match[2] || !match[3]) continue;
    const pid = Number(match[1]);
    const name = match[3].startsWith(`${clusterBin}/`)
      ? match[3].slice(clusterBin.length + 1)
      : (daemons.get(pid) ?? (`${line} `.includes(keycloakHome) && match[3].endsWith('/java') ? 'keycloak-jvm' : undefined));
    if (name) found.push({ name, pid, rssMiB: Math.round(Number(match[2]) / 1024) });
  }
  return found;
}
