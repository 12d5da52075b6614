import { DETACHED_ANNOTATION, HOST_FINALIZER } from '@/lib/metal3/annotations';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { reenrollPath } from '@/lib/hosts/reenroll';
import { shellQuote } from './actions';

/**
 * A way out of every error state (SPEC §3, §9): a pure mapping from what a BareMetalHost says of
 * itself to what happened, in words, and the action that clears it. Rules as data (DESIGN house
 * style 10): the situations are tried in order and the first that matches decides; the table test
 * covers every errorType BMO v0.13.2 sets (apis/metal3.io/v1alpha1 ErrorType), the stuck states,
 * and a host deleted while BMO is not running (held by its finalizer).
 */

/** What a host says of itself that the guidance reads (all from the BareMetalHost). */
export interface GuidanceInput {
  namespace: string;
  name: string;
  state: string;
  operationalStatus?: string;
  errorType?: string;
  errorMessage?: string;
  errorCount?: number;
  deletionTimestamp?: string;
  finalizers?: readonly string[];
  annotations?: Readonly<Record<string, string>>;
  /** status.lastUpdated: when BMO last wrote the status. */
  lastUpdated?: string;
  /** When BMO started each operation (status.operationHistory.<op>.start). */
  started?: { register?: string; inspect?: string; provision?: string; deprovision?: string };
  bmcAddress?: string;
  credentialsName?: string;
  networkSecret?: string;
  externallyProvisioned?: boolean;
  bootMode?: string;
  disableCertificateVerification?: boolean;
  expectedNodeName?: string;
  /** Now, in ms since the epoch (the caller's clock; the mapping itself is pure). */
  now: number;
}

/** An action the guidance offers; `kind` names the console action (the host page wires it), or a link, or an oc command only. */
export type GuidanceOffer =
  | { kind: 'bmc-change' | 'reinspect' | 'remove' | 'attach' | 'power-cycle'; label: string }
  | { kind: 'link'; label: string; href: string }
  | { kind: 'oc'; label: string; command: string };

export interface Guidance {
  /** Which situation (stable, for tests and the browser): e.g. `duplicate-boot-mac`, `stuck-inspecting`. */
  situation: string;
  title: string;
  /** What happened and what BMO does about it, in words. */
  explanation: string;
  tone: 'error' | 'warning';
  /** The way out, most useful first. */
  offers: GuidanceOffer[];
}

type Situation = { name: string; match: (input: GuidanceInput) => Guidance | undefined };

const MINUTE = 60_000;

/** "12 min", "3 h 5 min", "2 d 4 h". */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

const since = (input: GuidanceInput, iso: string | undefined) => (iso ? input.now - Date.parse(iso) : undefined);
const quoteMessage = (message: string | undefined) => (message ? ` BMO says: “${message}”.` : '');
const retries = (input: GuidanceInput) => (input.errorCount && input.errorCount > 1 ? ` It has failed ${input.errorCount} times and retries with a growing back-off (up to hours).` : ' It retries with a growing back-off.');

const changeBmc = (label = 'Change the BMC address or credentials'): GuidanceOffer => ({ kind: 'bmc-change', label });
const removeHost = (label = 'Remove the host'): GuidanceOffer => ({ kind: 'remove', label });
const eventsCommand = (input: GuidanceInput): GuidanceOffer => ({
  kind: 'oc',
  label: "Read BMO's events for the host",
  command: `oc -n ${input.namespace} get events --field-selector involvedObject.kind=BareMetalHost,involvedObject.name=${input.name} --sort-by=.lastTimestamp`,
});

/** Ironic's duplicate-MAC refusal (SPEC §3): `MAC address <mac> conflicts with existing node <namespace>~<name>`. */
const DUPLICATE_MAC = /MAC address (\S+) conflicts with existing node ([^\s~]+)~(\S+?)[.,;]?(?:\s|$)/;

/** The host another host's boot MAC conflicts with, from BMO's message; undefined for any other message. */
export function conflictingHostOf(errorMessage: string | undefined): { mac: string; namespace: string; name: string } | undefined {
  const match = errorMessage ? DUPLICATE_MAC.exec(errorMessage) : null;
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { mac: match[1], namespace: match[2], name: match[3] };
}

/** The wizard pre-filled to enroll this host again (lib/hosts/reenroll.ts); the boot MAC is left for the user. */
export function reenrollLink(input: GuidanceInput, rejectMac?: string): string {
  return reenrollPath({
    reenroll: `${input.namespace}/${input.name}`,
    name: input.name,
    kind: input.externallyProvisioned ? 'existing' : input.networkSecret ? 'static' : 'dhcp',
    ...(input.bmcAddress ? { bmcAddress: input.bmcAddress } : {}),
    ...(input.disableCertificateVerification !== undefined ? { disableCertificateVerification: String(input.disableCertificateVerification) as 'true' | 'false' } : {}),
    ...(input.bootMode === 'UEFI' || input.bootMode === 'UEFISecureBoot' || input.bootMode === 'legacy' ? { bootMode: input.bootMode } : {}),
    ...(input.expectedNodeName ? { nodeName: input.expectedNodeName } : {}),
    ...(rejectMac ? { rejectMac } : {}),
  });
}

