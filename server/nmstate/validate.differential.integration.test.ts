import { join } from 'node:path';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { componentDir } from '@/e2e/cluster/paths';
import { LEFT_TO_NMSTATECTL, NMSTATE_POLICIES } from '@/lib/nmstate/policies';
import { validateNmstate } from '@/lib/nmstate/validate';
import { runNmstatectlGc } from './nmstatectl';

/**
 * Differential test (DESIGN §11): the browser's validateNmstate against the real `nmstatectl gc`
 * (the test bed's 2.2 build) on generated NMState documents. A disagreement fails unless a listed
 * entry explains it:
 * - nmstate accepts, the console refuses: every console issue must name a policy (NMSTATE_POLICIES);
 * - nmstate refuses, the console finds nothing nmstate would refuse: nmstatectl's message must
 *   match an entry of LEFT_TO_NMSTATECTL (what the browser leaves to the server), or the console
 *   refuses by a policy that masks nmstate's verdict (`masksNmstate`: a name or key written twice,
 *   where which copy nmstate reads decides what it checks).
 *
 * `npm test` runs a fixed seed; `npm run fuzz:nmstate` a random one (printed) and many more cases:
 *   NMSTATE_FUZZ_RUNS=<n> (default 20000), NMSTATE_FUZZ_SEED=<seed> to replay one.
 */

const binary = join(componentDir('nmstatectl'), 'bin', 'nmstatectl');
const fuzzing = process.env.NMSTATE_FUZZ_RUNS !== undefined || process.env.NMSTATE_FUZZ_SEED !== undefined;
const numRuns = fuzzing ? Number(process.env.NMSTATE_FUZZ_RUNS ?? 20_000) : 400;
const seed = process.env.NMSTATE_FUZZ_SEED !== undefined ? Number(process.env.NMSTATE_FUZZ_SEED) : fuzzing ? Math.floor(Math.random() * 2 ** 31) : 20_260_412;

// ---- the generator ----
// Half the documents are "clean": every value valid and every route through an interface that has
// its family, so the comparison sees many documents both sides accept. The other half may carry a
// mistake at any place, so it also sees many that one side or both refuse.

/** Pick from `good`, or (when mistakes are allowed, rarely) from `bad`. */
function maybe<T>(mistakes: boolean, good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>, odds = 8): fc.Arbitrary<T> {
  return mistakes ? fc.oneof({ weight: odds, arbitrary: good }, { weight: 1, arbitrary: bad }) : good;
}

/** A boolean as written in YAML: mostly plain, sometimes a string or integer nmstate reads, rarely garbage. */
const bool = (value: boolean, mistakes: boolean) =>
  maybe(
    mistakes,
    fc.oneof({ weight: 4, arbitrary: fc.constant<unknown>(value) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(...(value ? ['yes', 'on', 'True', 'y', 1] : ['no', 'off', 'False', 'n', 0])) }),
    fc.constantFrom<unknown>('maybe', 2, null),
  );

/** A prefix length: as a number or a string nmstate reads; with mistakes, out of range or not a number. */
const prefixValue = (prefix: number, family: 4 | 6, mistakes: boolean) =>
  maybe(
    mistakes,
    fc.oneof({ weight: 3, arbitrary: fc.constant<unknown>(prefix) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(String(prefix), `+${prefix}`, `0x${prefix.toString(16)}`) }),
    fc.constantFrom<unknown>(0, family === 4 ? 33 : 129, 255, 256, -1, prefix + 0.5, '2x', '', ` ${prefix}`, null),
  );

const V4_SUBNETS = ['192.0.2', '198.51.100', '203.0.113', '192.168.111'];
const V6_SUBNETS = ['2001:db8::', '2001:db8:1::', 'fd00::'];

