import 'server-only';
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import pLimit from 'p-limit';
import { consoleEnv } from '@/server/env';

/**
 * `nmstatectl gc` as the authority on a static network config: metal3's image customization runs
 * it on the host's network Secret (key `nmstate`) while building the boot image, so what it
 * accepts is valid (SPEC §5). The console runs the same tool (nmstate 2.2, feature `gen_conf`
 * only: no NetworkManager, D-Bus or netlink needed) on the document from stdin, never through a
 * shell, with a time limit and a size cap, and reports nmstate's own message.
 */

/** A Kubernetes Secret holds at most 1 MiB, so no network config can be longer. */
export const NMSTATECTL_MAX_BYTES = 1024 * 1024;
/** `gc` takes about 15 ms; the limit only guards against a hung process. */
export const NMSTATECTL_TIMEOUT_MS = 10_000;
/** More stderr than any message of nmstate's; the rest is dropped. */
const MAX_STDERR_BYTES = 64 * 1024;

export type NmstatectlGcResult =
  /** nmstate accepts the document. */
  | { ok: true }
  /**
   * nmstate refuses it: `message` is what nmstatectl printed (e.g. `Provide file is not valid
   * NetworkState: interfaces: unknown field \`foo\` at line 2 column 1`, `NmstateError:
   * InvalidArgument: ...`); `line`/`column` (1-based) when the message names a position. Errors
   * inside `interfaces` are placed by serde at the start of the interfaces list (nmstate reads
   * interfaces through an intermediate value), errors of nmstate's own checks have no position.
   */
  | { ok: false; reason: 'invalid'; message: string; line?: number; column?: number }
  /** No nmstatectl to ask (not configured, not on PATH, not built): the console cannot tell. */
  | { ok: false; reason: 'unavailable'; message: string }
  /** Larger than NMSTATECTL_MAX_BYTES: not sent to nmstatectl. */
  | { ok: false; reason: 'too-large'; message: string }
  /** nmstatectl did not answer: timed out or killed by a signal. */
  | { ok: false; reason: 'failed'; message: string };

/** Where the binary came from, in the order they are tried. */
export type NmstatectlSource = 'CONSOLE_NMSTATECTL' | 'PATH' | 'test bed';

export type NmstatectlLocation = { path: string; source: NmstatectlSource } | { unavailable: string };

export const NMSTATECTL_UNAVAILABLE =
  'nmstatectl was not found, so the network config cannot be checked as the cluster will check it. ' +
  'Set CONSOLE_NMSTATECTL to the path of nmstatectl 2.2 (built with feature gen_conf), put nmstatectl on PATH, ' +
  'or, in a clone of the console, build the test bed\u2019s copy: bash e2e/cluster/build.sh nmstatectl.';

/**
 * nmstatectl's environment: none of the console's, so RUST_LOG or RUST_BACKTRACE set for the
 * server never change what it prints (NODE_ENV only because Next's types require it).
 */
const childEnv = (): NodeJS.ProcessEnv => ({ NODE_ENV: process.env.NODE_ENV });

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const testBedDirs = new Map<string, string | undefined>();