/** How long a state may last before the host counts as stuck in it, and where its start is recorded. */
export const STUCK_AFTER: Record<string, { ms: number; since: keyof NonNullable<GuidanceInput['started']> | 'lastUpdated' }> = {
  registering: { ms: 15 * MINUTE, since: 'register' },
  inspecting: { ms: 60 * MINUTE, since: 'inspect' },
  preparing: { ms: 60 * MINUTE, since: 'lastUpdated' },
  provisioning: { ms: 90 * MINUTE, since: 'provision' },
  deprovisioning: { ms: 120 * MINUTE, since: 'deprovision' },
  'powering off before delete': { ms: 30 * MINUTE, since: 'lastUpdated' },
  deleting: { ms: 30 * MINUTE, since: 'lastUpdated' },
};

/** A deleted host BMO has not let go of this long is taken as hanging on its finalizer. */
export const FINALIZER_HANG_AFTER_MS = 10 * MINUTE;

const registrationError = (input: GuidanceInput): Guidance => {
  const message = input.errorMessage ?? '';
  const conflict = conflictingHostOf(message);
  if (conflict) {
    const other = `/hosts/${encodeURIComponent(conflict.namespace)}/${encodeURIComponent(conflict.name)}`;
    return {
      situation: 'duplicate-boot-mac',
      title: 'Boot MAC address already in use',
      explanation: `Boot MAC ${conflict.mac} is already registered for host ${conflict.name} (namespace ${conflict.namespace}), so BMO cannot register this one, and it retries forever. A host's boot MAC cannot be changed once set: remove this host and enroll it again with the MAC of its own boot NIC.`,
      tone: 'error',
      offers: [
        { kind: 'link', label: `Open host ${conflict.name}`, href: other },
        removeHost('Remove this host'),
        { kind: 'link', label: 'Enroll it again with another boot MAC', href: reenrollLink(input, conflict.mac) },
      ],
    };
  }
  if (/secret doesn't exist|secret .* does not exist/i.test(message)) {
    return {
      situation: 'bmc-secret-missing',
      title: 'BMC credentials Secret missing',
      explanation: `The host's BMC credentials Secret${input.credentialsName ? ` ${input.credentialsName}` : ''} does not exist, so BMO cannot log in to the BMC.${quoteMessage(message)} Give the host new credentials: the console makes a new Secret for them.`,
      tone: 'error',
      offers: [changeBmc('Give the host new BMC credentials')],
    };
  }
  if (/Missing BMC connection detail|Validation error with BMC credentials|Empty BMC|Unknown BMC type|failed to parse BMC address/i.test(message)) {
    return {
      situation: 'bmc-details-invalid',
      title: 'BMC address or credentials incomplete',
      explanation: `BMO refuses the host's BMC details.${quoteMessage(message)} It waits until they are fixed.`,
      tone: 'error',
      offers: [changeBmc()],
    };
  }
  if (/preprovisioningNetworkData/i.test(message)) {
    return {
      situation: 'network-secret-unreadable',
      title: 'Network config Secret unreadable',
      explanation: `BMO cannot read the host's network config Secret${input.networkSecret ? ` ${input.networkSecret}` : ''} (it is missing, or has no nmstate key).${quoteMessage(message)} Restore the Secret, or remove the host and enroll it again with its network config.`,
      tone: 'error',
      offers: [
        ...(input.networkSecret ? [{ kind: 'oc' as const, label: 'See whether the Secret exists', command: `oc -n ${input.namespace} get secret ${input.networkSecret}` }] : []),
        removeHost(),
        { kind: 'link', label: 'Enroll it again', href: reenrollLink(input) },
      ],
    };
  }
  return {
    situation: 'registration-failed',
    title: 'BMO cannot register the host',
    explanation: `BMO could not reach or log in to the BMC${input.bmcAddress ? ` at ${input.bmcAddress}` : ''}.${quoteMessage(message)}${retries(input)} Check that the BMC is reachable from the cluster and its account works; if its address or password changed, change them here.`,
    tone: 'error',
    offers: [changeBmc(), eventsCommand(input)],
  };
};

