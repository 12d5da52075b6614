import { BMC_DRIVERS, type BmcDriver } from '@/lib/metal3/bmc';
import { type NetworkForm, formFieldOfIssue, formFromNmstate } from '@/lib/nmstate/form';
import type { NmstateIssue } from '@/lib/nmstate/validate';
import { type EnrollmentDraft, ROOT_DEVICE_TEXT_HINTS, newDraft } from './draft';

/**
 * The enrollment wizard's state as a reducer (pure, unit-tested): the draft as typed, which fields
 * the user has left (their problems show from then on), whether Review was tried (then all show),
 * the submission's operation id, and problems the server reported by field. The step itself is
 * the URL's (`?step=review`), so Back and Forward move between steps.
 */

export interface WizardState {
  draft: EnrollmentDraft;
  touched: readonly string[];
  attempted: boolean;
  /** One id per distinct submission: a retry of the same one is recognised by the server. */
  operation: { id: string; key: string } | null;
  serverFields: Readonly<Record<string, string>>;
  /** The user changed something since the wizard opened. */
  dirty: boolean;
}

export type WizardAction =
  | { type: 'edit'; field: string; change: (draft: EnrollmentDraft) => EnrollmentDraft }
  | { type: 'touch'; field: string }
  | { type: 'attempt' }
  | { type: 'operation'; operation: { id: string; key: string } }
  | { type: 'server-fields'; fields: Record<string, string> }
  | { type: 'restore'; draft: EnrollmentDraft; operation: WizardState['operation'] };

export function initialWizardState(suggestedName: string): WizardState {
  return { draft: newDraft(suggestedName), touched: [], attempted: false, operation: null, serverFields: {}, dirty: false };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'edit': {
      // A server problem of a field is settled by editing that field.
      const serverFields = Object.fromEntries(Object.entries(state.serverFields).filter(([field]) => field !== action.field));
      return { ...state, draft: action.change(state.draft), serverFields, dirty: true };
    }
    case 'touch':
      return state.touched.includes(action.field) ? state : { ...state, touched: [...state.touched, action.field] };
    case 'attempt':
      return { ...state, attempted: true };
    case 'operation':
      return { ...state, operation: action.operation };
    case 'server-fields':
      return { ...state, serverFields: action.fields, attempted: true };
    case 'restore':
      return { ...state, draft: action.draft, operation: action.operation, dirty: true };
  }
}

/** Where the draft of this tab is kept (sessionStorage): it survives Back, Forward and a reload. */
export const DRAFT_STORAGE_KEY = 'bare-metal-console.enrollment-draft';

/** What is stored: the draft WITHOUT the BMC password (never written anywhere), and the operation. */
export function storedWizard(state: WizardState): string {
  return JSON.stringify({ v: 1, draft: { ...state.draft, bmc: { ...state.draft.bmc, password: '' } }, operation: state.operation });
}

/** A stored draft read back over a fresh one (unknown or broken parts are dropped), or undefined. */
export function restoredWizard(text: string | null, suggestedName: string): { draft: EnrollmentDraft; operation: WizardState['operation'] } | undefined {
  if (!text) return undefined;
  try {
    const stored = JSON.parse(text) as { v?: number; draft?: Partial<EnrollmentDraft>; operation?: WizardState['operation'] };
    if (stored.v !== 1 || typeof stored.draft !== 'object' || stored.draft === null) return undefined;
    const fresh = newDraft(suggestedName);
    const draft = stored.draft;
    return {
      draft: {
        ...fresh,
        ...draft,
        bmc: { ...fresh.bmc, ...draft.bmc, password: '' },
        rootDeviceHints: { ...fresh.rootDeviceHints, ...draft.rootDeviceHints },
      },
      operation: stored.operation && typeof stored.operation.id === 'string' && typeof stored.operation.key === 'string' ? stored.operation : null,
    };
  } catch {
    return undefined;
  }
}

