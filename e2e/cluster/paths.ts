import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLUSTER_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(CLUSTER_DIR, '..', '..');
export const CLUSTER_NAME = 'bmconsole';

export interface TestbedPaths {
  /** Cache shared by every clone on this machine, outside the clone (TESTBED.md). */
  cacheRoot: string;
  /** Binaries and CRDs of the pinned versions; filled by build.sh. */
  binDir: string;
  crdDir: string;
  /** kwokctl's KWOK_WORKDIR. */
  kwokWorkdir: string;
  /** Our own processes' pid files and logs. */
  stateDir: string;
  kubeconfig: string;
  pkiDir: string;
}

let cached: TestbedPaths | undefined;

/** The versions-keyed paths, from versions.sh so the cache key is computed in one place. */
export function testbedPaths(): TestbedPaths {
  if (cached) return cached;
  const [cacheRoot, binDir] = execFileSync(
    'bash',
    ['-c', `source "${join(CLUSTER_DIR, 'versions.sh')}" && testbed_cache_root && testbed_bin_dir`],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n');
  if (!cacheRoot || !binDir) throw new Error('versions.sh did not name the cache folders');
  const kwokWorkdir = join(cacheRoot, 'kwok');
  const clusterDir = join(kwokWorkdir, 'clusters', CLUSTER_NAME);
  cached = {
    cacheRoot,
    binDir,
    crdDir: join(binDir, 'crds'),
    kwokWorkdir,
    stateDir: join(cacheRoot, 'testbed'),
    kubeconfig: join(clusterDir, 'kubeconfig.yaml'),
    pkiDir: join(clusterDir, 'pki'),
  };
  return cached;
}

export function binary(name: string): string {
  return join(testbedPaths().binDir, name);
}
