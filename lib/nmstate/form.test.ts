import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyFormToNmstate, emptyInterface, formFieldOfIssue, formFromNmstate, renameInterface, unshownSettings } from './form';
import { staticNmstateYaml } from './document';
import { validateNmstate } from './validate';

const seed = staticNmstateYaml({ ip: '192.168.111.40', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });

function formOf(yamlText: string) {
  const result = formFromNmstate(yamlText);
  if ('error' in result) throw new Error(result.error);
  return result.form;
}

describe('the static network form and its YAML', () => {
  it('reads the seed document into the form', () => {
    expect(formOf(seed)).toEqual({
      interfaces: [{ source: 0, name: 'eno1', ipv4: { enabled: true, address: '192.168.111.40', prefix: '24' }, ipv6: { enabled: false, address: '', prefix: '64' } }],
      dnsServers: ['192.168.111.1'],
      defaultRoute: { nextHop: '192.168.111.1', interface: 'eno1' },
    });
  });

  it('writes the form back without changing a document it did not touch', () => {
    expect(parse(applyFormToNmstate(seed, formOf(seed)))).toEqual(parse(seed));
  });

  it('keeps keys only the YAML shows (mtu, other routes, dhcp flags) across a form edit', () => {
    const yamlText = `${seed.replace('  state: up\n', '  state: up\n  mtu: 9000\n')}  - destination: 10.0.0.0/8\n    next-hop-address: 192.168.111.254\n    next-hop-interface: eno1\n`;
    const form = formOf(yamlText);
    form.interfaces[0]!.ipv4.address = '192.168.111.41';
    const written = parse(applyFormToNmstate(yamlText, form));
    expect(written.interfaces[0].mtu).toBe(9000);
    expect(written.interfaces[0].ipv4.address).toEqual([{ ip: '192.168.111.41', 'prefix-length': 24 }]);
    expect(written.routes.config).toHaveLength(2);
    expect(written.routes.config[1].destination).toBe('10.0.0.0/8');
  });

  it('adds an interface as ethernet, up, and disables a family with enabled: false', () => {
    const form = formOf(seed);
    form.interfaces.push({ ...emptyInterface('eno2'), ipv4: { enabled: false, address: '', prefix: '24' } });
    const written = parse(applyFormToNmstate(applyFormToNmstate(seed, form), { ...form, interfaces: [form.interfaces[0]!, { ...form.interfaces[1]!, source: 1 }] }));
    expect(written.interfaces[1]).toEqual({ name: 'eno2', type: 'ethernet', state: 'up' });
    const disabled = formOf(seed);
    disabled.interfaces[0]!.ipv4.enabled = false;
    expect(parse(applyFormToNmstate(seed, disabled)).interfaces[0].ipv4).toEqual({ enabled: false });
  });

  it('removes an interface from the middle by its source, keeping the others whole', () => {
    const three = applyFormToNmstate(seed, { ...formOf(seed), interfaces: [...formOf(seed).interfaces, emptyInterface('eno2'), emptyInterface('eno3')] });
    const form = formOf(three);
    const written = parse(applyFormToNmstate(three, { ...form, interfaces: [form.interfaces[0]!, form.interfaces[2]!] }));
    expect(written.interfaces.map((i: { name: string }) => i.name)).toEqual(['eno1', 'eno3']);
  });

  it('writes an IPv6 default route with ::/0 and drops the route when both its fields are cleared', () => {
    const form = formOf(seed);
    form.defaultRoute = { nextHop: 'fd00::1', interface: 'eno1' };
    expect(parse(applyFormToNmstate(seed, form)).routes.config[0].destination).toBe('::/0');
    form.defaultRoute = { nextHop: '', interface: '' };
    expect(parse(applyFormToNmstate(seed, form)).routes).toBeUndefined();
  });

  it('keeps a prefix that is not a number as typed, so validation reports it at its field', () => {
    const form = formOf(seed);
    form.interfaces[0]!.ipv4.prefix = '2x';
    const yamlText = applyFormToNmstate(seed, form);
    const [issue] = validateNmstate(yamlText).issues;
    expect(issue?.message).toBe('The prefix length must be a whole number from 1 to 32.');
    expect(formFieldOfIssue(issue!, yamlText)).toBe('interfaces.0.ipv4.prefix');
  });

  it('places a gateway outside the subnet at the default route field, and an unknown key nowhere in the form', () => {
    const form = formOf(seed);
    form.defaultRoute.nextHop = '10.0.0.1';
    const yamlText = applyFormToNmstate(seed, form);
    const [issue] = validateNmstate(yamlText).issues;
    expect(issue?.message).toMatch(/outside eno1's subnet/);
    expect(formFieldOfIssue(issue!, yamlText)).toBe('defaultRoute.nextHop');
    const unknown = seed.replace('prefix-length', 'prefix_length');
    expect(formFieldOfIssue(validateNmstate(unknown).issues[0]!, unknown)).toBeUndefined();
  });

  it('shows what the YAML holds: an address whose prefix-length is misspelt has no prefix', () => {
    const yaml = 'interfaces:\n- name: eno1\n  type: ethernet\n  state: up\n  ipv4:\n    address:\n    - ip: 192.168.111.62\n      prefix-lenght: 24\n    enabled: true\n';
    const form = formFromNmstate(yaml);
    expect('form' in form && form.form.interfaces[0]?.ipv4).toEqual({ enabled: true, address: '192.168.111.62', prefix: '' });
  });

  it('reads non-breaking spaces as spaces, as nmstatectl does (pasted text; runs of typed spaces in a browser editor)', () => {
    const yaml = 'interfaces:\n- name: eno1\n\u00a0 type: ethernet\n\u00a0 ipv4:\n\u00a0 \u00a0 address:\n\u00a0 \u00a0 - ip: 192.168.111.62\n\u00a0 \u00a0 \u00a0 prefix-length: 24\n\u00a0 \u00a0 enabled: true\n';
    const form = formFromNmstate(yaml);
    expect('form' in form && form.form.interfaces[0]?.ipv4).toEqual({ enabled: true, address: '192.168.111.62', prefix: '24' });
    expect(unshownSettings(yaml)).toEqual([]);
  });

  it('lists what it cannot show, with lines, so the form can say those settings are kept', () => {
    const yaml = 'interfaces:\n- name: eno1\n  type: ethernet\n  state: up\n  mtu: 9000\n  ipv4:\n    dhcp: false\n    enabled: true\n';
    expect(unshownSettings(yaml)).toEqual([
      { path: 'eno1: mtu', line: 5 },
      { path: 'eno1: ipv4.dhcp', line: 7 },
    ]);
  });

  it('refuses to show YAML that does not parse, and says where to fix it', () => {
    expect(formFromNmstate('interfaces: [')).toEqual({
      error: 'The YAML has an error at line 1 that the form cannot show (Not valid YAML: a [ or { is left open here, without its closing ] or }.). Fix it in the YAML view.',
    });
    expect(formFromNmstate('- a list')).toEqual({ error: 'The document is not a mapping; fix it in the YAML view.' });
  });
});

describe('a family the form cannot show', () => {
  it('is left as written when another field changes', () => {
    const yamlText = seed.replace('  ipv4:\n', '  ipv6:\n    enabled: true\n    dhcp: true\n    autoconf: true\n  ipv4:\n');
    const form = formOf(yamlText);
    expect(form.interfaces[0]!.ipv6.enabled).toBe(false);
    form.dnsServers = ['192.168.111.2'];
    expect(parse(applyFormToNmstate(yamlText, form)).interfaces[0].ipv6).toEqual({ enabled: true, dhcp: true, autoconf: true });
  });
});

describe('a family as nmstate reads it', () => {
  it('is on with enabled written as a string nmstate reads, off without enabled (nmstatectl gc disables it)', () => {
    expect(formOf(seed.replace('enabled: true', 'enabled: "yes"')).interfaces[0]!.ipv4).toEqual({ enabled: true, address: '192.168.111.40', prefix: '24' });
    expect(formOf(seed.replace('    enabled: true\n', '')).interfaces[0]!.ipv4.enabled).toBe(false);
  });

  it('shows a prefix written as a string as its number', () => {
    expect(formOf(seed.replace('prefix-length: 24', 'prefix-length: "24"')).interfaces[0]!.ipv4.prefix).toBe('24');
  });
});

describe('values typed into a field that started empty', () => {
  it('are written plain, not in the quotes the empty value needed', () => {
    const empty = applyFormToNmstate('', { interfaces: [emptyInterface('eno1')], dnsServers: [], defaultRoute: { nextHop: '', interface: 'eno1' } });
    expect(empty).toContain('next-hop-address: ""');
    const form = formOf(empty);
    form.defaultRoute.nextHop = '192.168.111.1';
    form.interfaces[0]!.ipv4.address = '192.168.111.61';
    const written = applyFormToNmstate(empty, form);
    expect(written).toContain('next-hop-address: 192.168.111.1\n');
    expect(written).toContain('- ip: 192.168.111.61\n');
  });
});

describe('renameInterface', () => {
  it('renames the interface, and the default route with it when it went through the old name', () => {
    const parsed = formFromNmstate(staticNmstateYaml({ ip: '192.168.111.35', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }));
    if (!('form' in parsed)) throw new Error(parsed.error);
    const renamed = renameInterface(parsed.form, 0, 'ens3');
    expect(renamed.interfaces[0]?.name).toBe('ens3');
    expect(renamed.defaultRoute.interface).toBe('ens3');
    const elsewhere = renameInterface({ ...parsed.form, defaultRoute: { ...parsed.form.defaultRoute, interface: 'bond0' } }, 0, 'ens3');
    expect(elsewhere.defaultRoute.interface, 'a route through another interface stays').toBe('bond0');
    // Retyped from nothing, key by key: the route follows every step.
    const retyped = ['', 'e', 'en', 'ens3'].reduce((form, name) => renameInterface(form, 0, name), parsed.form);
    expect(retyped.defaultRoute.interface).toBe('ens3');
  });
});