/**
 * A URL pasted into "BMC host and path" (`https://10.0.0.1:8000/redfish/v1/Systems/1`, or a whole
 * BMO address `idrac-virtualmedia+https://…`): its scheme sets the driver and transport, the rest
 * stays. A scheme that is neither a driver nor http(s) is left for the field's message to name.
 */
export function absorbPastedBmcUrl(bmc: EnrollmentDraft['bmc'], typed: string): EnrollmentDraft['bmc'] {
  const match = /^\s*([a-z][a-z0-9.-]*)(?:\+(https?))?:\/\/(.*)$/i.exec(typed);
  if (!match) return { ...bmc, hostAndPath: typed };
  const [, scheme = '', transport, rest = ''] = match;
  const lower = scheme.toLowerCase();
  if (lower === 'http' || lower === 'https') return { ...bmc, transport: lower, hostAndPath: rest };
  if (Object.hasOwn(BMC_DRIVERS, lower)) return { ...bmc, driver: lower as BmcDriver, transport: (transport?.toLowerCase() as 'http' | 'https' | undefined) ?? '', hostAndPath: rest };
  return { ...bmc, hostAndPath: typed };
}

/** A field of the wizard: its key (as the schema reports it), label and the element that takes focus. */
export interface WizardField {
  field: string;
  label: string;
  elementId: string;
}

const HINT_LABELS: Record<(typeof ROOT_DEVICE_TEXT_HINTS)[number], string> = {
  deviceName: 'Device name',
  hctl: 'HCTL',
  model: 'Model',
  vendor: 'Vendor',
  serialNumber: 'Serial number',
  wwn: 'WWN',
  wwnWithExtension: 'WWN with extension',
  wwnVendorExtension: 'WWN vendor extension',
};

/** The host fields in the order the form shows them. */
export const HOST_FIELDS: readonly WizardField[] = [
  { field: 'kind', label: 'What are you enrolling?', elementId: 'kind-static' },
  { field: 'name', label: 'Host name', elementId: 'field-name' },
  { field: 'expectedNodeName', label: 'Expected node name (optional)', elementId: 'field-expectedNodeName' },
  { field: 'bootMACAddress', label: 'Boot MAC address', elementId: 'field-bootMACAddress' },
  { field: 'bootMode', label: 'Boot mode', elementId: 'field-bootMode' },
  { field: 'bmc.driver', label: 'BMC driver', elementId: 'field-bmc.driver' },
  { field: 'bmc.transport', label: 'BMC transport', elementId: 'field-bmc.transport' },
  { field: 'bmc.hostAndPath', label: 'BMC host and path', elementId: 'field-bmc.hostAndPath' },
  { field: 'bmc.username', label: 'BMC user name', elementId: 'field-bmc.username' },
  { field: 'bmc.password', label: 'BMC password', elementId: 'field-bmc.password' },
  { field: 'userDataSecret', label: 'User-data Secret', elementId: 'field-userDataSecret' },
  ...ROOT_DEVICE_TEXT_HINTS.map((hint) => ({ field: `rootDeviceHints.${hint}`, label: HINT_LABELS[hint], elementId: `field-rootDeviceHints.${hint}` })),
  { field: 'rootDeviceHints.minSizeGigabytes', label: 'Minimum size (GB)', elementId: 'field-rootDeviceHints.minSizeGigabytes' },
  { field: 'rootDeviceHints.rotational', label: 'Rotational disk', elementId: 'field-rootDeviceHints.rotational' },
];

export { HINT_LABELS as ROOT_DEVICE_HINT_LABELS };