/** A host address: in one of a few /24 or /64 subnets, so generated gateways land inside or outside them. */
const hostIp = (family: 4 | 6, mistakes: boolean) =>
  family === 4
    ? fc.tuple(fc.constantFrom(...V4_SUBNETS), maybe(mistakes, fc.integer({ min: 2, max: 254 }), fc.constantFrom(0, 255, 1))).map(([net, host]) => `${net}.${host}`)
    : fc
        .tuple(fc.constantFrom(...V6_SUBNETS), fc.integer({ min: 2, max: 0xffff }), fc.constantFrom('short', 'short', 'short', 'upper', 'full', 'normalized'))
        .map(([net, host, form]) => {
          // The same address in the text forms RFC 4291 allows; nmstate (Rust) reads them all.
          const ip = `${net}${host.toString(16)}`;
          if (form === 'upper') return ip.toUpperCase();
          if (form === 'full') return ipaddr.IPv6.parse(ip).parts.map((part) => part.toString(16).padStart(4, '0')).join(':');
          if (form === 'normalized') return ipaddr.IPv6.parse(ip).toNormalizedString();
          return ip;
        });

const ipText = (family: 4 | 6, mistakes: boolean) =>
  maybe(mistakes, hostIp(family, mistakes), fc.oneof(hostIp(family === 4 ? 6 : 4, false), fc.constantFrom('192.0.2.010', '192.0.2.300', 'fe80::1%eno1', '2001:db8::0023', '::ffff:192.0.2.1', 'not-an-ip', '')), 20);

const address = (family: 4 | 6, mistakes: boolean) =>
  fc
    .tuple(ipText(family, mistakes), fc.oneof({ weight: 6, arbitrary: fc.constant(family === 4 ? 24 : 64) }, { weight: 1, arbitrary: fc.constantFrom(...(family === 4 ? [16, 25, 30, 31, 32] : [48, 112, 127, 128])) }), maybe(mistakes, fc.constant(3), fc.constantFrom(0, 1, 2), 30))
    .chain(([ip, prefix, shape]) =>
      prefixValue(prefix, family, mistakes).map((value): Record<string, unknown> => {
        if (shape === 0) return { ip, prefix_length: value };
        if (shape === 1) return { ip };
        if (shape === 2) return { 'prefix-length': value };
        return { ip, 'prefix-length': value };
      }),
    );

type Section = Record<string, unknown> | undefined;

/** An ipv4/ipv6 section: absent, disabled, static, DHCP (IPv6: with autoconf or not), or both; with mistakes, `enabled` sometimes left out. */
const familySection = (family: 4 | 6, mistakes: boolean): fc.Arbitrary<Section> =>
  fc
    .record({
      kind: fc.constantFrom('absent', 'disabled', 'static', 'static', 'static', 'dhcp', 'dhcp+static'),
      omitEnabled: maybe(mistakes, fc.constant(false), fc.constant(true), 12),
      enabled: bool(true, mistakes),
      disabled: bool(false, mistakes),
      dhcp: bool(true, mistakes),
      // nmstate refuses IPv6 autoconf without DHCP; the clean half only pairs it with dhcp.
      autoconf: fc.constantFrom<boolean | undefined>(undefined, true, false),
      lonelyAutoconf: maybe(mistakes, fc.constant(false), fc.constant(true), 20),
      autoDns: fc.constantFrom<unknown>(undefined, undefined, false, true),
      addresses: fc.array(address(family, mistakes), { minLength: 1, maxLength: 2 }),
    })
    .map(({ kind, omitEnabled, enabled, disabled, dhcp, autoconf, lonelyAutoconf, autoDns, addresses }): Section => {
      if (kind === 'absent') return undefined;
      if (kind === 'disabled') return { enabled: disabled };
      const section: Record<string, unknown> = omitEnabled ? {} : { enabled };
      if (kind !== 'static') {
        section.dhcp = dhcp;
        if (family === 6 && autoconf !== undefined) section.autoconf = autoconf;
        if (autoDns !== undefined) section['auto-dns'] = autoDns;
      } else if (family === 6 && lonelyAutoconf) section.autoconf = true;
      if (kind !== 'dhcp') section.address = addresses;
      return section;
    });

