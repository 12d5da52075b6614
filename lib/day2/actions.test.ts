import { describe, expect, it } from 'vitest';
import { ACTION_POLICIES, DAY2_ACTIONS, type Day2Action, type HostFacts, actionVerdict, hostListSchema, ocCommand, powerRequestSchema, restartRequestSchema } from './actions';
import { bmcChangeRequestSchemaFor } from './flows';

const facts = (extra: Partial<HostFacts> = {}): HostFacts => ({
  namespace: 'openshift-machine-api',
  name: 'w1',
  state: 'provisioned',
  operationalStatus: 'OK',
  online: true,
  poweredOn: true,
  deleting: false,
  annotations: {},
  node: { name: 'app1', ready: true, unschedulable: false, controlPlane: false },
  removal: false,
  maintenance: 'none',
  bmcChange: 'none',
  ...extra,
});
const kind = (action: Day2Action, extra: Partial<HostFacts> = {}) => actionVerdict(action, facts(extra)).kind;
const reason = (action: Day2Action, extra: Partial<HostFacts> = {}) => {
  const verdict = actionVerdict(action, facts(extra));
  return verdict.kind === 'refused' ? verdict.reason : verdict.kind === 'noop' ? verdict.message : '';
};

describe('which action BMO honours in which state (SPEC §9)', () => {
  it.each([
    // action, state, verdict
    ['restart', 'provisioned', 'ok'],
    ['restart', 'externally provisioned', 'ok'],
    ['restart', 'available', 'refused'],
    ['restart', 'inspecting', 'refused'],
    ['reinspect', 'available', 'ok'],
    ['reinspect', 'ready', 'ok'],
    ['reinspect', 'provisioned', 'refused'],
    ['reinspect', 'externally provisioned', 'refused'],
    ['detach', 'provisioned', 'ok'],
    ['detach', 'externally provisioned', 'ok'],
    ['detach', 'available', 'ok'],
    ['detach', 'provisioning', 'refused'],
    ['detach', 'registering', 'refused'],
    ['power-off', 'provisioned', 'ok'],
    ['power-off', 'available', 'ok'],
    ['power-off', 'inspecting', 'refused'],
    ['bmc-change', 'registering', 'ok'],
    ['bmc-change', 'unmanaged', 'ok'],
    ['bmc-change', 'provisioned', 'ok'],
    ['bmc-change', 'available', 'ok'],
    ['bmc-change', 'inspecting', 'refused'],
    ['bmc-change', 'deprovisioning', 'refused'],
  ] as const)('%s in %s: %s', (action, state, verdict) => {
    expect(kind(action, { state })).toBe(verdict);
  });

  it('says the state in words when it refuses', () => {
    expect(reason('restart', { state: 'available' })).toBe('BMO restarts only provisioned (or externally provisioned) hosts; host w1 is available.');
    expect(reason('reinspect', { state: 'provisioned' })).toBe('BMO re-inspects only available hosts (it ignores the request in any other state); host w1 is provisioned.');
    expect(reason('power-on', { state: '', online: false })).toContain('host w1 is new (not yet registered)');
  });

  it('an inspection error while inspecting may be retried now', () => {
    expect(actionVerdict('reinspect', facts({ state: 'inspecting', operationalStatus: 'error', errorType: 'inspection error' }))).toEqual({
      kind: 'ok',
      note: 'BMO retries the failed inspection now instead of after its back-off.',
    });
  });

  it('a BMC change is refused on a detached host only while another change runs', () => {
    expect(kind('bmc-change', { state: 'provisioning', annotations: { 'baremetalhost.metal3.io/detached': '' } })).toBe('ok');
    expect(kind('bmc-change', { bmcChange: 'active' })).toBe('refused');
  });
});

describe('a second click does nothing twice', () => {
  it.each([
    ['power-off', { online: false }, 'Host w1 is already set to be off (spec.online: false).'],
    ['power-on', { online: true }, 'Host w1 is already set to be on (spec.online: true).'],
    ['restart', { annotations: { 'reboot.metal3.io': '{"mode":"hard"}' } }, 'A restart of host w1 is already pending'],
    ['reinspect', { state: 'available', annotations: { 'inspect.metal3.io': '' } }, 'A new inspection of host w1 is already requested'],
    ['detach', { annotations: { 'baremetalhost.metal3.io/detached': '' } }, 'Host w1 is already detached'],
    ['attach', {}, 'Host w1 is attached.'],
    ['maintenance-start', { maintenance: 'active' }, 'Host w1 is already in maintenance.'],
    ['maintenance-end', {}, 'Host w1 is not in maintenance.'],
  ] as const)('%s when already so is a no-op', (action, extra, message) => {
    const verdict = actionVerdict(action, facts(extra));
    expect(verdict.kind).toBe('noop');
    expect(verdict.kind === 'noop' ? verdict.message : '').toContain(message);
  });
});

