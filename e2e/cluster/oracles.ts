import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { componentDir } from './paths';

/**
 * The differential tests' oracles (e2e/cluster/go/oracles): kubectl's drain filters and Go's
 * crypto/x509, run on JSON. `npm test` runs each property with a fixed seed; `npm run
 * fuzz:oracles` sets ORACLE_FUZZ_RUNS for a longer run with a random seed, printed to replay
 * with ORACLE_FUZZ_SEED.
 */
export const ORACLE_FUZZ_RUNS = Number(process.env.ORACLE_FUZZ_RUNS ?? 0);
export const ORACLE_SEED = process.env.ORACLE_FUZZ_SEED ? Number(process.env.ORACLE_FUZZ_SEED) : ORACLE_FUZZ_RUNS ? Math.floor(Math.random() * 2 ** 31) : 20261130;
export const ORACLE_RUNS = ORACLE_FUZZ_RUNS || 300;

/** Runs `oracles <command>` on `input` (JSON on stdin) and returns what it printed, parsed. Throws if the component is not built. */
export function runOracle<T>(command: 'drain' | 'csr', input: unknown): T {
  const binary = join(componentDir('oracles'), 'oracles');
  if (!existsSync(binary)) throw new Error(`${binary} is missing: build the test bed (bash e2e/cluster/build.sh, or any npm run cluster:up)`);
  return JSON.parse(execFileSync(binary, [command], { input: JSON.stringify(input), maxBuffer: 1 << 28 }).toString()) as T;
}