/** The network form's field for a form field key (`interfaces.0.ipv4.address`, `dnsServers`, ...). */
export function networkField(field: string, form: NetworkForm | undefined): WizardField {
  const iface = /^interfaces\.(\d+)\.(name|ipv4|ipv6)(?:\.(address|prefix))?$/.exec(field);
  if (iface) {
    const index = Number(iface[1]);
    const name = form?.interfaces[index]?.name || `interface ${index + 1}`;
    if (iface[2] === 'name') return { field: `network.${field}`, label: `Name of interface ${index + 1}`, elementId: `net-if${index}-name` };
    const family = iface[2] === 'ipv4' ? 'IPv4' : 'IPv6';
    return iface[3] === 'prefix'
      ? { field: `network.${field}`, label: `${family} prefix length of ${name}`, elementId: `net-if${index}-${iface[2]}-prefix` }
      : { field: `network.${field}`, label: `${family} address of ${name}`, elementId: `net-if${index}-${iface[2]}-address` };
  }
  const fixed: Record<string, Omit<WizardField, 'field'>> = {
    dnsServers: { label: 'DNS servers', elementId: 'net-dns' },
    'defaultRoute.nextHop': { label: 'Default route: next hop (gateway)', elementId: 'net-gateway' },
    'defaultRoute.interface': { label: 'Default route: next-hop interface', elementId: 'net-gateway-interface' },
    interfaces: { label: 'Interfaces', elementId: 'net-add-interface' },
  };
  return { field: `network.${field}`, ...(fixed[field] ?? { label: 'Static network (NMState)', elementId: 'network-heading' }) };
}

/** The network config's problems: by form field (`interfaces.0.ipv4.address`), and those only the YAML view can show. */
export function networkProblems(yamlText: string, issues: readonly NmstateIssue[]): { byField: Record<string, string>; yamlOnly: string[] } {
  const byField: Record<string, string> = {};
  const yamlOnly: string[] = [];
  for (const issue of issues) {
    const field = formFieldOfIssue(issue, yamlText);
    if (field) byField[field] ??= issue.message;
    else yamlOnly.push(issue.line ? `Line ${issue.line}: ${issue.message}` : issue.message);
  }
  return { byField, yamlOnly };
}

export interface WizardProblem extends WizardField {
  message: string;
}

/**
 * The problems shown now, in the order of the form: a field's schema problem once the user has
 * left it (or tried Review), conflicts and server problems at once. The summary lists exactly
 * these, so its count is the count of messages on the page.
 */
export function shownProblems(options: {
  state: Pick<WizardState, 'touched' | 'attempted' | 'serverFields' | 'draft'>;
  schemaErrors: Record<string, string>;
  conflictErrors: Record<string, string>;
  /** The network config's problems: by form field, YAML-only, server conflicts, and nmstate's own refusal (live). */
  network?: { byField: Record<string, string>; yamlOnly: string[]; conflicts: string[]; nmstate?: string };
}): WizardProblem[] {
  const { state } = options;
  const shows = (field: string) => state.attempted || state.touched.includes(field);
  const problems: WizardProblem[] = [];
  for (const info of HOST_FIELDS) {
    const message = options.conflictErrors[info.field] ?? state.serverFields[info.field] ?? (shows(info.field) ? options.schemaErrors[info.field] : undefined);
    if (message) problems.push({ ...info, message });
  }
  if (state.draft.kind === 'static' && options.network) {
    const form = (() => {
      const parsed = formFromNmstate(state.draft.networkConfig);
      return 'form' in parsed ? parsed.form : undefined;
    })();
    for (const [field, message] of Object.entries(options.network.byField)) {
      const info = networkField(field, form);
      if (shows(info.field)) problems.push({ ...info, message });
    }
    const whole = state.serverFields.networkConfig ?? options.network.nmstate ?? (shows('network') ? options.network.yamlOnly[0] : undefined);
    if (whole) problems.push({ field: 'networkConfig', label: 'Static network (NMState)', elementId: 'network-heading', message: whole });
    for (const message of options.network.conflicts) problems.push({ field: 'networkConfig', label: 'Static network (NMState)', elementId: 'network-heading', message });
  }
  const known = new Set(problems.map((p) => p.field));
  for (const [field, message] of Object.entries(state.serverFields)) {
    if (!known.has(field) && !HOST_FIELDS.some((f) => f.field === field) && field !== 'networkConfig') problems.push({ field, label: field, elementId: 'enroll-heading', message });
  }
  return problems;
}
