'use client';

import { isSigningOut } from '@/components/auth/signing-out';
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { type Topic, streamPath, topicParam } from '@/lib/live/topic-param';
import { signInPath } from '@/lib/paths';
import { queryKeys } from '@/lib/query-keys';

export type Connection = 'connecting' | 'live' | 'reconnecting';

const RETRY_MS = 2_000;

/**
 * What checks each message and writes it into the cache (./apply-message): loaded with the stream,
 * not with the page, since it brings zod and every topic's schema (most of a page's script).
 */
const loadApplyMessage = () => import('./apply-message');

/**
 * Opens the page's one live stream for `topics` and keeps the query cache current from it until the
 * page goes away. A stream the server closed (the session ended, a refusal) is retried; when the
 * session is gone, the user goes to sign-in and comes back to this page afterwards.
 */
export function useLive(topics: readonly Topic[]): Connection {
  const client = useQueryClient();
  const path = useMemo(() => streamPath(topics), [topics]);
  useEffect(() => {
    void loadApplyMessage();
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const setConnection = (connection: Connection) => client.setQueryData(queryKeys.liveConnection(), connection);
    const toSignIn = () => {
      if (!isSigningOut()) window.location.assign(signInPath(`${window.location.pathname}${window.location.search}`));
    };
    const open = () => {
      source = new EventSource(path);
      source.onopen = () => setConnection('live');
      // Messages are applied in order, each once the module that checks them has loaded.
      let applied = Promise.resolve();
      source.onmessage = (event: MessageEvent<string>) => {
        applied = applied.then(async () => (await loadApplyMessage()).receiveLiveMessage(client, event.data)).catch((error: unknown) => console.error('[live] a message could not be applied', error));
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
