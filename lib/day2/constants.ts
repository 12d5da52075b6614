/** The annotations the console writes for its day-2 flows (SPEC §9), beside lib/metal3/constants.ts ANNOTATIONS. */
export const DAY2_ANNOTATIONS = {
  /** A maintenance (cordon + drain, no removal): its sealed intent, on the host and on its node. */
  maintenance: 'baremetal-console.openshift.io/maintenance',
  /** A guided BMC address/credentials change: its sealed intent, on the host. */
  bmcChange: 'baremetal-console.openshift.io/bmc-change',
} as const;

/** On a credentials Secret the BMC change made: the submission that made it, so a retried submission finds it. */
export const BMC_CHANGE_LABEL = 'baremetal-console.openshift.io/bmc-change';

/**
 * At most this many nodes drain at once for maintenance, in one console process (a bulk
 * maintenance of ten nodes drains them two by two). Drains beyond it wait for a slot, and say so.
 */
export const MAX_CONCURRENT_DRAINS = 2;

/** The `source.component` / `reportingComponent` of the Events the console records. */
export const EVENT_COMPONENT = 'bare-metal-console';