const ETHERNET_NAMES = ['eno1', 'eno2', 'eth1', 'ens3f0'];

interface Plan {
  interfaces: Record<string, unknown>[];
  names: string[];
}

const ethernet = (name: string, mistakes: boolean) =>
  fc
    .record({
      state: maybe(mistakes, fc.constantFrom<unknown>(undefined, 'up'), fc.constantFrom<unknown>('down', 'absent')),
      type: fc.constantFrom<unknown>('ethernet', 'ethernet', undefined),
      ipv4: familySection(4, mistakes),
      ipv6: familySection(6, mistakes),
      mtu: fc.constantFrom<unknown>(undefined, 1500, '9000'),
    })
    .map(({ state, type, ipv4, ipv6, mtu }) => ({ name, type, state, ipv4, ipv6, mtu }));

/** A port of a bridge or bond: no IP (nmstate refuses one on a port) unless a mistake gives it one. */
const portOf = (name: string, controller: string | undefined, mistakes: boolean) =>
  fc.tuple(familySection(4, mistakes), maybe(mistakes, fc.constant(false), fc.constant(true), 15)).map(([ipv4, portIp]) => ({
    name,
    type: 'ethernet',
    state: 'up',
    ...(controller ? { controller } : {}),
    ipv4: portIp ? ipv4 : { enabled: false },
    ipv6: { enabled: false },
  }));

/** The interfaces: plain NICs, or a bond, a VLAN on a bond, a linux-bridge on some of them. */
const interfacesPlan = (mistakes: boolean): fc.Arbitrary<Plan> =>
  fc
    .record({
      topology: fc.constantFrom('plain', 'plain', 'bond', 'vlan', 'bridge', 'bond+vlan'),
      count: fc.integer({ min: 1, max: 3 }),
      useController: fc.boolean(),
      vlanId: fc.constantFrom<unknown>(100, '100', 4094),
      bondMode: maybe(mistakes, fc.constantFrom<unknown>('active-backup', '802.3ad'), fc.constant(undefined)),
    })
    .chain(({ topology, count, useController, vlanId, bondMode }) => {
      const nics = ETHERNET_NAMES.slice(0, count + (topology === 'plain' ? 0 : 1));
      if (topology === 'plain') return fc.tuple(...nics.map((name) => ethernet(name, mistakes))).map((list) => ({ interfaces: list, names: nics }));
      const ports = nics.slice(0, 2);
      const rest = nics.slice(2);
      const controllerName = topology === 'bridge' ? 'br-ex' : 'bond0';
      const controller = fc.tuple(familySection(4, mistakes), familySection(6, mistakes)).map(([ipv4, ipv6]) =>
        topology === 'bridge'
          ? { name: 'br-ex', type: 'linux-bridge', state: 'up', bridge: { options: { stp: { enabled: false } }, port: ports.map((name) => ({ name })) }, ipv4, ipv6 }
          : {
              name: 'bond0',
              type: 'bond',
              state: 'up',
              'link-aggregation': { ...(bondMode ? { mode: bondMode } : {}), options: { miimon: '100' }, port: ports },
              ...(topology === 'bond' ? { ipv4, ipv6 } : { ipv4: { enabled: false }, ipv6: { enabled: false } }),
            },
      );
      const vlan = fc.tuple(familySection(4, mistakes), familySection(6, mistakes)).map(([ipv4, ipv6]) => ({ name: 'bond0.100', type: 'vlan', state: 'up', vlan: { 'base-iface': 'bond0', id: vlanId }, ipv4, ipv6 }));
      return fc
        .tuple(
          controller,
          fc.tuple(...ports.map((name) => portOf(name, useController ? controllerName : undefined, mistakes))),
          topology === 'bond+vlan' ? vlan.map((v) => [v]) : fc.constant([]),
          rest.length > 0 ? fc.tuple(...rest.map((name) => ethernet(name, mistakes))) : fc.constant([]),
        )
        .map(([c, p, v, r]) => {
          const list: Record<string, unknown>[] = [c, ...p, ...v, ...r];
          return { interfaces: list, names: list.map((i) => String(i.name)) };
        });
    });

