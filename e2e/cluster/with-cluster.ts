/**
 * Runs a command against the local cluster: reuses a running one, else starts a fresh one and
 * stops it afterwards, so no process is left behind either way.
 *   node --import tsx e2e/cluster/with-cluster.ts -- <command...>
 */
import { spawn } from 'node:child_process';
import { testbedPaths } from './paths';
import { down, isRunning, up } from './testbed';

async function main(): Promise<number> {
  const separator = process.argv.indexOf('--');
  const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
  if (command.length === 0) throw new Error('usage: with-cluster.ts -- <command...>');

  const startedHere = !(await isRunning());
  if (startedHere) await up();
  const kubeconfig = testbedPaths().kubeconfig;
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(command.join(' '), {
        shell: true,
        stdio: 'inherit',
        env: { ...process.env, KUBECONFIG: kubeconfig, TESTBED_KUBECONFIG: kubeconfig },
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
