/** Every TanStack Query key of the console comes from here. */
export const queryKeys = {
  hosts: () => ['inventory', 'hosts'] as const,
  nodes: () => ['inventory', 'nodes'] as const,
  setup: () => ['setup'] as const,
  host: (namespace: string, name: string) => ['host', namespace, name] as const,
  csrs: () => ['csrs'] as const,
  enrollmentConflicts: (candidate: { name: string; mac: string; ips: readonly string[] }) => ['enrollment', 'conflicts', candidate] as const,
  removalTarget: (namespace: string, name: string) => ['removal', 'target', namespace, name] as const,
  enrollmentDryRun: (operationId: string) => ['enrollment', 'dry-run', operationId] as const,
};
