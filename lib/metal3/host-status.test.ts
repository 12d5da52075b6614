import { describe, expect, it } from 'vitest';
import { type HostStatus, type HostStatusInput, hostStatus, powerStatus } from './host-status';

describe('hostStatus: every provisioning state of SPEC §3', () => {
  it.each<[string | undefined, Omit<HostStatus, 'detail'>]>([
    [undefined, { label: 'new', group: 'registering', tone: 'progress' }],
    ['', { label: 'new', group: 'registering', tone: 'progress' }],
    ['unmanaged', { label: 'unmanaged', group: 'other', tone: 'idle' }],
    ['registering', { label: 'registering', group: 'registering', tone: 'progress' }],
    ['inspecting', { label: 'inspecting', group: 'inspecting/preparing', tone: 'progress' }],
    ['preparing', { label: 'preparing', group: 'inspecting/preparing', tone: 'progress' }],
    ['available', { label: 'available', group: 'available', tone: 'idle' }],
    ['ready', { label: 'available', group: 'available', tone: 'idle' }],
    ['provisioning', { label: 'provisioning', group: 'provisioning', tone: 'progress' }],
    ['provisioned', { label: 'provisioned', group: 'provisioned', tone: 'ok' }],
    ['externally provisioned', { label: 'externally provisioned', group: 'externally provisioned', tone: 'ok' }],
    ['deprovisioning', { label: 'deprovisioning', group: 'deprovisioning/deleting', tone: 'progress' }],
    ['powering off before delete', { label: 'powering off before delete', group: 'deprovisioning/deleting', tone: 'progress' }],
    ['deleting', { label: 'deleting', group: 'deprovisioning/deleting', tone: 'progress' }],
    ['some future state', { label: 'some future state', group: 'other', tone: 'warning' }],
  ])('state %j', (state, expected) => {
    expect(hostStatus({ state, operationalStatus: 'OK' })).toEqual(expected);
  });
});

describe('hostStatus: every error type of SPEC §3', () => {
  it.each([
    'registration error',
    'inspection error',
    'preparation error',
    'provisioning error',
    'power management error',
    'provisioned registration error',
    'detach error',
    'servicing error',
  ])('%s puts the host in the error group with the type and message', (errorType) => {
    const input: HostStatusInput = { state: 'registering', operationalStatus: 'error', errorType, errorMessage: 'boom' };
    expect(hostStatus(input)).toEqual({ label: 'registering', group: 'error', tone: 'error', detail: `${errorType}: boom` });
  });

  it('names the duplicate-MAC registration error BMO retries forever, with the attempts', () => {
    const status = hostStatus({
      state: 'registering',
      operationalStatus: 'error',
      errorType: 'registration error',
      errorMessage: 'MAC address 52:54:00:00:02:00 conflicts with existing node openshift-machine-api~openshift-worker-0',
      errorCount: 7,
    });
    expect(status.detail).toBe(
      'registration error: MAC address 52:54:00:00:02:00 conflicts with existing node openshift-machine-api~openshift-worker-0 (7 attempts)',
    );
  });

  it('still says "error" when BMO gives no type or message', () => {
    expect(hostStatus({ state: 'provisioned', operationalStatus: 'error' }).detail).toBe('error');
  });
});

describe('hostStatus: operational statuses other than OK', () => {
  it.each(['delayed', 'detached', 'servicing'])('%s is a warning that keeps the state group', (operationalStatus) => {
    expect(hostStatus({ state: 'provisioned', operationalStatus })).toEqual({
      label: 'provisioned',
      group: 'provisioned',
      tone: 'warning',
      detail: operationalStatus,
    });
  });

  it('discovered is not a warning', () => {
    expect(hostStatus({ state: 'available', operationalStatus: 'discovered' }).tone).toBe('idle');
  });
});

describe('powerStatus: spec.online against status.poweredOn, in one badge', () => {
  it.each([
    [{ online: true, poweredOn: true }, 'On', 'ok'],
    [{ online: false, poweredOn: false }, 'Off', 'idle'],
    [{ online: false, poweredOn: true }, 'Powering off…', 'progress'],
    [{ online: true, poweredOn: false }, 'Powering on…', 'progress'],
    [{ online: true }, 'Unknown (asked on)', 'idle'],
    [{ online: false }, 'Unknown (asked off)', 'idle'],
  ] as const)('%o is %s', (input, label, tone) => {
    expect(powerStatus(input)).toEqual({ label, tone });
  });
});
