import type { QueryClient } from '@tanstack/react-query';
import { applyWatchEvent } from '@/lib/inventory/stream';
import type { HostView, NodeView } from '@/lib/inventory/views';
import { type LiveMessage, liveMessageSchema, parseTopicParam } from '@/lib/live/topics';
import { queryKeys } from '@/lib/query-keys';

/**
 * One message of the live stream as it arrived (JSON text), checked with liveMessageSchema and
 * written into the query cache; a message the console does not understand is logged, never applied.
 */
export function receiveLiveMessage(client: QueryClient, text: string): void {
  const parsed = liveMessageSchema.safeParse(JSON.parse(text));
  if (parsed.success) applyLiveMessage(client, parsed.data);
  else console.error('[live] a message the console does not understand', parsed.error);
}

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

