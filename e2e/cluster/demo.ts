/**
 * npm run demo: start the seeded local cluster, build the console, and serve it on
 * http://localhost:3000 against that cluster. Ctrl-C stops the console and the whole cluster.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, testbedPaths } from './paths';
import { allowConsoleOrigin, consoleOidcEnv, oidcRunning, requireOidcState } from './oidc';
import { down, up } from './testbed';

async function main(): Promise<void> {
  await up({ scale: Number(process.env.TESTBED_SCALE ?? 0) });
  const port = process.env.PORT ?? '3000';
  // Single sign-on with the test bed's Keycloak (TESTBED_OIDC=1, the default of `npm run demo`),
  // beside the kubeconfig identity.
  const oidc = oidcRunning() ? requireOidcState() : undefined;
  const origin = `http://localhost:${port}`;
  if (oidc) await allowConsoleOrigin(oidc, origin);
  const env = {
    ...process.env,
    KUBECONFIG: testbedPaths().kubeconfig,
    CONSOLE_AUTH_MODE: 'kubeconfig',
    NEXT_TELEMETRY_DISABLED: '1',
    ...(oidc ? consoleOidcEnv(oidc, origin) : {}),
  };
  const next = [join(REPO_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next')];
  const build = spawnSync(process.execPath, [...next, 'build'], { cwd: REPO_ROOT, stdio: 'inherit', env });
  if (build.status !== 0) {
    await down();
    process.exit(build.status ?? 1);
  }
  // Its own process group, so stopping it stops every process Next starts.
  const server = spawn(process.execPath, [join(REPO_ROOT, 'server', 'launch.mjs')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...env, CONSOLE_LISTEN_ADDRESS: '127.0.0.1', PORT: port, NODE_ENV: 'production' },
    detached: true,
  });
  process.stderr.write(`[demo] the console is on ${origin} — Ctrl-C stops it and the cluster\n`);
  if (oidc) {
    const { admin, viewer } = oidc.users;
    process.stderr.write(
      `[demo] "Sign in with ${oidc.providerName}" on the sign-in page (${oidc.issuer}):\n` +
        `[demo]   ${admin.username} / ${admin.password}   (group ${admin.group}: cluster-admin)\n` +
        `[demo]   ${viewer.username} / ${viewer.password}   (group ${viewer.group}: read-only)\n`,
    );
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
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
