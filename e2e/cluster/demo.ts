/**
 * npm run demo: start the seeded local cluster, build the console, and serve it on
 * http://localhost:3000 against that cluster. Ctrl-C stops the console and the whole cluster.
 */
import { spawn, spawnSync } from 'node:child_process';
import { REPO_ROOT, testbedPaths } from './paths';
import { down, up } from './testbed';

async function main(): Promise<void> {
  await up({ scale: Number(process.env.TESTBED_SCALE ?? 0) });
  const env = { ...process.env, KUBECONFIG: testbedPaths().kubeconfig, CONSOLE_AUTH_MODE: 'kubeconfig' };
  const build = spawnSync('npx', ['next', 'build'], { cwd: REPO_ROOT, stdio: 'inherit', env });
  if (build.status !== 0) {
    await down();
    process.exit(build.status ?? 1);
  }
  const server = spawn('npx', ['next', 'start', '--hostname', '127.0.0.1', '--port', process.env.PORT ?? '3000'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env,
  });
  process.stderr.write('[demo] the console is on http://localhost:3000 — Ctrl-C stops it and the cluster\n');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
    await down();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  server.on('exit', () => void stop());
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  await down();
  process.exit(1);
});
