import { describe, expect, it } from 'vitest';
import { NMSTATE_POLICIES } from './policies';
import { CONSOLE_FLAGS, DUAL_STACK_DOCUMENT, NMSTATECTL_ACCEPTS, NMSTATECTL_ALSO_ACCEPTS, SEED_DOCUMENT } from './test-documents';
import { formFromNmstate } from './form';
import { validateNmstate } from './validate';
import { TOO_MANY_ALIASES } from './values';

const messages = (yaml: string) => validateNmstate(yaml).issues.map((i) => `${i.path}: ${i.message}`);

describe('validateNmstate', () => {
  it('refuses a document whose aliases expand past what can be read safely (a "billion laughs"), without expanding it', () => {
    const levels = ['a', 'b', 'c', 'd', 'e'];
    const bomb = `${levels.map((name, i) => `${name}: &${name} [${Array(9).fill(i === 0 ? '"x"' : `*${levels[i - 1]}`).join(',')}]`).join('\n')}\ninterfaces: *e\n`;
    expect(validateNmstate(bomb).issues).toEqual([{ path: '', line: 1, message: TOO_MANY_ALIASES }]);
    expect(formFromNmstate(bomb)).toEqual({ error: `${TOO_MANY_ALIASES} The form cannot show it; fix it in the YAML view.` });
  });

  it('accepts the seed procedure’s document and returns its address', () => {
    expect(validateNmstate(SEED_DOCUMENT)).toEqual({ issues: [], addresses: [{ interface: 'eno1', ip: '192.168.111.40', prefix: 24 }] });
  });

  it('accepts an interface whose IP is disabled (state up, enabled false)', () => {
    expect(messages('interfaces:\n- name: eno2\n  type: ethernet\n  state: up\n  ipv4:\n    enabled: false\n  ipv6:\n    enabled: false\n')).toEqual([]);
  });

  it.each(NMSTATECTL_ACCEPTS.map((d) => [d.name, d.yaml]))('accepts what nmstatectl gc accepts: %s', (_, yaml) => {
    expect(messages(yaml)).toEqual([]);
  });

  it('reads a prefix written as a string as its number', () => {
    const [stringPrefix] = NMSTATECTL_ACCEPTS;
    expect(validateNmstate(stringPrefix!.yaml).addresses).toEqual([{ interface: 'eno1', ip: '198.51.100.21', prefix: 24 }]);
  });

  it.each(NMSTATECTL_ALSO_ACCEPTS.map((d) => [d.name, d.yaml]))('accepts, as nmstatectl gc does, %s', (_, yaml) => {
    expect(messages(yaml)).toEqual([]);
  });

  it('leaves unknown keys and settings blocks to nmstatectl (it is the authority on its schema)', () => {
    expect(messages(SEED_DOCUMENT.replace('  state: up\n', '  state: up\n  dispatch:\n    post-activation: echo up\n  future-setting: 1\n'))).toEqual([]);
  });

  it.each(CONSOLE_FLAGS)('flags %s', (_, yaml, expected, policy) => {
    const { issues } = validateNmstate(yaml);
    const found = issues.map((i) => `${i.path}: ${i.message}`);
    if (expected instanceof RegExp) expect(found.some((m) => expected.test(m))).toBe(true);
    else expect(found).toEqual([expected]);
    expect(issues.map((i) => i.policy)).toEqual(issues.map(() => policy));
  });

  it('tests every policy it lists, and lists every policy it applies', () => {
    const tested = new Set(CONSOLE_FLAGS.map(([, , , policy]) => policy).filter(Boolean));
    expect([...tested].sort()).toEqual(NMSTATE_POLICIES.map((p) => p.id).sort());
  });

  it('says why a route cannot go through a family left without enabled: true, as nmstate refuses it', () => {
    expect(validateNmstate(SEED_DOCUMENT.replace('    enabled: true\n', '')).issues).toEqual([
      expect.objectContaining({ path: 'interfaces[0].ipv4', policy: 'enabled-explicit' }),
      { path: 'dns-resolver.config.server[0]', line: 12, message: 'No interface can hold DNS server 192.168.111.1: nmstate needs one with IPv4 enabled and a static address, or DHCP on an interface that is up.' },
      { path: 'routes.config[0].next-hop-interface', line: 17, message: 'Interface "eno1" has IPv4 disabled (its ipv4 has no "enabled: true"), so nmstate cannot route through it.' },
    ]);
  });

  it('points at the YAML line of the problem', () => {
    const [issue] = validateNmstate(SEED_DOCUMENT.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 10.0.0.1')).issues;
    expect(issue?.line).toBe(SEED_DOCUMENT.split('\n').findIndex((line) => line.includes('next-hop-address')) + 1);
  });

  it('returns only the addresses nmstate will configure', () => {
    const yaml = `${DUAL_STACK_DOCUMENT.replace(/routes:[\s\S]*/, '')}- name: eno2
  type: ethernet
  state: up
  ipv4:
    enabled: false
    address:
    - ip: 192.0.2.20
      prefix-length: 24
- name: eno3
  type: ethernet
  state: absent
  ipv4:
    enabled: true
    address:
    - ip: 192.0.2.30
      prefix-length: 24
`;
    expect(validateNmstate(yaml).addresses).toEqual([
      { interface: 'eno1', ip: '192.0.2.10', prefix: 24 },
      { interface: 'eno1', ip: '2001:db8::10', prefix: 64 },
    ]);
  });
});