/** BMO's error types (v0.13.2 ErrorType) and what clears each; `registration error` splits by BMO's message. */
const BY_ERROR_TYPE: Record<string, (input: GuidanceInput) => Guidance> = {
  'registration error': registrationError,
  'provisioned registration error': (input) => ({
    situation: 'provisioned-registration-failed',
    title: 'BMO lost access to the BMC',
    explanation: `The host is provisioned, but BMO can no longer register it with its BMC (its address or credentials no longer work).${quoteMessage(input.errorMessage)}${retries(input)} The installed system keeps running meanwhile; BMO cannot manage its power until this is fixed.`,
    tone: 'error',
    offers: [changeBmc(), eventsCommand(input)],
  }),
  'inspection error': (input) => ({
    situation: 'inspection-failed',
    title: 'Hardware inspection failed',
    explanation: `Inspecting the host's hardware failed.${quoteMessage(input.errorMessage)}${retries(input)} Re-inspecting retries it now.`,
    tone: 'error',
    offers: [{ kind: 'reinspect', label: 'Re-inspect now' }, eventsCommand(input)],
  }),
  'preparation error': (input) => ({
    situation: 'preparation-failed',
    title: 'Preparing the host failed',
    explanation: `Preparing the host (cleaning its disks, applying RAID or firmware settings) failed.${quoteMessage(input.errorMessage)}${retries(input)} If it keeps failing, fix the settings it applies, or remove the host and enroll it again.`,
    tone: 'error',
    offers: [eventsCommand(input), removeHost(), { kind: 'link', label: 'Enroll it again', href: reenrollLink(input) }],
  }),
  'provisioning error': (input) => ({
    situation: 'provisioning-failed',
    title: 'Provisioning failed',
    explanation: `Installing the host failed.${quoteMessage(input.errorMessage)} BMO deprovisions it before it tries again. If it keeps failing, remove the host and enroll it again (check its root device hints and boot mode).`,
    tone: 'error',
    offers: [removeHost(), { kind: 'link', label: 'Enroll it again', href: reenrollLink(input) }, eventsCommand(input)],
  }),
  'power management error': (input) => ({
    situation: 'power-failed',
    title: 'BMO cannot change the host’s power',
    explanation: `BMO could not power the host on or off through its BMC.${quoteMessage(input.errorMessage)}${retries(input)} Check the BMC (is it reachable, does its account have power rights?); if its address or credentials changed, change them here.`,
    tone: 'error',
    offers: [changeBmc(), eventsCommand(input)],
  }),
  'detach error': (input) => ({
    situation: 'detach-failed',
    title: 'Detaching failed',
    explanation: `BMO could not remove the host from its provisioner.${quoteMessage(input.errorMessage)} BMO retries; attaching the host again (removing ${DETACHED_ANNOTATION}) cancels the detach and clears the error.`,
    tone: 'error',
    offers: [{ kind: 'attach', label: 'Attach the host again' }, eventsCommand(input)],
  }),
  'servicing error': (input) => ({
    situation: 'servicing-failed',
    title: 'Servicing failed',
    explanation: `Applying firmware settings or updates to the provisioned host failed.${quoteMessage(input.errorMessage)} BMO tries again when the host is powered off and on; fix or remove the pending HostFirmwareSettings / HostFirmwareComponents changes first if they caused it.`,
    tone: 'error',
    offers: [{ kind: 'power-cycle', label: 'Power off, then on (BMO retries servicing)' }, eventsCommand(input)],
  }),
};

const STUCK_OFFERS: Record<string, (input: GuidanceInput) => { explanation: string; offers: GuidanceOffer[] }> = {
  registering: (input) => ({
    explanation: `BMO has not managed to register the host: it usually cannot reach the BMC${input.bmcAddress ? ` at ${input.bmcAddress}` : ''}, or its credentials do not work.`,
    offers: [changeBmc(), eventsCommand(input)],
  }),
  inspecting: (input) => ({
    explanation: 'The host has not reported its hardware: it may not boot the inspection image through its BMC’s virtual media (check the boot order and the virtual media in the BMC’s console).',
    offers: [eventsCommand(input), removeHost()],
  }),
  preparing: (input) => ({ explanation: 'Preparing (cleaning, RAID, firmware settings) has not finished: check the host in its BMC’s console.', offers: [eventsCommand(input)] }),
  provisioning: (input) => ({
    explanation: 'The installer has not finished: the host may not boot the image through its BMC’s virtual media, or cannot reach the cluster.',
    offers: [eventsCommand(input), removeHost()],
  }),
  deprovisioning: (input) => ({
    explanation: 'Cleaning the disks (automatedCleaningMode: metadata) has not finished; on large disks it is slow, and a host that does not boot the cleaning image never finishes.',
    offers: [eventsCommand(input)],
  }),
  'powering off before delete': (input) => ({
    explanation: 'BMO cannot power the host off before it lets it go: check the BMC.',
    offers: [eventsCommand(input)],
  }),
  deleting: (input) => ({ explanation: 'BMO has not finished deleting the host from its provisioner.', offers: [eventsCommand(input)] }),
};

