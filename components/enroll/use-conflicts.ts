'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { callApi, useSession } from '@/components/auth/session-context';
import { enrollmentIps } from '@/lib/enroll/conflicts';
import type { EnrollmentDraft } from '@/lib/enroll/draft';
import { canonicalMac } from '@/lib/net/mac';
import { queryKeys } from '@/lib/query-keys';
import { z } from '@/lib/zod';

const conflictsSchema = z.object({ fields: z.record(z.string(), z.string()), ips: z.record(z.string(), z.string()) });

const nmstateVerdictSchema = z.object({ problem: z.string().optional(), line: z.number().int().positive().optional(), unchecked: z.string().optional() });

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Name, boot MAC and static IPs already in use, asked of the server (its watch cache) as the user types. */
export function useEnrollmentConflicts(draft: EnrollmentDraft) {
  const ips = enrollmentIps(draft);
  const mac = draft.bootMACAddress.trim();
  // The node a new worker joins as: its expected node name, else its host name (an existing host has its node).
  const node = draft.kind === 'existing' ? '' : draft.expectedNodeName.trim();
  const candidate = useDebounced({ name: draft.name.trim(), mac: canonicalMac(mac) ? mac : '', ips, node, newWorker: draft.kind !== 'existing' }, 300);
  return useQuery({
    queryKey: queryKeys.enrollmentConflicts(candidate),
    queryFn: async () => {
      const query = new URLSearchParams({ name: candidate.name });
      if (candidate.mac) query.set('mac', candidate.mac);
      if (candidate.newWorker) query.set('joinsAs', candidate.node);
      for (const ip of candidate.ips) query.append('ip', ip);
      return conflictsSchema.parse(await callApi({ path: `/api/hosts/conflicts?${query}` }));
    },
    placeholderData: (previous) => previous,
  });
}

/**
 * nmstate's own verdict (`nmstatectl gc` on the server) on the static network config, asked as
 * the user edits it, once the console's rules pass (`document` is '' otherwise: nothing is asked).
 * Data: `{ problem?, line? }`, or `{ unchecked }` when the server has no nmstatectl.
 */
export function useNmstateVerdict(document: string) {
  const { csrfToken } = useSession();
  const debounced = useDebounced(document, 500);
  return useQuery({
    queryKey: queryKeys.nmstateVerdict(debounced),
    queryFn: async () => nmstateVerdictSchema.parse(await callApi({ method: 'POST', path: '/api/nmstate/check', body: { document: debounced }, csrfToken })),
    enabled: debounced.trim() !== '' && debounced === document,
    staleTime: Infinity,
  });
}
