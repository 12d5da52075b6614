/**
 * What a BareMetalHost's state means to an administrator (SPEC §3): one pure function from the
 * host's status fields to a label, a filter group and a tone. The tone is never shown alone; the
 * label always says it in words.
 */

export const HOST_STATE_GROUPS = [
  'registering',
  'inspecting/preparing',
  'available',
  'provisioning',
  'provisioned',
  'externally provisioned',
  'deprovisioning/deleting',
  'error',
  'other',
] as const;

export type HostStateGroup = (typeof HOST_STATE_GROUPS)[number];

export type StatusTone = 'ok' | 'progress' | 'idle' | 'warning' | 'error';

export interface HostStatus {
  /** The provisioning state in BMO's words ("" becomes "new"). */
  label: string;
  group: HostStateGroup;
  tone: StatusTone;
  /** errorType and errorMessage while operationalStatus is error; otherwise the operational status when it is not OK. */
  detail?: string;
}

export interface HostStatusInput {
  state?: string;
  operationalStatus?: string;
  errorType?: string;
  errorMessage?: string;
  errorCount?: number;
}

const GROUP_OF_STATE: Record<string, { group: HostStateGroup; tone: StatusTone }> = {
  '': { group: 'registering', tone: 'progress' },
  unmanaged: { group: 'other', tone: 'idle' },
  registering: { group: 'registering', tone: 'progress' },
  'match profile': { group: 'inspecting/preparing', tone: 'progress' },
  inspecting: { group: 'inspecting/preparing', tone: 'progress' },
  preparing: { group: 'inspecting/preparing', tone: 'progress' },
  available: { group: 'available', tone: 'idle' },
  ready: { group: 'available', tone: 'idle' },
  provisioning: { group: 'provisioning', tone: 'progress' },
  provisioned: { group: 'provisioned', tone: 'ok' },
  'externally provisioned': { group: 'externally provisioned', tone: 'ok' },
  deprovisioning: { group: 'deprovisioning/deleting', tone: 'progress' },
  'powering off before delete': { group: 'deprovisioning/deleting', tone: 'progress' },
  deleting: { group: 'deprovisioning/deleting', tone: 'progress' },
};

export function hostStatus(input: HostStatusInput): HostStatus {
  const state = input.state ?? '';
  const label = state === '' ? 'new' : state === 'ready' ? 'available' : state;
  const known = GROUP_OF_STATE[state] ?? { group: 'other' as const, tone: 'warning' as const };
  if (input.operationalStatus === 'error') {
    const what = input.errorType || 'error';
    const retries = input.errorCount && input.errorCount > 1 ? ` (${input.errorCount} attempts)` : '';
    return {
      label,
      group: 'error',
      tone: 'error',
      detail: input.errorMessage ? `${what}: ${input.errorMessage}${retries}` : `${what}${retries}`,
    };
  }
  const operational = input.operationalStatus;
  if (operational && operational !== 'OK' && operational !== 'discovered') {
    return { label, group: known.group, tone: 'warning', detail: operational };
  }
  return { label, ...known };
}

/**
 * Power as one badge: what the administrator asked for (spec.online) against what BMO last read
 * from the BMC (status.poweredOn). They differ while BMO converges ("Powering off…"), or while
 * BMO does not act on spec.online in the host's state (SPEC §9).
 */
export function powerStatus(input: { online: boolean; poweredOn?: boolean }): { label: string; tone: StatusTone } {
  if (input.poweredOn === undefined) return { label: input.online ? 'Unknown (asked on)' : 'Unknown (asked off)', tone: 'idle' };
  if (input.poweredOn === input.online) return input.online ? { label: 'On', tone: 'ok' } : { label: 'Off', tone: 'idle' };
  return input.online ? { label: 'Powering on…', tone: 'progress' } : { label: 'Powering off…', tone: 'progress' };
}
