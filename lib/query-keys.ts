/** Every TanStack Query key of the console comes from here. */
export const queryKeys = {
  clusterSummary: () => ['cluster-summary'] as const,
};
