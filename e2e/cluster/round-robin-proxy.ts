/**
 * A load balancer on loopback for tests, as a Service spreads requests over a Deployment's ready
 * pods: each request goes to the next console in turn; a console that refuses the connection
 * (stopped) is skipped, as a pod that failed its readiness probe is. Plain HTTP; bodies are
 * buffered (they are small), answers streamed (live views are Server-Sent Events). It records
 * which console served what, so a test can tell which replica runs a flow.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  upstream: number;
  method: string;
  path: string;
}

export interface RoundRobinProxy {
  origin: string;
  /** Every request, in order, with the port of the console that answered it. */
  served: Served[];
  close: () => Promise<void>;
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRoundRobinProxy(upstreams: number[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served: Served[] = [];
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer, attempt: number) => {
    const upstream = upstreams[next++ % upstreams.length] ?? 0;
    const req = httpRequest({ host: '127.0.0.1', port: upstream, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      served.push({ upstream, method: incoming.method ?? 'GET', path: incoming.url ?? '' });
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
      outgoing.on('close', () => answer.destroy());
    });
    req.on('error', () => {
      if (!outgoing.headersSent && attempt + 1 < upstreams.length) forward(incoming, outgoing, body, attempt + 1);
      else outgoing.destroy();
    });
    req.end(body);
  };
  const server: Server = createServer((incoming, outgoing) => {
    readBody(incoming).then((body) => forward(incoming, outgoing, body, 0), () => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
