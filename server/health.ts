import 'server-only';

/**
 * The probes' route (deploy/: readiness and liveness): answers 200 while the process serves
 * requests, without a session and without asking the cluster, so a slow apiserver never gets every
 * replica restarted at once. 503 once the process is shutting down (SIGTERM), so the Service stops
 * sending it new requests while its flows pause.
 */
export const HEALTH_PATH = '/api/health';

const STOPPING = Symbol.for('bare-metal-console.stopping');

export function markStopping(): void {
  (globalThis as typeof globalThis & { [STOPPING]?: boolean })[STOPPING] = true;
}

export function isStopping(): boolean {
  return (globalThis as typeof globalThis & { [STOPPING]?: boolean })[STOPPING] === true;
}
