import 'server-only';
import { oidcSessionEnded } from './auth/refresh';
import { revocations } from './auth/revocation';
import { holdForSession } from './auth/session-resources';
import type { Session } from './auth/session';
import { jsonText } from './json-text';
import { jsonError } from './route';

const HEARTBEAT_MS = 15_000;
/** How often a stream checks that its session is still valid (it also ends at once on sign-out). */
const SESSION_CHECK_MS = 30_000;
/**
 * Bytes a stream may have queued for a browser that does not read, beyond its largest message (a
 * snapshot of 10,000 hosts is larger than this and is written at once); past it the stream ends
 * and the browser reconnects to a fresh snapshot.
 */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const MAX_STREAMS_PER_SESSION = 12;
const MAX_STREAMS = 2000;

const COUNT_KEY = Symbol.for('bare-metal-console.sse-streams');

function counts(): { total: number; bySession: Map<string, number> } {
  const holder = globalThis as typeof globalThis & { [COUNT_KEY]?: { total: number; bySession: Map<string, number> } };
  holder[COUNT_KEY] ??= { total: 0, bySession: new Map() };
  return holder[COUNT_KEY];
}

let nextId = 0;

/**
 * A Server-Sent Events response for one session: `subscribe` gets a `send` for named events and
 * returns its unsubscribe, called when the browser goes away, when the browser stops reading
 * (backpressure), or when the session ends (event `session`, then the stream closes; the page sends
 * the user to sign in and back). EventSource reconnects by itself otherwise.
 */
export function sseResponse(
  request: Request,
  session: Session,
  subscribe: (send: (event: string, data: unknown) => void) => () => void,
): Response {
  const count = counts();
  const mine = count.bySession.get(session.sid) ?? 0;
  if (mine >= MAX_STREAMS_PER_SESSION || count.total >= MAX_STREAMS) {
    return jsonError(429, 'Too many live views are open; close some tabs.');
  }
  count.total += 1;
  count.bySession.set(session.sid, mine + 1);

  const encoder = new TextEncoder();
  const id = `stream-${++nextId}`;
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
        };
        let largest = 0;
        const write = (chunk: string) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -(MAX_QUEUED_BYTES + largest)) return close();
          const bytes = encoder.encode(chunk);
          largest = Math.max(largest, bytes.byteLength);
          try {
            controller.enqueue(bytes);
          } catch {
            close();
          }
        };
        const endSession = (why: 'signed-out' | 'expired') => {
          write(`event: session\ndata: ${JSON.stringify({ ended: why })}\n\n`);
          close();
        };
        write('retry: 2000\n\n');
        const unsubscribe = subscribe((event, data) => write(`event: ${event}\ndata: ${jsonText(data)}\n\n`));
        const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
        const sessionCheck = setInterval(() => {
          if (revocations().isRevoked(session.sid)) endSession('signed-out');
          else if (session.expiresAt <= Date.now()) endSession('expired');
          // Single sign-on: refreshes the token of a page left open, and ends the stream once the
          // provider ended the session (the page then sends the user to sign in and back).
          else void oidcSessionEnded(session).then((ended) => ended && endSession('expired'), () => undefined);
        }, SESSION_CHECK_MS);
        const unhold = holdForSession(session, { key: id, phase: 'stream', release: () => endSession('signed-out') });
        cleanup = () => {
          clearInterval(heartbeat);
          clearInterval(sessionCheck);
          unsubscribe();
          unhold();
          count.total -= 1;
          const left = (count.bySession.get(session.sid) ?? 1) - 1;
          if (left > 0) count.bySession.set(session.sid, left);
          else count.bySession.delete(session.sid);
          cleanup = () => {};
        };
        request.signal.addEventListener('abort', close);
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform keeps compression from buffering the stream.
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
