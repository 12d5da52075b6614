/**
 * The annotations BMO itself reads on a BareMetalHost (baremetal-operator v0.13.2,
 * apis/metal3.io/v1alpha1/baremetalhost_types.go; user guide "Rebooting hosts", "Controlling
 * Inspection", "Detaching Hosts from Provisioner"), and what each value means.
 */

/**
 * `reboot.metal3.io`: power-cycles a provisioned (or externally provisioned) host; BMO removes it
 * once it has powered the host off (internal/controller/metal3.io/baremetalhost_controller.go
 * manageHostPower), and powers it on again. `reboot.metal3.io/<key>` keeps the host off until
 * every such key is removed by its own client; the console never writes those.
 */
export const REBOOT_ANNOTATION = 'reboot.metal3.io';

/** The restart modes the console offers, and the annotation value of each (the webhook accepts only these). */
export const REBOOT_MODES = {
  /** Empty value: soft first, hard if the soft power-off fails. */
  'soft-then-hard': '',
  soft: '{"mode":"soft"}',
  hard: '{"mode":"hard"}',
} as const;
export type RebootMode = keyof typeof REBOOT_MODES;

/**
 * `inspect.metal3.io`: empty requests a new inspection, honoured only in `available` (ignored in
 * any other state; BMO removes it when inspection starts); `disabled` turns inspection off.
 */
export const INSPECT_ANNOTATION = 'inspect.metal3.io';
export const INSPECT_DISABLED = 'disabled';

/**
 * `baremetalhost.metal3.io/detached`: BMO removes the host from its provisioner without
 * deprovisioning it and stops managing its power; status.operationalStatus becomes `detached`,
 * the provisioning state is kept. Honoured in provisioned, externally provisioned and available
 * (host_state_machine.go checkDetachedHost); the value is ignored (or JSON with `force`,
 * `deleteAction`). Removing it reattaches the host (`OK`).
 */
export const DETACHED_ANNOTATION = 'baremetalhost.metal3.io/detached';

/** The provisioning states in which BMO detaches a host (checkDetachedHost). */
export const DETACHABLE_STATES = ['provisioned', 'externally provisioned', 'available', 'ready'] as const;

/** The finalizer BMO holds every host with until it has powered it off and let it go (SPEC §3). */
export const HOST_FINALIZER = 'baremetalhost.metal3.io';

/** What a reboot annotation's value asks for, in words; undefined when the value is not one BMO understands. */
export function rebootModeOf(value: string): RebootMode | undefined {
  if (value === '') return 'soft-then-hard';
  try {
    const parsed: unknown = JSON.parse(value);
    const mode = typeof parsed === 'object' && parsed !== null && 'mode' in parsed ? (parsed as { mode: unknown }).mode : undefined;
    return mode === 'soft' || mode === 'hard' ? mode : undefined;
  } catch {
    return undefined;
  }
}
