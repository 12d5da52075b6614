import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { componentDir, REPO_ROOT } from '@/e2e/cluster/paths';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { CONSOLE_FLAGS, NMSTATECTL_ACCEPTS, NMSTATECTL_ALSO_ACCEPTS } from '@/lib/nmstate/test-documents';
import { locateNmstatectl, nmstatectlStatus, runNmstatectlGc } from './nmstatectl';

/** The test bed's nmstatectl (e2e/cluster/build-nmstatectl.sh), built before the integration tests run. */
const binary = join(componentDir('nmstatectl'), 'bin', 'nmstatectl');
const gc = (document: string) => runNmstatectlGc(document, { binary });
const SEED = staticNmstateYaml({ ip: '192.168.111.40', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });

beforeAll(() => {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run bash e2e/cluster/build.sh nmstatectl (npm run test:integration builds it)`);
});

describe('nmstatectl gc (the test bed’s 2.2 build)', () => {
  it('is found in the test bed when nothing else is configured, and reports its version', async () => {
    const options = { configured: undefined, pathEnv: '', cwd: REPO_ROOT };
    expect(locateNmstatectl(options)).toEqual({ path: binary, source: 'test bed' });
    expect(await nmstatectlStatus(options)).toEqual({ available: true, path: binary, source: 'test bed', version: expect.stringMatching(/^2\.2\.\d+$/) });
  });

  it('accepts the seed procedure’s document', async () => {
    expect(await gc(SEED)).toEqual({ ok: true });
  });

  it.each([...NMSTATECTL_ACCEPTS, ...NMSTATECTL_ALSO_ACCEPTS].map((d) => [d.name, d.yaml]))('accepts %s', async (_, yaml) => {
    expect(await gc(yaml)).toEqual({ ok: true });
  });

  // The browser's table rows, against the tool: a row without a policy claims nmstate refuses
  // the document too; a row with one claims nmstate accepts what the console refuses.
  it.each(CONSOLE_FLAGS.map(([name, yaml, , policy]) => [name, yaml, policy] as const))('judges as the console’s table says: %s', async (_, yaml, policy) => {
    const result = await gc(yaml);
    if (policy === undefined) expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    else expect(result, `nmstatectl accepts what policy ${policy} refuses`).toEqual({ ok: true });
  });

  it('refuses a YAML syntax error with libyaml’s message and position', async () => {
    expect(await gc('interfaces: [\n')).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'Provide file is not valid NetworkState: did not find expected node content at line 2 column 1, while parsing a flow node',
      line: 2,
      column: 1,
    });
  });

  it('refuses an unknown key, placed by serde at the start of the interfaces list', async () => {
    const result = await gc(SEED.replace('prefix-length: 24', 'prefix_length: 24'));
    expect(result).toMatchObject({ ok: false, reason: 'invalid', line: 2, column: 1 });
    expect(result.ok === false && result.message).toMatch(/^Provide file is not valid NetworkState: interfaces: unknown field `prefix_length`, expected one of `ip`, `prefix-length`/);
  });

  it('refuses a value it cannot read, and one its own checks refuse (no position)', async () => {
    expect(await gc(SEED.replace('prefix-length: 24', 'prefix-length: 2x'))).toEqual({ ok: false, reason: 'invalid', message: 'Provide file is not valid NetworkState: interfaces: invalid digit found in string at line 2 column 1', line: 2, column: 1 });
    expect(await gc(SEED.replace('prefix-length: 24', 'prefix-length: 33'))).toEqual({ ok: false, reason: 'invalid', message: "NmstateError: InvalidArgument: Invalid IPv4 network prefix length '33', should be in the range of 0 to 32" });
    const routesNotAList = SEED.replace(/routes:[\s\S]*/, 'routes:\n  config: 5\n');
    expect(await gc(routesNotAList)).toEqual({
      ok: false,
      reason: 'invalid',
      message: `Provide file is not valid NetworkState: routes.config: invalid type: integer \`5\`, expected a sequence at line ${routesNotAList.split('\n').length - 1} column 11`,
      line: routesNotAList.split('\n').length - 1,
      column: 11,
    });
  });

  it('refuses what only nmstate checks: a dispatch script in gc mode, a port with an IP', async () => {
    expect(await gc(SEED.replace('  state: up\n', '  state: up\n  dispatch:\n    post-activation: echo up\n'))).toEqual({ ok: false, reason: 'invalid', message: 'NmstateError: InvalidArgument: Dispatch script is not supported in gc(gen_conf) mode' });
    const port = NMSTATECTL_ACCEPTS[1]!.yaml.replace('  controller: br-ex\n  ipv4:\n    enabled: false', '  controller: br-ex\n  ipv4:\n    enabled: true\n    dhcp: true');
    expect(await gc(port)).toEqual({ ok: false, reason: 'invalid', message: 'NmstateError: InvalidArgument: Interface eno1 cannot have IP enabled as it is attached to controller br-ex where IP is not allowed on its port' });
  });

  it('accepts what the console refuses by policy: a gateway outside the subnet, a missing enabled', async () => {
    expect(await gc(SEED.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 10.0.0.1'))).toEqual({ ok: true });
    // Accepted, and IPv4 silently disabled: the console's enabled-explicit policy.
    expect(await gc('interfaces:\n- name: eno1\n  type: ethernet\n  state: up\n  ipv4:\n    address:\n    - ip: 192.0.2.10\n      prefix-length: 24\n')).toEqual({ ok: true });
  });

  it('gives up on a process that does not answer in time', async () => {
    // A process that truly hangs: the real nmstatectl can answer before a 1 ms timer fires (seen in a CI rehearsal).
    const dir = mkdtempSync(join(tmpdir(), 'hung-nmstatectl-'));
    const hung = join(dir, 'nmstatectl');
    writeFileSync(hung, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    try {
      expect(await runNmstatectlGc(SEED, { binary: hung, timeoutMs: 200 })).toEqual({ ok: false, reason: 'failed', message: 'nmstatectl did not answer within 200 ms.' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
