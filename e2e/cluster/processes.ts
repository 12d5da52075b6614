import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A long-running process of the test bed that outlives the command that started it. */
export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

function pidFile(stateDir: string, name: string): string {
  return join(stateDir, `${name}.pid`);
}

export function logFile(stateDir: string, name: string): string {
  return join(stateDir, `${name}.log`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function daemonPid(stateDir: string, name: string): number | undefined {
  const file = pidFile(stateDir, name);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Starts `spec` in its own process group, its output appended to `<stateDir>/<name>.log`. */
export function startDaemon(stateDir: string, spec: DaemonSpec): number {
  mkdirSync(stateDir, { recursive: true });
  const log = openSync(logFile(stateDir, spec.name), 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  if (child.pid === undefined) throw new Error(`could not start ${spec.name}`);
  child.unref();
  writeFileSync(pidFile(stateDir, spec.name), String(child.pid));
  return child.pid;
}

/** Stops a daemon and its process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopDaemon(stateDir: string, name: string, graceMs = 5000): Promise<void> {
  const pid = daemonPid(stateDir, name);
  rmSync(pidFile(stateDir, name), { force: true });
  if (pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signalGroup('SIGKILL');
}
