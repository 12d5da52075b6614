'use client';

import { queryKeys } from '@/lib/query-keys';
import { useQueries } from '@tanstack/react-query';
import { callApi } from '@/components/auth/session-context';
import type { Day2Access } from '@/lib/day2/page';
import { DAY2_ACTIONS } from '@/lib/day2/rules';
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
      queryKey: queryKeys.day2Access(namespace),
      queryFn: async () => {
        // The schema (and zod) load with the first question, off the inventory's first load.
        const [{ day2AccessSchema }, answer] = await Promise.all([import('@/lib/day2/page'), callApi({ path: day2AccessPath(namespace) })]);
        return day2AccessSchema.parse(answer);
      },
      staleTime: 30_000,
    })),
  });
  return new Map(
    unique.flatMap((namespace, i) => {
      const result = results[i];
      if (result?.data) return [[namespace, result.data] as const];
      // Unknown rights disable the actions, with why, rather than offering what may be refused.
      if (result?.error) return [[namespace, unknownAccess(`What you may do here could not be read: ${result.error.message}`)] as const];
      return [];
    }),
  );
}

function unknownAccess(reason: string): Day2Access {
  const refused = { allowed: false, reason };
  return { access: Object.fromEntries(DAY2_ACTIONS.map((action) => [action, refused])) as Day2Access['access'], events: refused, remove: refused };
}
