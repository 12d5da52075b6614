/** Every TanStack Query key of the console comes from here. */
export const queryKeys = {
  hosts: () => ['inventory', 'hosts'] as const,
  nodes: () => ['inventory', 'nodes'] as const,
  /** Whether the server still watches hosts and nodes, and why not. */
  inventoryHealth: () => ['inventory', 'health'] as const,
  setup: () => ['setup'] as const,
  /** Everything the host page shows (lib/hosts/page.ts), fed by its live topic. */
  hostPage: (namespace: string, name: string) => ['host', namespace, name] as const,
  /** The last removal the host page saw recorded on its host: who removed it, once it is gone. */
  lastRemoval: (namespace: string, name: string) => ['host', namespace, name, 'last-removal'] as const,
  csrs: () => ['csrs'] as const,
  /** A removal's progress, or what is recorded of it, fed by its live topic. */
  removal: (namespace: string, name: string) => ['removal', namespace, name] as const,
  /** Why a live topic is not served (refused, unreadable). */
  topicError: (topic: string) => ['live', 'unavailable', topic] as const,
  /** The live stream's connection: live, or reconnecting (data may be stale). */
  liveConnection: () => ['live', 'connection'] as const,
  enrollmentConflicts: (candidate: { name: string; mac: string; ips: readonly string[]; node: string; newWorker: boolean }) => ['enrollment', 'conflicts', candidate] as const,
  removalTarget: (namespace: string, name: string) => ['removal', 'target', namespace, name] as const,
  enrollmentDryRun: (operationId: string) => ['enrollment', 'dry-run', operationId] as const,
  /** What a maintenance of the host would drain (its node's pods, planned as the removal plans them). */
  maintenanceTarget: (namespace: string, name: string) => ['day2', 'maintenance-target', namespace, name] as const,
  /** What powering the host off or restarting it would stop (the pods still running on its node). */
  runningPods: (namespace: string, name: string) => ['day2', 'running-pods', namespace, name] as const,
  /** The viewer's rights for the day-2 actions in a namespace (SelfSubjectAccessReviews). */
  day2Access: (namespace: string) => ['day2', 'access', namespace] as const,
  /** nmstate's live verdict on one static network config document. */
  nmstateVerdict: (document: string) => ['enrollment', 'nmstate', document] as const,
  /** A bulk enrollment's hosts and create run, fed by its live topic. */
  batch: (batchId: string) => ['batch', batchId] as const,
};
