import { sessionRoute } from '@/server/auth/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;

/**
 * The inventory's live stream (Server-Sent Events): a snapshot on connect, then every watch event
 * of the user's hub. EventSource reconnects by itself and gets a fresh snapshot.
 */
export const GET = sessionRoute({ mutating: false, context: 'stream the inventory' }, async ({ request, session }) => {
  const hub = hubFor(session);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      write('retry: 2000\n\n');
      const unsubscribe = hub.subscribe((message) => write(`event: ${message.type}\ndata: ${JSON.stringify(message.data)}\n\n`));
      const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        cleanup = () => {};
      };
      request.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform keeps compression from buffering the stream.
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
});
