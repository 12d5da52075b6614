/**
 * Runs a command against the local cluster: reuses a running one, else starts a fresh one and
 * stops it afterwards, so no process is left behind either way.
 *   node --import tsx e2e/cluster/with-cluster.ts -- <command...>
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readOidcState } from './oidc';
import { testbedPaths } from './paths';
import { down, isRunning, up } from './testbed';

async function main(): Promise<number> {
  const separator = process.argv.indexOf('--');
  const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
  if (command.length === 0) throw new Error('usage: with-cluster.ts -- <command...>');

  const startedHere = !(await isRunning());
  if (startedHere) await up();
  const kubeconfig = testbedPaths().kubeconfig;
  // Trust the OpenID provider's test-bed CA from the start of every test process (Node reads
  // NODE_EXTRA_CA_CERTS once, at start), as a console in a pod is told to trust its provider's.
  const oidc = readOidcState();
  const extraCa = oidc && existsSync(oidc.caFile) ? { NODE_EXTRA_CA_CERTS: oidc.caFile } : {};
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(command.join(' '), {
        shell: true,
        stdio: 'inherit',
        env: { ...process.env, KUBECONFIG: kubeconfig, TESTBED_KUBECONFIG: kubeconfig, ...extraCa },
      });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    if (startedHere && !process.env.TESTBED_KEEP) await down();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
