import { type LiveMessage, parseTopicParam } from '@/lib/live/topics';
import { Refusal } from '@/server/errors';
import { liveMessageJson } from '@/server/json-text';
import { openTopic } from '@/server/live/topics';
import { sessionRoute } from '@/server/route';
import { sseResponse } from '@/server/sse';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** A page shows a few topics at most. */
const MAX_TOPICS = 4;

/**
 * The live stream (lib/live/topics.ts): one Server-Sent Events stream per page, for the topics it
 * names (`?topic=inventory&topic=csrs`, `?topic=host:<namespace>/<name>`, ...). Each topic is
 * authorised and opened with the caller's credentials before the stream starts, so a refused topic
 * is answered as an error; a reconnecting EventSource gets every topic's current state again.
 */
export const GET = sessionRoute({ mutating: false, context: 'open the live stream' }, async ({ request, session, kc }) => {
  const params = new URL(request.url).searchParams.getAll('topic');
  const topics = params.map(parseTopicParam);
  if (params.length === 0 || params.length > MAX_TOPICS || topics.some((t) => t === undefined)) {
    throw new Refusal(400, `Name 1 to ${MAX_TOPICS} topics: inventory, csrs, host:<namespace>/<name>, removal:<namespace>/<name> or batch:<batch id>.`);
  }
  const context = { session, kc, hub: hubFor(session) };
  // What topics send before the stream exists is kept, then sent first.
  const early: LiveMessage[] = [];
  let send: ((event: string, data: unknown) => void) | undefined;
  const emit = (message: LiveMessage) => (send ? send('message', liveMessageJson(message)) : early.push(message));
  const closes: (() => void)[] = [];
  const closeAll = () => {
    for (const close of closes.splice(0)) close();
  };
  try {
    for (const topic of topics) if (topic) closes.push(await openTopic(topic, context, emit));
  } catch (error) {
    closeAll();
    throw error;
  }
  const response = sseResponse(request, session, (stream) => {
    send = stream;
    for (const message of early.splice(0)) stream('message', liveMessageJson(message));
    return closeAll;
  });
  if (!response.ok) closeAll();
  return response;
});
