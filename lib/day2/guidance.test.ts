import { describe, expect, it } from 'vitest';
import { parseReenrollQuery } from '@/lib/hosts/reenroll';
import { BMO_ERROR_TYPES, type GuidanceInput, conflictingHostOf, formatAge, hostGuidance } from './guidance';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const host = (extra: Partial<GuidanceInput>): GuidanceInput => ({
  namespace: 'openshift-machine-api',
  name: 'openshift-worker-3',
  state: 'provisioned',
  operationalStatus: 'OK',
  bmcAddress: 'redfish-virtualmedia+https://10.0.0.9/redfish/v1/Systems/1',
  credentialsName: 'openshift-worker-3-bmc-secret',
  now: NOW,
  ...extra,
});
const error = (errorType: string, errorMessage: string, extra: Partial<GuidanceInput> = {}) => host({ operationalStatus: 'error', errorType, errorMessage, ...extra });
const kinds = (input: GuidanceInput) => hostGuidance(input)?.offers.map((offer) => offer.kind);

describe('hostGuidance: every errorType of BMO v0.13.2 and what clears it', () => {
  it.each([
    // [errorType, message, state, situation, first offer]
    ['registration error', 'Failed to get power state for node x. Error: Redfish exception occurred. Error: HTTP GET https://10.0.0.9 returned code 401', 'registering', 'registration-failed', 'bmc-change'],
    ['registration error', "BMC CredentialsName secret doesn't exist The BMC secret openshift-machine-api/w3-bmc does not exist", 'registering', 'bmc-secret-missing', 'bmc-change'],
    ['registration error', "Validation error with BMC credentials: Missing BMC connection details 'password' in credentials", 'externally provisioned', 'bmc-details-invalid', 'bmc-change'],
    ['registration error', 'Unknown BMC type \'foo\' for address foo://10.0.0.9', 'registering', 'bmc-details-invalid', 'bmc-change'],
    ['registration error', 'failed to read preprovisioningNetworkData', 'registering', 'network-secret-unreadable', 'remove'],
    ['registration error', 'MAC address 52:54:00:00:02:00 conflicts with existing node openshift-machine-api~openshift-worker-0', 'registering', 'duplicate-boot-mac', 'link'],
    ['provisioned registration error', 'Failed to register: 401 Unauthorized', 'provisioned', 'provisioned-registration-failed', 'bmc-change'],
    ['inspection error', 'Inspection timed out', 'inspecting', 'inspection-failed', 'reinspect'],
    ['preparation error', 'Cleaning failed: disk busy', 'preparing', 'preparation-failed', 'oc'],
    ['provisioning error', 'Deploy step failed: image write error', 'provisioning', 'provisioning-failed', 'remove'],
    ['power management error', 'Failed to power on: BMC timeout', 'provisioned', 'power-failed', 'bmc-change'],
    ['detach error', 'node is locked', 'provisioned', 'detach-failed', 'attach'],
    ['servicing error', 'Firmware update failed', 'provisioned', 'servicing-failed', 'power-cycle'],
  ])('%s (%s) → %s, offering %s first', (errorType, message, state, situation, first) => {
    const guidance = hostGuidance(error(errorType, message, { state: state }));
    expect(guidance?.situation).toBe(situation);
    expect(guidance?.tone).toBe('error');
    expect(guidance?.offers[0]?.kind).toBe(first);
  });

  it('covers every errorType BMO sets, and says BMO’s own words', () => {
    expect(BMO_ERROR_TYPES.sort()).toEqual(
      ['detach error', 'inspection error', 'power management error', 'preparation error', 'provisioned registration error', 'provisioning error', 'registration error', 'servicing error'].sort(),
    );
    for (const errorType of BMO_ERROR_TYPES) {
      const guidance = hostGuidance(error(errorType, 'the words of BMO'));
      expect(guidance?.explanation, errorType).toContain('“the words of BMO”');
      expect(guidance?.offers.length, errorType).toBeGreaterThan(0);
    }
  });

  it('an error type it does not know still says what BMO said and where to read more', () => {
    const guidance = hostGuidance(error('firmware error', 'new in a later BMO'));
    expect(guidance).toMatchObject({ situation: 'error', tone: 'error' });
    expect(guidance?.explanation).toContain('new in a later BMO');
    expect(kinds(error('firmware error', 'x'))).toEqual(['oc']);
  });

  it('says how many times BMO failed and that it backs off', () => {
    expect(hostGuidance(error('inspection error', 'timeout', { errorCount: 4 }))?.explanation).toContain('It has failed 4 times and retries with a growing back-off');
  });
});

