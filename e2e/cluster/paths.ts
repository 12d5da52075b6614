import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLUSTER_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(CLUSTER_DIR, '..', '..');
/**
 * Which local cluster: one machine can run several side by side (each clone's tests, a bench next
 * to a demo), each with its own kwokctl cluster, state and logs; kwokctl picks free ports.
 */
export const CLUSTER_NAME = process.env.TESTBED_NAME || 'bmconsole';
if (!/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/.test(CLUSTER_NAME)) throw new Error(`TESTBED_NAME must be a short DNS label, not ${CLUSTER_NAME}`);

export interface TestbedPaths {
  /** Cache shared by every clone on this machine, outside the clone (TESTBED.md). */
  cacheRoot: string;
  /** The core binaries (etcd, Kubernetes, kwok, BMO) and CRDs of the pinned versions; filled by build.sh. */
  binDir: string;
  crdDir: string;
  /** BMO's ValidatingWebhookConfiguration of the pinned version (the webhook component). */
  webhookManifest: string;
  /** kwokctl's KWOK_WORKDIR. */
  kwokWorkdir: string;
  /** Our own processes' pid files and logs. */
  stateDir: string;
  kubeconfig: string;
  pkiDir: string;
}

let cached: TestbedPaths | undefined;
const componentDirs = new Map<string, string>();

function versionsSh(command: string): string {
  return execFileSync('bash', ['-c', `source "${join(CLUSTER_DIR, 'versions.sh')}" && ${command}`], { encoding: 'utf8' }).trim();
}

/** The cache folder of one test-bed component (versions.sh keys each by its own inputs). */
export function componentDir(component: string): string {
  let dir = componentDirs.get(component);
  if (!dir) {
    if (!/^[a-z0-9-]+$/.test(component)) throw new Error(`not a test bed component: ${component}`);
    dir = versionsSh(`testbed_component_dir ${component}`);
    componentDirs.set(component, dir);
  }
  return dir;
}

/** Every component build.sh makes by default, and with `oidc` the OpenID provider's too. */
export function components(options: { oidc?: boolean } = {}): string[] {
  const list = options.oidc ? 'echo "${TESTBED_COMPONENTS[@]} ${TESTBED_OIDC_COMPONENTS[@]}"' : 'echo "${TESTBED_COMPONENTS[@]}"';
  return versionsSh(list).split(/\s+/).filter(Boolean);
}

/** The versions-keyed paths, from versions.sh so the cache key is computed in one place. */
export function testbedPaths(): TestbedPaths {
  if (cached) return cached;
  const cacheRoot = versionsSh('testbed_cache_root');
  const binDir = componentDir('core');
  const kwokWorkdir = join(cacheRoot, 'kwok');
  const clusterDir = join(kwokWorkdir, 'clusters', CLUSTER_NAME);
  cached = {
    cacheRoot,
    binDir,
    crdDir: join(binDir, 'crds'),
    webhookManifest: join(componentDir('webhook'), 'manifests.yaml'),
    kwokWorkdir,
    stateDir: join(cacheRoot, 'testbed', CLUSTER_NAME),
    kubeconfig: join(clusterDir, 'kubeconfig.yaml'),
    pkiDir: join(clusterDir, 'pki'),
  };
  return cached;
}

/** A core binary (kubectl, kwokctl, baremetal-operator, ...). */
export function binary(name: string): string {
  return join(testbedPaths().binDir, name);
}
