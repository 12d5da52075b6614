// The console's production server: what `npm start` runs instead of `next start`, so the console
// itself, not an environment variable, knows which socket it listens on. A plain Node entry point
// (not part of the Next.js bundle), so it does not import 'server-only' as the rest of server/ does.
//
// - Listens on CONSOLE_LISTEN_ADDRESS (default 127.0.0.1) and PORT (default 3000).
// - kubeconfig mode lends the kubeconfig's identity to every visitor: the console refuses to run
//   unless the socket it actually bound is loopback, and refuses every connection whose local or
//   remote address is not loopback (whatever Host or X-Forwarded-* headers say).
// - SIGTERM/SIGINT: stop accepting connections; the app (instrumentation.ts) pauses its flows at a
//   step boundary and ends its streams; then exit.
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hostname = process.env.CONSOLE_LISTEN_ADDRESS || '127.0.0.1';
const port = Number(process.env.PORT || 3000);
const kubeconfigMode = process.env.CONSOLE_AUTH_MODE === 'kubeconfig';

/** 127.0.0.0/8, ::1, and IPv4 loopback as an IPv4-mapped IPv6 address. */
export function isLoopbackAddress(address) {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  if (kubeconfigMode && !(isLoopbackAddress(request.socket.localAddress) && isLoopbackAddress(request.socket.remoteAddress))) {
    response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This console serves only loopback connections in kubeconfig mode.\n');
    return;
  }
  void handle(request, response);
});

server.listen(port, hostname, () => {
  const bound = server.address();
  const address = typeof bound === 'object' && bound ? bound.address : '';
  if (kubeconfigMode && !isLoopbackAddress(address)) {
    console.error(`kubeconfig mode lends the kubeconfig's identity to every visitor: refusing to serve on ${address}. Listen on 127.0.0.1, or use token sign-in.`);
    process.exit(1);
  }
  console.info(`[console] listening on http://${address.includes(':') ? `[${address}]` : address}:${port} (${kubeconfigMode ? 'kubeconfig' : process.env.CONSOLE_AUTH_MODE || 'token'} mode)`);
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.info(`[console] ${signal}: stopping`);
  // The app pauses its flows on the same signal (instrumentation.ts, stopAllFlows): wait for them,
  // so their heartbeats are cleared and another replica may resume them at once.
  server.close(() => {
    void Promise.resolve(globalThis[Symbol.for('bare-metal-console.flows-stopped')])
      .catch(() => undefined)
      .then(() => process.exit(0));
  });
  // Streams are long-lived: the app ends them on the same signal; do not wait for ever.
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