describe('a boot MAC another host has', () => {
  const message = 'MAC address 52:54:00:00:02:00 conflicts with existing node openshift-machine-api~openshift-worker-0';

  it('names and links the other host, offers removal and the wizard pre-filled without the MAC', () => {
    const guidance = hostGuidance(error('registration error', message, { state: 'registering', networkSecret: 'w3-network', bootMode: 'UEFI', disableCertificateVerification: true }));
    expect(guidance?.explanation).toContain('already registered for host openshift-worker-0 (namespace openshift-machine-api)');
    expect(guidance?.offers[0]).toEqual({ kind: 'link', label: 'Open host openshift-worker-0', href: '/hosts/openshift-machine-api/openshift-worker-0' });
    expect(guidance?.offers[1]).toMatchObject({ kind: 'remove' });
    const wizard = guidance?.offers[2];
    expect(wizard?.kind).toBe('link');
    const url = new URL(wizard && 'href' in wizard ? wizard.href : '', 'http://console.invalid');
    expect(url.pathname).toBe('/hosts/new');
    expect(parseReenrollQuery(url.searchParams)).toEqual({
      reenroll: 'openshift-machine-api/openshift-worker-3',
      name: 'openshift-worker-3',
      kind: 'static',
      bmcAddress: 'redfish-virtualmedia+https://10.0.0.9/redfish/v1/Systems/1',
      disableCertificateVerification: 'true',
      bootMode: 'UEFI',
      rejectMac: '52:54:00:00:02:00',
    });
  });

  it('reads Ironic’s message as written, and nothing else as a conflict', () => {
    expect(conflictingHostOf(message)).toEqual({ mac: '52:54:00:00:02:00', namespace: 'openshift-machine-api', name: 'openshift-worker-0' });
    expect(conflictingHostOf(`${message}.`)).toMatchObject({ name: 'openshift-worker-0' });
    expect(conflictingHostOf('MAC address 52:54:00:00:02:00 is fine')).toBeUndefined();
    expect(conflictingHostOf(undefined)).toBeUndefined();
  });
});

describe('states that are not errors but need a way out', () => {
  it('a host deleted while BMO is not running hangs on its finalizer: says so, with the oc commands, after 10 minutes', () => {
    const deleted = (minutes: number) => host({ state: 'provisioned', deletionTimestamp: ago(minutes), finalizers: ['baremetalhost.metal3.io'] });
    expect(hostGuidance(deleted(5))).toBeUndefined();
    const guidance = hostGuidance(deleted(45));
    expect(guidance?.situation).toBe('deletion-hung');
    expect(guidance?.explanation).toContain('deleted 45 min ago');
    expect(guidance?.offers.map((o) => (o.kind === 'oc' ? o.command : ''))).toEqual([
      'oc -n openshift-machine-api get deployment metal3-baremetal-operator',
      `oc -n openshift-machine-api patch bmh openshift-worker-3 --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'`,
    ]);
    // Without BMO's finalizer nothing holds it: not this situation.
    expect(hostGuidance(host({ deletionTimestamp: ago(45), finalizers: ['other'] }))).toBeUndefined();
  });

  it.each([
    ['registering', { register: 20 }, 'stuck-registering', 'bmc-change'],
    ['inspecting', { inspect: 70 }, 'stuck-inspecting', 'oc'],
    ['provisioning', { provision: 100 }, 'stuck-provisioning', 'oc'],
    ['deprovisioning', { deprovision: 130 }, 'stuck-deprovisioning', 'oc'],
  ] as const)('stuck %s (past its usual time) → %s', (state, started, situation, first) => {
    const startedAt = Object.fromEntries(Object.entries(started).map(([op, minutes]) => [op, ago(minutes)]));
    expect(hostGuidance(host({ state, started: startedAt }))).toMatchObject({ situation, tone: 'warning' });
    expect(hostGuidance(host({ state, started: startedAt }))?.offers[0]?.kind).toBe(first);
    // Within its usual time it is just progress.
    const fresh = Object.fromEntries(Object.keys(started).map((op) => [op, ago(1)]));
    expect(hostGuidance(host({ state, started: fresh }))).toBeUndefined();
  });

  it('preparing and powering off before delete count from the last status update', () => {
    expect(hostGuidance(host({ state: 'preparing', lastUpdated: ago(61) }))?.situation).toBe('stuck-preparing');
    expect(hostGuidance(host({ state: 'powering off before delete', lastUpdated: ago(31) }))?.situation).toBe('stuck-powering-off-before-delete');
  });

  it('detached: says what it means and offers to attach', () => {
    const guidance = hostGuidance(host({ operationalStatus: 'detached', annotations: { 'baremetalhost.metal3.io/detached': '' } }));
    expect(guidance?.situation).toBe('detached');
    expect(guidance?.explanation).toContain('does not manage its power');
    expect(kinds(host({ operationalStatus: 'detached' }))).toEqual(['attach']);
  });

  it('unmanaged (no BMC details) offers to give it its BMC', () => {
    expect(kinds(host({ state: 'unmanaged', operationalStatus: 'discovered' }))).toEqual(['bmc-change']);
  });

  it('delayed: nothing to do, and it says so', () => {
    expect(hostGuidance(host({ state: 'provisioning', operationalStatus: 'delayed' }))).toMatchObject({ situation: 'delayed', offers: [] });
  });

  it('a healthy host has no guidance', () => {
    expect(hostGuidance(host({}))).toBeUndefined();
    expect(hostGuidance(host({ state: 'available' }))).toBeUndefined();
  });

  it('an error wins over a long wait in the same state', () => {
    expect(hostGuidance(error('inspection error', 'x', { state: 'inspecting', started: { inspect: ago(300) } }))?.situation).toBe('inspection-failed');
  });
});

describe('formatAge', () => {
  it.each([
    [0, '0 min'],
    [59 * 60_000, '59 min'],
    [3 * 3600_000 + 5 * 60_000, '3 h 5 min'],
    [50 * 3600_000, '2 d 2 h'],
  ])('%d ms → %s', (ms, text) => expect(formatAge(ms)).toBe(text));
});

describe('the wizard’s pre-fill parameters', () => {
  it('drops a malformed parameter instead of trusting it, and keeps the rest', () => {
    const params = new URLSearchParams({ name: 'Not A Name', kind: 'static', rejectMac: 'zz', reenroll: '../x', bmcAddress: 'redfish-virtualmedia://h' });
    expect(parseReenrollQuery(params)).toEqual({ kind: 'static', bmcAddress: 'redfish-virtualmedia://h' });
  });
});
