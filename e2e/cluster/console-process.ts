/**
 * A second console server for tests that need other settings than Playwright's web server (TLS
 * behind a terminator, kubeconfig mode): the same built app, started as `npm start` starts it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, testbedPaths } from './paths';

export interface ConsoleProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts server/launch.mjs with `env`, and waits until it listens (or exits). `inCluster` starts it
 * as in a pod instead (see inClusterCommand): no KUBECONFIG, the pod's service account files.
 */
export async function startConsole(env: Record<string, string>, options: { inCluster?: InClusterFiles } = {}): Promise<ConsoleProcess> {
  const launch = [process.execPath, join(REPO_ROOT, 'server', 'launch.mjs')];
  const [command, ...args] = options.inCluster ? inClusterCommand(options.inCluster, launch) : launch;
  const base: Record<string, string | undefined> = { ...process.env, KUBECONFIG: testbedPaths().kubeconfig };
  if (options.inCluster) {
    delete base.KUBECONFIG;
    delete base.TESTBED_KUBECONFIG;
  }
  const child = spawn(command ?? process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...base, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...(options.inCluster?.env ?? {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`the console did not start:\n${output}`)), 60_000);
    const check = setInterval(() => {
      if (output.includes('listening on')) {
        clearInterval(check);
        clearTimeout(deadline);
        resolve();
      }
    }, 100);
    child.once('exit', () => {
      clearInterval(check);
      clearTimeout(deadline);
      resolve();
    });
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** What a pod gets from Kubernetes to reach its apiserver. */
export interface InClusterFiles {
  /** A folder with `token`, `ca.crt` and `namespace`, as the kubelet mounts them. */
  serviceAccountDir: string;
  /** KUBERNETES_SERVICE_HOST/PORT and an empty HOME (no ~/.kube/config to fall back on). */
  env: Record<string, string>;
}

/**
 * `command` run as in a pod: in a private mount namespace (unshare, root only), /run is a fresh
 * tmpfs holding the service account files at /run/secrets/kubernetes.io/serviceaccount (= the
 * /var/run/... path client-node reads, hard-coded as in every Kubernetes client). The machine's own
 * /run is untouched for every other process.
 */
export function inClusterCommand(files: InClusterFiles, command: string[]): string[] {
  const target = '/run/secrets/kubernetes.io/serviceaccount';
  const script = `mount -t tmpfs tmpfs /run && mkdir -p ${target} && cp "$0"/token "$0"/ca.crt "$0"/namespace ${target}/ && exec "$@"`;
  return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, files.serviceAccountDir, ...command];
}
