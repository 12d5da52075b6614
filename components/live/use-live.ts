'use client';

import { type QueryClient, skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { applyWatchEvent } from '@/lib/inventory/stream';
import type { HostView, NodeView } from '@/lib/inventory/views';
import { type LiveMessage, type Topic, liveMessageSchema, parseTopicParam, streamPath, topicParam } from '@/lib/live/topics';
import { signInPath } from '@/lib/paths';
import { queryKeys } from '@/lib/query-keys';

export type Connection = 'connecting' | 'live' | 'reconnecting';

/** Writes one message of the live stream into the query cache: the only way live data gets there. */
export function applyLiveMessage(client: QueryClient, message: LiveMessage): void {
  switch (message.event) {
    case 'snapshot':
      client.setQueryData<HostView[]>(queryKeys.hosts(), message.data.hosts);
      client.setQueryData<NodeView[]>(queryKeys.nodes(), message.data.nodes);
      return;
    case 'change': {
      const change = message.data;
      if (change.kind === 'host') client.setQueryData<HostView[]>(queryKeys.hosts(), (list) => applyWatchEvent(list, change.type, change.object));
      else client.setQueryData<NodeView[]>(queryKeys.nodes(), (list) => applyWatchEvent(list, change.type, change.object));
      return;
    }
    case 'health':
      client.setQueryData(queryKeys.inventoryHealth(), message.data);
      return;
    case 'csrs':
      client.setQueryData(queryKeys.csrs(), message.data);
      client.setQueryData(queryKeys.topicError('csrs'), null);
      return;
    case 'setup':
      client.setQueryData(queryKeys.setup(), message.data);
      client.setQueryData(queryKeys.topicError('setup'), null);
      return;
    case 'unavailable':
      client.setQueryData(queryKeys.topicError(message.topic), message.data.error);
      return;
    case 'batch': {
      const topic = parseTopicParam(message.topic);
      if (topic?.kind === 'batch') client.setQueryData(queryKeys.batch(topic.batchId), message.data);
      client.setQueryData(queryKeys.topicError(message.topic), null);
      return;
    }
    case 'host':
    case 'progress':
    case 'recorded': {
      const topic = parseTopicParam(message.topic);
      if (topic?.kind === 'host' && message.event === 'host') {
        client.setQueryData(queryKeys.hostPage(topic.namespace, topic.name), message.data);
        if (message.data.removal.state === 'verified') client.setQueryData(queryKeys.lastRemoval(topic.namespace, topic.name), message.data.removal);
      }
      if (topic?.kind === 'removal' && message.event === 'progress') client.setQueryData(queryKeys.removal(topic.namespace, topic.name), { progress: message.data });
      if (topic?.kind === 'removal' && message.event === 'recorded') client.setQueryData(queryKeys.removal(topic.namespace, topic.name), { recorded: message.data });
      client.setQueryData(queryKeys.topicError(message.topic), null);
      return;
    }
  }
}

const RETRY_MS = 2_000;

/**
 * Opens the page's one live stream for `topics` and keeps the query cache current from it until the
 * page goes away. A stream the server closed (the session ended, a refusal) is retried; when the
 * session is gone, the user goes to sign-in and comes back to this page afterwards.
 */
export function useLive(topics: readonly Topic[]): Connection {
  const client = useQueryClient();
  const path = useMemo(() => streamPath(topics), [topics]);
  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const setConnection = (connection: Connection) => client.setQueryData(queryKeys.liveConnection(), connection);
    const toSignIn = () => window.location.assign(signInPath(`${window.location.pathname}${window.location.search}`));
    const open = () => {
      source = new EventSource(path);
      source.onopen = () => setConnection('live');
      source.onmessage = (event: MessageEvent<string>) => {
        const parsed = liveMessageSchema.safeParse(JSON.parse(event.data));
        if (parsed.success) applyLiveMessage(client, parsed.data);
        else console.error('[live] a message the console does not understand', parsed.error);
      };
      source.addEventListener('session', toSignIn);
      source.onerror = () => {
        setConnection('reconnecting');
        if (source?.readyState !== EventSource.CLOSED || closed) return;
        // The server answered other than 200 (EventSource gives up): signed out, or refused for now.
        void fetch('/api/session', { cache: 'no-store' }).then((answer) => {
          if (answer.status === 401) toSignIn();
          else if (!closed) retry = setTimeout(open, RETRY_MS);
        }, () => {
          if (!closed) retry = setTimeout(open, RETRY_MS);
        });
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [client, path]);
  return useQuery<Connection>({ queryKey: queryKeys.liveConnection(), queryFn: skipToken, initialData: 'connecting' }).data ?? 'connecting';
}

/** A value the live stream keeps in the cache (with the server's first render as its start). */
export function useLiveValue<T>(key: readonly unknown[], initial?: T): T | undefined {
  return useQuery<T>({ queryKey: key, queryFn: skipToken, ...(initial !== undefined ? { initialData: initial } : {}), staleTime: Infinity }).data;
}

/** Why a topic is not served right now (refused, unreadable), or undefined. */
export function useTopicError(topic: Topic): string | undefined {
  return useQuery<string | null>({ queryKey: queryKeys.topicError(topicParam(topic)), queryFn: skipToken }).data ?? undefined;
}