/** Each interface's enabled families and static addresses, as the plan wrote them (valid or not). */
function familiesOf(plan: Plan): { name: string; family: 4 | 6; addresses: string[]; auto: boolean }[] {
  const found: { name: string; family: 4 | 6; addresses: string[]; auto: boolean }[] = [];
  for (const iface of plan.interfaces) {
    if (iface.state === 'absent' || iface.state === 'down') continue;
    for (const family of [4, 6] as const) {
      const section = iface[`ipv${family}`] as { enabled?: unknown; dhcp?: unknown; address?: { ip?: unknown }[] } | undefined;
      if (!section || section.enabled === undefined || section.enabled === false || section.enabled === 'no') continue;
      const addresses = (section.address ?? []).map((a) => a.ip).filter((ip): ip is string => typeof ip === 'string');
      found.push({ name: String(iface.name), family, addresses, auto: section.dhcp !== undefined });
    }
  }
  return found;
}

const gatewayIn = (ip: string) => (ip.includes(':') ? ip.replace(/:[0-9a-f]*$/, ':1') : ip.replace(/\.\d+$/, '.1'));

/** A route through an interface that has the route's family (clean), or anything at all (mistakes). */
const route = (plan: Plan, mistakes: boolean) => {
  const usable = familiesOf(plan);
  const clean =
    usable.length === 0
      ? fc.constant<Record<string, unknown> | undefined>(undefined)
      : fc.constantFrom(...usable).chain(({ name, family, addresses, auto }) =>
          fc.record({
            destination: fc.constantFrom<unknown>(...(family === 4 ? ['0.0.0.0/0', '203.0.113.0/24', '10.0.0.0/8', '10.0.0.1'] : ['::/0', '2001:db8:ff::/48', '2001:db8:ff::1'])),
            'next-hop-address': fc.constantFrom<unknown>(
              ...addresses.map(gatewayIn),
              ...(family === 6 ? ['fe80::f816:ffff:1:6758'] : []),
              ...(auto ? [family === 4 ? '192.0.2.254' : '2001:db8:ff::fe'] : []),
              family === 4 ? '10.9.9.9' : '2001:db8:ee::1',
            ),
            'next-hop-interface': fc.constant<unknown>(name),
            metric: fc.constantFrom<unknown>(undefined, 100, '100'),
          }),
        );
  const anything = fc.record({
    destination: fc.constantFrom<unknown>('0.0.0.0/0', '::/0', '203.0.113.0/24', '2001:db8:ff::/48', '10.0.0.1', undefined, '', 'default', '10.0.0.0/33', '10.0.0.0/+8', '10.0.0.0/8/8', '0.0.0.0/8'),
    'next-hop-address': fc.constantFrom<unknown>('192.0.2.1', '2001:db8::1', 'fe80::1', '10.9.9.9', '', 'gateway', undefined, ...familiesOf(plan).flatMap((f) => f.addresses)),
    'next-hop-interface': fc.constantFrom<unknown>(...plan.names, 'eno9', undefined),
    state: fc.constantFrom<unknown>(undefined, 'absent', 'ignore'),
  });
  return maybe(mistakes, clean, anything, 3);
};

const dnsServer = (plan: Plan, mistakes: boolean) => {
  const families = new Set(familiesOf(plan).filter((f) => f.addresses.length > 0 || f.auto).map((f) => f.family));
  const held = ['192.0.2.53', '198.51.100.53', '2001:db8::53'].filter((ip) => families.has(ip.includes(':') ? 6 : 4));
  const good = held.length > 0 ? fc.constantFrom<unknown>(...held) : fc.constant<unknown>(undefined);
  return maybe(mistakes, good, fc.constantFrom<unknown>('2001:db8::0053', 'dns.example.com', 'fd00::53', '192.0.2.53', `fe80::53%${plan.names[0] ?? 'eno1'}`, 'fe80::53%eno9'), 4);
};