/** The test bed's build folder for nmstatectl when `cwd` is a clone of the console, else undefined. */
function testBedDir(cwd: string): string | undefined {
  if (!testBedDirs.has(cwd)) {
    let dir: string | undefined;
    if (existsSync(join(cwd, 'e2e', 'cluster', 'versions.sh'))) {
      try {
        // versions.sh computes the cache key (e2e/cluster/paths.ts does the same); fixed arguments, no user input.
        dir = execFileSync('bash', ['-c', 'source e2e/cluster/versions.sh && testbed_component_dir nmstatectl'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
      } catch {
        dir = undefined;
      }
    }
    testBedDirs.set(cwd, dir);
  }
  return testBedDirs.get(cwd);
}

/**
 * Finds nmstatectl, in this order:
 * 1. `CONSOLE_NMSTATECTL` (server/env.ts): when set it is the only candidate, so a wrong path is
 *    reported rather than silently replaced;
 * 2. `nmstatectl` in a directory of `PATH`;
 * 3. the test bed's build (`e2e/cluster/build.sh nmstatectl`) when the console runs from its clone.
 * Options replace the process's own values (for tests).
 */
export function locateNmstatectl(options: { configured?: string; pathEnv?: string; cwd?: string } = {}): NmstatectlLocation {
  const configured = 'configured' in options ? options.configured : consoleEnv().CONSOLE_NMSTATECTL;
  if (configured) {
    return isExecutableFile(configured) ? { path: configured, source: 'CONSOLE_NMSTATECTL' } : { unavailable: `CONSOLE_NMSTATECTL is ${configured}, which is not an executable file.` };
  }
  const pathEnv = 'pathEnv' in options ? (options.pathEnv ?? '') : (process.env.PATH ?? '');
  for (const dir of pathEnv.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'nmstatectl');
    if (isExecutableFile(candidate)) return { path: candidate, source: 'PATH' };
  }
  const dir = testBedDir(options.cwd ?? process.cwd());
  const candidate = dir ? join(dir, 'bin', 'nmstatectl') : undefined;
  if (dir && candidate && existsSync(join(dir, '.complete')) && isExecutableFile(candidate)) return { path: candidate, source: 'test bed' };
  return { unavailable: NMSTATECTL_UNAVAILABLE };
}

/**
 * nmstatectl's verdict as a result: exit 0 is acceptance; any other exit is a refusal whose
 * message is stderr (run with `-q`, stderr holds only the error: serde_yaml's and nmstate's
 * messages, or a Rust panic, which would fail the image build just the same).
 */
export function gcResultOf(exit: { code: number | null; signal: NodeJS.Signals | null; stderr: string }): NmstatectlGcResult {
  if (exit.code === 0) return { ok: true };
  const message = exit.stderr.trim();
  if (exit.code === null) return { ok: false, reason: 'failed', message: `nmstatectl was stopped by ${exit.signal ?? 'a signal'}${message ? `: ${message}` : ''}.` };
  // serde_yaml and libyaml say "at line L column C"; the last one is the innermost.
  const positions = [...message.matchAll(/ at line (\d+) column (\d+)/g)];
  const position = positions.at(-1);
  return {
    ok: false,
    reason: 'invalid',
    message: message || `nmstatectl exited with ${exit.code} and no message.`,
    ...(position ? { line: Number(position[1]), column: Number(position[2]) } : {}),
  };
}

/** At most this many nmstatectl processes at once per console: a batch checks every row, each in a process. */
export const NMSTATECTL_PARALLEL = 4;
const nmstatectlSlots = pLimit(NMSTATECTL_PARALLEL);

/**
 * Runs `nmstatectl -q gc -` on `document` (UTF-8 on stdin; nmstatectl reads a file and stdin
 * alike), NMSTATECTL_PARALLEL at a time, the rest queued. `binary` defaults to
 * locateNmstatectl(). Never throws: a missing binary is `unavailable`, a timeout `failed`.
 */
export async function runNmstatectlGc(document: string, options: { binary?: string; timeoutMs?: number; maxBytes?: number } = {}): Promise<NmstatectlGcResult> {
  return nmstatectlSlots(() => runOneNmstatectlGc(document, options));
}

async function runOneNmstatectlGc(document: string, options: { binary?: string; timeoutMs?: number; maxBytes?: number } = {}): Promise<NmstatectlGcResult> {
  const size = Buffer.byteLength(document, 'utf8');
  const maxBytes = options.maxBytes ?? NMSTATECTL_MAX_BYTES;
  if (size > maxBytes) return { ok: false, reason: 'too-large', message: `The network config is ${size} bytes; the limit is ${maxBytes} bytes (a Secret holds at most 1 MiB).` };
  let binary = options.binary;
  if (binary === undefined) {
    const location = locateNmstatectl();
    if ('unavailable' in location) return { ok: false, reason: 'unavailable', message: location.unavailable };
    binary = location.path;
  }
  const timeoutMs = options.timeoutMs ?? NMSTATECTL_TIMEOUT_MS;
  const path = binary;

  return new Promise<NmstatectlGcResult>((resolve) => {
    // stdout (the generated keyfiles) is not needed; ignoring it means it can never fill a pipe.
    const child = spawn(path, ['-q', 'gc', '-'], { stdio: ['pipe', 'ignore', 'pipe'], env: childEnv() });
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (result: NmstatectlGcResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < MAX_STDERR_BYTES) stderr += chunk.slice(0, MAX_STDERR_BYTES - stderr.length);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') finish({ ok: false, reason: 'unavailable', message: `nmstatectl at ${path} cannot be run (${error.code}). ${NMSTATECTL_UNAVAILABLE}` });
      else finish({ ok: false, reason: 'failed', message: `nmstatectl at ${path} failed to start: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      if (timedOut) finish({ ok: false, reason: 'failed', message: `nmstatectl did not answer within ${timeoutMs} ms.` });
      else finish(gcResultOf({ code, signal, stderr }));
    });
    // A process that exits before reading all of stdin closes the pipe (EPIPE); its exit says why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(document, 'utf8');
  });
}

/**
 * Whether the console can check network configs, for the start-up log and the wizard:
 * the binary found and its version (`nmstatectl --version` prints `nmstatectl 2.2.62`).
 */
export async function nmstatectlStatus(options: Parameters<typeof locateNmstatectl>[0] = {}): Promise<
  { available: true; path: string; source: NmstatectlSource; version: string } | { available: false; message: string }
> {
  const location = locateNmstatectl(options);
  if ('unavailable' in location) return { available: false, message: location.unavailable };
  return new Promise((resolve) => {
    const child = spawn(location.path, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], env: childEnv() });
    let stdout = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), NMSTATECTL_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ available: false, message: `nmstatectl at ${location.path} cannot be run: ${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const version = /^nmstatectl (\S+)/.exec(stdout.trim())?.[1];
      if (code === 0 && version) resolve({ available: true, path: location.path, source: location.source, version });
      else resolve({ available: false, message: `nmstatectl at ${location.path} did not report its version (exit ${String(code)}).` });
    });
  });
}
