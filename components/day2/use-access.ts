'use client';

import { useQueries } from '@tanstack/react-query';
import { callApi } from '@/components/auth/session-context';
import { type Day2Access, day2AccessSchema } from '@/lib/day2/page';
import { day2AccessPath } from '@/lib/day2/paths';

/**
 * What the viewer may do to the hosts of each namespace (GET /api/inventory/access), for the
 * inventory's row menus and bulk actions: by namespace, undefined while it is being asked. The
 * answers are the server's SelfSubjectAccessReviews, so a menu item RBAC refuses says why.
 */
export function useDay2Access(namespaces: readonly string[]): Map<string, Day2Access> {
  const unique = [...new Set(namespaces)].sort();
  const results = useQueries({
    queries: unique.map((namespace) => ({
      queryKey: ['day2', 'access', namespace],
      queryFn: async () => day2AccessSchema.parse(await callApi({ path: day2AccessPath(namespace) })),
      staleTime: 30_000,
    })),
  });
  return new Map(unique.flatMap((namespace, i) => (results[i]?.data ? [[namespace, results[i].data] as const] : [])));
}