/** Mistakes the generator's structure cannot express, made in the text. */
const textMutation = (mistakes: boolean) =>
  maybe(
    mistakes,
    fc.constant((text: string) => text),
    fc.constantFrom(
      (text: string) => text.replace('  state: up\n', '  state: up\n  wait-for-it: true\n'),
      (text: string) => text.replace('  state: up\n', '  state: up\n  state: down\n'),
      (text: string) => text.replace(/state: up/, 'state: on'),
      (text: string) => text.slice(0, Math.floor(text.length / 2)),
      (text: string) => text.replace(/- name: (\S+)/, '- name: $1-with-a-long-name'),
      (text: string) => `${text}---\n${text}`,
    ),
    6,
  );

/** Spellings serde_yaml reads as the same scalar (YAML integers nmstate accepts), or, with mistakes, as a float or a negative. */
const scalarSpelling = (mistakes: boolean) =>
  maybe(
    mistakes,
    fc.constantFrom(
      (text: string) => text,
      (text: string) => text,
      (text: string) => text.replace(/prefix-length: (\d+)\n/, (_, n: string) => `prefix-length: 0x${Number(n).toString(16)}\n`),
      (text: string) => text.replace(/prefix-length: (\d+)\n/, (_, n: string) => `prefix-length: 0o${Number(n).toString(8)}\n`),
      (text: string) => text.replace(/prefix-length: (\d+)\n/, 'prefix-length: +$1\n'),
      (text: string) => text.replace(/enabled: true\n/, 'enabled: True\n'),
      (text: string) => text.replace(/enabled: false\n/, 'enabled: FALSE\n'),
      (text: string) => text.replace(/(next-hop-interface|name): (\S+)\n/, '$1: "$2"\n'),
    ),
    fc.constantFrom(
      (text: string) => text.replace(/prefix-length: (\d+)\n/, 'prefix-length: $1.0\n'),
      (text: string) => text.replace(/prefix-length: (\d+)\n/, 'prefix-length: -$1\n'),
      (text: string) => text.replace(/prefix-length: (\d+)\n/, 'prefix-length: $1e0\n'),
      (text: string) => text.replace(/ipv4:\n/, 'ipv4: null\n  x-ipv4:\n'),
      (text: string) => text.replace(/type: ethernet/, 'type: ether'),
      (text: string) => text.replace(/  - name: (\S+)\n/, '  - name: $1\n    state: absent\n    junk: [1, 2]\n'),
    ),
    4,
  );

const prune = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(prune);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, prune(v)]));
  return value;
};

/** A whole NMState document as YAML text. */
const nmstateDocument = fc
  .boolean()
  .chain((mistakes) =>
    interfacesPlan(mistakes).chain((plan) =>
      fc.record({
        plan: fc.constant(plan),
        routes: fc.array(route(plan, mistakes), { maxLength: 3 }),
        dns: fc.array(dnsServer(plan, mistakes), { maxLength: 3 }),
        mutate: textMutation(mistakes),
        spell: scalarSpelling(mistakes),
        duplicate: maybe(mistakes, fc.constant(false), fc.constant(true), 20),
      }),
    ),
  )
  .map(({ plan, routes, dns, mutate, spell, duplicate }) => {
    const interfaces = duplicate && plan.interfaces[0] ? [...plan.interfaces, plan.interfaces[0]] : plan.interfaces;
    const servers = dns.filter((d) => d !== undefined);
    const config = routes.filter((r) => r !== undefined);
    const document = prune({ interfaces, ...(servers.length > 0 ? { 'dns-resolver': { config: { server: servers } } } : {}), ...(config.length > 0 ? { routes: { config } } : {}) });
    return mutate(spell(stringify(document, { lineWidth: 0 })));
  });

