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

/** Starts server/launch.mjs with `env`, and waits until it listens (or exits). */
export async function startConsole(env: Record<string, string>): Promise<ConsoleProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'server', 'launch.mjs')], {
    cwd: REPO_ROOT,
    env: { ...process.env, KUBECONFIG: testbedPaths().kubeconfig, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
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