/** The situations, in order: the first that matches decides. */
export const SITUATIONS: Situation[] = [
  {
    name: 'deleted but held by the finalizer',
    match: (input) => {
      const age = since(input, input.deletionTimestamp);
      if (age === undefined || age < FINALIZER_HANG_AFTER_MS || !input.finalizers?.includes(HOST_FINALIZER)) return undefined;
      return {
        situation: 'deletion-hung',
        title: 'Deleted, but still here',
        explanation: `The host was deleted ${formatAge(age)} ago. BMO's finalizer ${HOST_FINALIZER} holds it until BMO has powered the machine off and let it go; if BMO is not running, it never lets go. Start BMO again (the metal3-baremetal-operator Deployment in ${MACHINE_API_NAMESPACE}). Only if BMO is gone for good and the machine is already off, remove the finalizer by hand.`,
        tone: 'error',
        offers: [
          { kind: 'oc', label: 'See whether BMO runs', command: `oc -n ${MACHINE_API_NAMESPACE} get deployment metal3-baremetal-operator` },
          {
            kind: 'oc',
            label: 'Remove the finalizer (only if BMO is gone for good)',
            command: `oc -n ${input.namespace} patch bmh ${input.name} --type=json -p ${shellQuote(JSON.stringify([{ op: 'remove', path: '/metadata/finalizers' }]))}`,
          },
        ],
      };
    },
  },
  {
    name: 'an error BMO reports',
    match: (input) => {
      if (input.operationalStatus !== 'error') return undefined;
      const byType = input.errorType ? BY_ERROR_TYPE[input.errorType] : undefined;
      if (byType) return byType(input);
      return {
        situation: 'error',
        title: 'BMO reports an error',
        explanation: `${input.errorType ? `BMO reports a ${input.errorType}.` : 'BMO reports an error.'}${quoteMessage(input.errorMessage)}`,
        tone: 'error',
        offers: [eventsCommand(input)],
      };
    },
  },
  {
    name: 'detached',
    match: (input) =>
      input.operationalStatus === 'detached' || input.annotations?.[DETACHED_ANNOTATION] !== undefined
        ? {
            situation: 'detached',
            title: input.operationalStatus === 'detached' ? 'Detached from BMO' : 'Being detached from BMO',
            explanation: `BMO has removed the host from its provisioner without deprovisioning it: it does not manage its power, inspect or provision it, and keeps its state (${input.state || 'new'}). Attaching it again lets BMO manage it.`,
            tone: 'warning',
            offers: [{ kind: 'attach', label: 'Attach the host again' }],
          }
        : undefined,
  },
  {
    name: 'delayed',
    match: (input) =>
      input.operationalStatus === 'delayed'
        ? {
            situation: 'delayed',
            title: 'Waiting for a provisioning slot',
            explanation: 'BMO limits how many hosts it provisions, inspects or deprovisions at once; this host waits for one of them to finish. Nothing to do.',
            tone: 'warning',
            offers: [],
          }
        : undefined,
  },
  {
    name: 'unmanaged',
    match: (input) =>
      input.state === 'unmanaged'
        ? {
            situation: 'unmanaged',
            title: 'No BMC details',
            explanation: 'The host has no BMC address or credentials, so BMO cannot manage it (state unmanaged). Give it its BMC address and credentials.',
            tone: 'warning',
            offers: [changeBmc('Give the host its BMC address and credentials')],
          }
        : undefined,
  },
  {
    name: 'stuck in a state',
    match: (input) => {
      const rule = STUCK_AFTER[input.state];
      if (!rule) return undefined;
      const start = rule.since === 'lastUpdated' ? input.lastUpdated : (input.started?.[rule.since] ?? input.lastUpdated);
      const age = since(input, start);
      if (age === undefined || age < rule.ms) return undefined;
      const { explanation, offers } = STUCK_OFFERS[input.state]!(input);
      return {
        situation: `stuck-${input.state.replace(/\s+/g, '-')}`,
        title: `${input.state[0]?.toUpperCase()}${input.state.slice(1)} for ${formatAge(age)}`,
        explanation: `The host has been ${input.state} for ${formatAge(age)}, longer than the ${formatAge(rule.ms)} it usually takes. ${explanation}`,
        tone: 'warning',
        offers,
      };
    },
  },
];

/** What happened to the host and the way out, or undefined when nothing is wrong. */
export function hostGuidance(input: GuidanceInput): Guidance | undefined {
  for (const situation of SITUATIONS) {
    const guidance = situation.match(input);
    if (guidance) return guidance;
  }
  return undefined;
}

/** Every errorType BMO v0.13.2 sets (apis/metal3.io/v1alpha1/baremetalhost_types.go ErrorType); the table test covers each. */
export const BMO_ERROR_TYPES = Object.keys(BY_ERROR_TYPE);