describe('what is refused everywhere', () => {
  it('nothing but attach and end-maintenance is offered on a host being deleted or removed', () => {
    for (const action of DAY2_ACTIONS) {
      if (action === 'maintenance-end' || action === 'attach') continue;
      expect(kind(action, { deleting: true, online: action !== 'power-on' }), action).toBe('refused');
      expect(kind(action, { removal: true, online: action !== 'power-on' }), action).toBe('refused');
    }
  });

  it('a detached host: BMO manages no power, so power and restart are refused with the reason', () => {
    const detached = { annotations: { 'baremetalhost.metal3.io/detached': '' } };
    expect(reason('power-off', detached)).toBe('Host w1 is detached: BMO does not manage its power. Attach it first.');
    expect(kind('restart', detached)).toBe('refused');
    expect(kind('attach', detached)).toBe('ok');
  });

  it('control-plane quorum refuses power-off, restart and maintenance (SPEC §9), never power-on or ending maintenance', () => {
    const broken = {
      node: { name: 'controller1', ready: true, unschedulable: false, controlPlane: true },
      quorum: { ok: false, message: 'Taking out control-plane node controller1 would leave 1 of 3 control-plane nodes Ready, fewer than the 2 etcd needs to keep a quorum.' },
    };
    for (const action of ['power-off', 'restart', 'maintenance-start'] as const) {
      expect(reason(action, { ...broken, state: 'externally provisioned' }), action).toContain('would leave 1 of 3 control-plane nodes Ready');
    }
    expect(kind('power-on', { ...broken, online: false })).toBe('ok');
    expect(kind('maintenance-end', { ...broken, maintenance: 'active' })).toBe('ok');
    expect(kind('power-off', { ...broken, quorum: { ok: true, message: '' } })).toBe('ok');
  });

  it('maintenance needs a node that can be told for sure', () => {
    expect(reason('maintenance-start', { node: undefined })).toBe('Host w1 has no node: there is nothing to cordon or drain.');
    expect(reason('maintenance-start', { node: undefined, linkProblem: 'two hosts claim node app1.' })).toBe('The node of host w1 cannot be told for sure: two hosts claim node app1.');
  });

  it('every action has its policies, each with a name', () => {
    for (const action of DAY2_ACTIONS) expect(ACTION_POLICIES[action].every((p) => p.name.length > 0)).toBe(true);
  });
});

describe('the equivalent oc commands', () => {
  const host = { namespace: 'openshift-machine-api', name: 'w1' };
  it.each([
    ['power-off', {}, `oc -n openshift-machine-api patch bmh w1 --type=merge -p '{"spec":{"online":false}}'`],
    ['power-on', {}, `oc -n openshift-machine-api patch bmh w1 --type=merge -p '{"spec":{"online":true}}'`],
    ['restart', { mode: 'hard' }, `oc -n openshift-machine-api annotate bmh w1 reboot.metal3.io='{"mode":"hard"}'`],
    ['restart', {}, `oc -n openshift-machine-api annotate bmh w1 reboot.metal3.io=''`],
    ['reinspect', {}, `oc -n openshift-machine-api annotate bmh w1 inspect.metal3.io=''`],
    ['detach', {}, `oc -n openshift-machine-api annotate bmh w1 baremetalhost.metal3.io/detached=''`],
    ['attach', {}, 'oc -n openshift-machine-api annotate bmh w1 baremetalhost.metal3.io/detached-'],
    ['maintenance-start', { node: 'app1', drain: { force: true, deleteEmptyDirData: true, gracePeriodSeconds: 30 } }, 'oc adm cordon app1\noc adm drain app1 --ignore-daemonsets --force --delete-emptydir-data --grace-period=30'],
    ['maintenance-end', { node: 'app1' }, 'oc adm uncordon app1'],
  ] as const)('%s', (action, extra, command) => {
    expect(ocCommand(action, { host, ...extra })).toBe(command);
  });

  it('the BMC change as BMO documents it: detach, wait, new Secret, patch, attach, wait; never the password', () => {
    const command = ocCommand('bmc-change', { host, bmc: { address: 'redfish-virtualmedia://10.0.0.2/redfish/v1/Systems/1', newSecret: 'w1-bmc-x7k2p', credentials: true, detach: true } });
    expect(command.split('\n')).toEqual([
      `oc -n openshift-machine-api annotate bmh w1 baremetalhost.metal3.io/detached=''`,
      `oc -n openshift-machine-api wait bmh w1 --for=jsonpath='{.status.operationalStatus}'=detached`,
      'oc -n openshift-machine-api create secret generic w1-bmc-x7k2p --from-literal=username=<user> --from-literal=password=<password>',
      `oc -n openshift-machine-api patch bmh w1 --type=merge -p '{"spec":{"bmc":{"address":"redfish-virtualmedia://10.0.0.2/redfish/v1/Systems/1","credentialsName":"w1-bmc-x7k2p"}}}'`,
      'oc -n openshift-machine-api annotate bmh w1 baremetalhost.metal3.io/detached-',
      `oc -n openshift-machine-api wait bmh w1 --for=jsonpath='{.status.operationalStatus}'=OK`,
    ]);
    expect(ocCommand('bmc-change', { host, bmc: { credentials: true, detach: false } }).split('\n')).toHaveLength(3);
  });
});

