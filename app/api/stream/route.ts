import { sessionRoute } from '@/server/route';
import { sseResponse } from '@/server/sse';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/**
 * The inventory's live stream: a snapshot on connect, then every watch event of the user's hub.
 * A reconnecting EventSource gets a fresh snapshot.
 */
export const GET = sessionRoute({ mutating: false, context: 'stream the inventory' }, async ({ request, session }) => {
  const hub = hubFor(session);
  return sseResponse(request, session, (send) => hub.subscribe((message) => send(message.type, message.data)));
});
