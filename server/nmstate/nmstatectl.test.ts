import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NMSTATECTL_UNAVAILABLE, gcResultOf, locateNmstatectl, nmstatectlStatus, runNmstatectlGc } from './nmstatectl';

/** Messages nmstatectl 2.2.62 printed (stderr, run with -q) for documents of the integration test. */
describe('gcResultOf (reading nmstatectl’s answer)', () => {
  it('is acceptance on exit 0', () => {
    expect(gcResultOf({ code: 0, signal: null, stderr: '' })).toEqual({ ok: true });
  });

  it.each([
    ['a YAML syntax error (libyaml names the position mid-message)', 'Provide file is not valid NetworkState: did not find expected node content at line 2 column 1, while parsing a flow node\n', 2, 1],
    ['an unknown key (serde places it at the interfaces list)', 'Provide file is not valid NetworkState: interfaces: unknown field `prefix_length`, expected one of `ip`, `prefix-length` at line 2 column 1\n', 2, 1],
    ['a value of the wrong type outside interfaces', 'Provide file is not valid NetworkState: routes.config: invalid type: integer `5`, expected a sequence at line 11 column 11\n', 11, 11],
  ])('keeps nmstate’s message and position for %s', (_, stderr, line, column) => {
    expect(gcResultOf({ code: 65, signal: null, stderr })).toEqual({ ok: false, reason: 'invalid', message: stderr.trim(), line, column });
  });

  it('has no position for nmstate’s own checks', () => {
    const stderr = 'NmstateError: InvalidArgument: Invalid IPv4 network prefix length \'33\', should be in the range of 0 to 32\n';
    expect(gcResultOf({ code: 1, signal: null, stderr })).toEqual({ ok: false, reason: 'invalid', message: stderr.trim() });
  });

  it('counts a refusal without a message, and says a killed process did not answer', () => {
    expect(gcResultOf({ code: 101, signal: null, stderr: '' })).toEqual({ ok: false, reason: 'invalid', message: 'nmstatectl exited with 101 and no message.' });
    expect(gcResultOf({ code: null, signal: 'SIGKILL', stderr: '' })).toEqual({ ok: false, reason: 'failed', message: 'nmstatectl was stopped by SIGKILL.' });
  });
});

describe('finding nmstatectl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nmstatectl-locate-'));
  const onPath = join(dir, 'nmstatectl');
  writeFileSync(onPath, '#!/bin/sh\nexit 0\n');
  chmodSync(onPath, 0o755);
  const notExecutable = join(dir, 'not-executable');
  writeFileSync(notExecutable, '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes CONSOLE_NMSTATECTL first, and reports a wrong one instead of looking elsewhere', () => {
    expect(locateNmstatectl({ configured: onPath, pathEnv: '', cwd: dir })).toEqual({ path: onPath, source: 'CONSOLE_NMSTATECTL' });
    expect(locateNmstatectl({ configured: notExecutable, pathEnv: dir, cwd: dir })).toEqual({ unavailable: `CONSOLE_NMSTATECTL is ${notExecutable}, which is not an executable file.` });
  });

  it('then looks on PATH', () => {
    expect(locateNmstatectl({ configured: undefined, pathEnv: `/nonexistent:${dir}`, cwd: dir })).toEqual({ path: onPath, source: 'PATH' });
  });

  it('outside a clone of the console with nothing configured, says how to get one', async () => {
    expect(locateNmstatectl({ configured: undefined, pathEnv: '', cwd: dir })).toEqual({ unavailable: NMSTATECTL_UNAVAILABLE });
    expect(await nmstatectlStatus({ configured: undefined, pathEnv: '', cwd: dir })).toEqual({ available: false, message: NMSTATECTL_UNAVAILABLE });
  });
});

describe('runNmstatectlGc without nmstatectl', () => {
  it('is unavailable when the binary cannot be run', async () => {
    const result = await runNmstatectlGc('interfaces: []\n', { binary: '/nonexistent/nmstatectl' });
    expect(result).toMatchObject({ ok: false, reason: 'unavailable', message: expect.stringContaining('nmstatectl at /nonexistent/nmstatectl cannot be run (ENOENT).') });
  });

  it('does not send a document larger than a Secret can hold', async () => {
    const result = await runNmstatectlGc('#'.repeat(1024 * 1024 + 1), { binary: '/nonexistent/nmstatectl' });
    expect(result).toEqual({ ok: false, reason: 'too-large', message: 'The network config is 1048577 bytes; the limit is 1048576 bytes (a Secret holds at most 1 MiB).' });
  });
});