describe('request bodies', () => {
  it('power defaults to no confirmation of running pods; restart to soft then hard', () => {
    expect(powerRequestSchema.parse({ online: false })).toEqual({ online: false, confirmRunningPods: false });
    expect(restartRequestSchema.parse({})).toEqual({ mode: 'soft-then-hard', confirmRunningPods: false });
    expect(restartRequestSchema.safeParse({ mode: 'cold' }).success).toBe(false);
  });

  it('a host list names each host once, at most 100', () => {
    const h = (name: string) => ({ namespace: 'openshift-machine-api', name });
    expect(hostListSchema.safeParse([h('a'), h('a')]).success).toBe(false);
    expect(hostListSchema.safeParse([]).success).toBe(false);
    expect(hostListSchema.safeParse(Array.from({ length: 101 }, (_, i) => h(`h${i}`))).success).toBe(false);
    expect(hostListSchema.safeParse([h('a'), h('b')]).success).toBe(true);
    expect(hostListSchema.safeParse([h('../x')]).success).toBe(false);
  });

  it('a BMC change checks the address as enrollment does and the password by enrollment’s rules', () => {
    const schema = bmcChangeRequestSchemaFor({ newWorker: true, bootMACAddress: '52:54:00:00:02:00' });
    const base = { operationId: 'op-12345678' };
    expect(schema.safeParse({ ...base }).success).toBe(false);
    const wrongDriver = schema.safeParse({ ...base, address: 'ipmi://10.0.0.2' });
    expect(wrongDriver.success).toBe(false);
    expect(wrongDriver.error?.issues[0]?.path).toEqual(['address']);
    expect(schema.safeParse({ ...base, credentials: { username: 'admin', password: '' } }).error?.issues[0]?.message).toBe('Enter the BMC password.');
    expect(schema.safeParse({ ...base, credentials: { username: '  ', password: 'x' } }).success).toBe(false);
    expect(schema.parse({ ...base, address: ' redfish-virtualmedia://10.0.0.2/redfish/v1/Systems/1 ' }).address).toBe('redfish-virtualmedia://10.0.0.2/redfish/v1/Systems/1');
    // BMO's webhook refuses a driver that needs a boot MAC on a host without one, and secure boot on a driver without it: enrollment's words, at the address.
    expect(bmcChangeRequestSchemaFor({ newWorker: true }).safeParse({ ...base, address: 'redfish-virtualmedia://10.0.0.2/redfish/v1/Systems/1' }).error?.issues).toEqual([
      expect.objectContaining({ path: ['address'], message: "Enter the boot MAC address: BMO's redfish-virtualmedia driver needs it." }),
    ]);
    expect(bmcChangeRequestSchemaFor({ newWorker: false, bootMode: 'UEFISecureBoot' }).safeParse({ ...base, address: 'ipmi://10.0.0.2' }).error?.issues[0]?.message).toBe(
      'The ipmi driver cannot do secure boot: choose UEFI, or a driver that can.',
    );
    // The same policy ids as enrollment's, so the policy table names them.
    expect(schema.safeParse({ ...base, credentials: { username: '', password: 'x' } }).error?.issues[0]).toMatchObject({ path: ['credentials', 'username'], params: { policy: 'bmc-username-required' } });
    // An existing (externally provisioned) host may keep a driver that needs a provisioning network.
    expect(bmcChangeRequestSchemaFor({ newWorker: false }).safeParse({ ...base, address: 'ipmi://10.0.0.2' }).success).toBe(true);
  });
});