// ---- the comparison ----

type Outcome = 'both accept' | 'both refuse' | 'console policy' | 'left to nmstatectl';

/** The verdicts' relation, and which listed entries explained a disagreement (for the fuzz report). */
async function compare(yaml: string): Promise<{ outcome: Outcome; entries: string[]; message?: string }> {
  const { issues } = validateNmstate(yaml);
  const verdict = await runNmstatectlGc(yaml, { binary });
  if (!verdict.ok && verdict.reason !== 'invalid') throw new Error(`nmstatectl could not judge: ${verdict.message}`);
  const mirrored = issues.filter((issue) => !issue.policy);
  const policies = [...new Set(issues.flatMap((issue) => (issue.policy ? [issue.policy] : [])))];
  const describe = () => `--- document\n${yaml}--- nmstatectl gc: ${verdict.ok ? 'accepts' : verdict.message}\n--- console: ${JSON.stringify(issues, null, 1)}`;
  if (verdict.ok) {
    if (mirrored.length > 0) throw new Error(`The console refuses, without a policy, what nmstatectl accepts:\n${describe()}`);
    return { outcome: issues.length > 0 ? 'console policy' : 'both accept', entries: policies };
  }
  if (mirrored.length > 0) return { outcome: 'both refuse', entries: [] };
  const masking = NMSTATE_POLICIES.filter((policy) => 'masksNmstate' in policy && policies.includes(policy.id));
  if (masking.length > 0) return { outcome: 'console policy', entries: masking.map((policy) => policy.id) };
  const gap = LEFT_TO_NMSTATECTL.find((entry) => entry.nmstatectl.test(verdict.message));
  if (!gap) throw new Error(`nmstatectl refuses what the console accepts, and no LEFT_TO_NMSTATECTL entry explains it:\n${describe()}`);
  return { outcome: 'left to nmstatectl', entries: [gap.id], message: verdict.message };
}

describe('validateNmstate against nmstatectl gc', () => {
  it(
    `never disagrees without a listed reason (${numRuns} documents, seed ${seed})`,
    async () => {
      if (fuzzing) process.stdout.write(`[fuzz:nmstate] seed ${seed}, ${numRuns} documents; replay with NMSTATE_FUZZ_SEED=${seed} NMSTATE_FUZZ_RUNS=${numRuns}\n`);
      const outcomes = new Map<Outcome, number>();
      const explained = new Map<string, number>();
      /** nmstatectl's messages the browser left to it, one example per kind of message. */
      const leftToNmstatectl = new Map<string, string>();
      await fc.assert(
        fc.asyncProperty(nmstateDocument, async (yaml) => {
          const { outcome, entries, message } = await compare(yaml);
          if (message) leftToNmstatectl.set(message.replace(/'[^']*'|"[^"]*"|`[^`]*`|\[[^\]]*\]|\d+/g, '…').slice(0, 160), message);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          for (const entry of entries) explained.set(entry, (explained.get(entry) ?? 0) + 1);
        }),
        { seed, numRuns },
      );
      if (fuzzing) {
        process.stdout.write(`[fuzz:nmstate] outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}\n`);
        process.stdout.write(`[fuzz:nmstate] documents each policy or gap explained: ${JSON.stringify(Object.fromEntries([...explained].sort()))}\n`);
        for (const message of leftToNmstatectl.values()) process.stdout.write(`[fuzz:nmstate] left to nmstatectl: ${message}\n`);
      }
      // The generator must reach every kind of outcome, or the comparison proves little.
      expect([...outcomes.keys()].sort()).toEqual(['both accept', 'both refuse', 'console policy', 'left to nmstatectl']);
    },
    fuzzing ? numRuns * 100 + 60_000 : 60_000,
  );

});
