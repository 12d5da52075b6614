'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { type StreamHealth, type StreamSnapshot, applyWatchEvent, streamChangeSchema, streamHealthSchema, streamSnapshotSchema } from '@/lib/inventory/stream';
import type { HostView, NodeView } from '@/lib/inventory/views';
import { queryKeys } from '@/lib/query-keys';

export type Connection = 'connecting' | 'live' | 'reconnecting';

async function fetchInventory(onSignedOut: () => void): Promise<StreamSnapshot> {
  const response = await fetch('/api/inventory', { cache: 'no-store' });
  if (response.status === 401) onSignedOut();
  const body: unknown = await response.json();
  if (!response.ok) throw new Error((body as { error?: string }).error ?? `The console answered ${response.status}`);
  return streamSnapshotSchema.parse(body);
}

/**
 * Hosts and nodes in the TanStack Query cache, kept live by the /api/stream Server-Sent Events:
 * a snapshot replaces both lists, each change is applied with setQueryData. No second store.
 */
export function useInventory(initial: StreamSnapshot) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const onSignedOut = () => router.replace(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [health, setHealth] = useState<StreamHealth>();

  const hosts = useQuery({
    queryKey: queryKeys.hosts(),
    queryFn: async () => (await fetchInventory(onSignedOut)).hosts,
    initialData: initial.hosts,
    staleTime: Infinity,
  });
  const nodes = useQuery({
    queryKey: queryKeys.nodes(),
    queryFn: async () => (await fetchInventory(onSignedOut)).nodes,
    initialData: initial.nodes,
    staleTime: Infinity,
  });

  useEffect(() => {
    const source = new EventSource('/api/stream');
    source.addEventListener('snapshot', (event) => {
      const snapshot = streamSnapshotSchema.parse(JSON.parse((event as MessageEvent<string>).data));
      queryClient.setQueryData<HostView[]>(queryKeys.hosts(), snapshot.hosts);
      queryClient.setQueryData<NodeView[]>(queryKeys.nodes(), snapshot.nodes);
      setConnection('live');
    });
    source.addEventListener('change', (event) => {
      const change = streamChangeSchema.parse(JSON.parse((event as MessageEvent<string>).data));
      if (change.kind === 'host') {
        queryClient.setQueryData<HostView[]>(queryKeys.hosts(), (list) => applyWatchEvent(list, change.type, change.object));
      } else {
        queryClient.setQueryData<NodeView[]>(queryKeys.nodes(), (list) => applyWatchEvent(list, change.type, change.object));
      }
    });
    source.addEventListener('health', (event) => {
      const next = streamHealthSchema.parse(JSON.parse((event as MessageEvent<string>).data));
      setHealth(next);
      setConnection(next.hosts === 'live' && next.nodes === 'live' ? 'live' : 'reconnecting');
    });
    source.onerror = () => {
      setConnection('reconnecting');
      // A closed EventSource (e.g. 401 after the session ended) does not retry by itself.
      if (source.readyState === EventSource.CLOSED) void queryClient.refetchQueries({ queryKey: queryKeys.hosts() });
    };
    return () => source.close();
  }, [queryClient]);

  return { hosts: hosts.data, nodes: nodes.data, connection, health };
}
