import 'server-only';
import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KindRef } from '@/lib/k8s/kinds';
import { type RunningElsewhere, PROGRESS_ON_RUNNER_TEXT, runningElsewhereText } from '@/lib/flows/progress';
import { flowAliveAnnotation } from '@/lib/metal3/constants';
import { Refusal, isClusterError, userMessageOf } from '../errors';
import { patchObject } from '../kube/objects';

/**
 * A flow's heartbeat (DESIGN "flows"): a flow runs in the process of the replica that started or
 * resumed it, so another replica of the console sees its recorded intent but no flow of its own.
 * While a flow runs, its replica refreshes an annotation beside the intent,
 * `baremetal-console.openshift.io/flow-alive.<kind>: <replica id> <ISO time>`, every
 * HEARTBEAT_PERIOD_MS with the flow owner's credentials, and clears it when the flow ends or
 * pauses. A replica that finds a fresh heartbeat of another replica says the flow runs there and
 * refuses to resume it (it would run twice at once); a stale, absent or malformed one keeps the
 * flow resumable. Anyone who may patch the object can write the annotation: it is parsed strictly
 * and a forged fresh one can only delay a resume, never start or change a flow.
 */

export const HEARTBEAT_PERIOD_MS = 20_000;
/** A heartbeat younger than this (three periods) means another replica runs the flow. */
export const HEARTBEAT_FRESH_MS = 3 * HEARTBEAT_PERIOD_MS;
/** How long one heartbeat write may take before it is given up (the next period tries again). */
const WRITE_TIMEOUT_MS = 10_000;

/** This process among the console's replicas: its host name (the pod's name) and process id. */
export const REPLICA_ID = `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100) || `replica-${process.pid}`;

const HEARTBEAT_PATTERN = /^([A-Za-z0-9][A-Za-z0-9._-]{0,99}) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;

/** The heartbeat this replica writes now: `<replica id> <ISO time>`. */
export function heartbeatValue(now: Date = new Date()): string {
  return `${REPLICA_ID} ${now.toISOString()}`;
}

/** Reads a heartbeat annotation strictly: anything but `<replica id> <ISO time in UTC, ms>` is undefined (absent). */
export function parseHeartbeat(text: unknown): { replica: string; at: number } | undefined {
  if (typeof text !== 'string') return undefined;
  const match = HEARTBEAT_PATTERN.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const at = Date.parse(match[2]);
  // Rejects dates that do not exist (2026-02-31) but match the pattern.
  if (Number.isNaN(at) || new Date(at).toISOString() !== match[2]) return undefined;
  return { replica: match[1], at };
}

/**
 * Whether another replica runs the `kind` flow recorded in `annotations`: its heartbeat is
 * well-formed, not this process's own (a leftover of a flow that ended here) and fresh (younger
 * than HEARTBEAT_FRESH_MS; one dated further ahead than that is not believed). Callers ask only
 * when no flow of the key runs in this process.
 */
export function runningElsewhere(kind: string, annotations: Record<string, string> | null | undefined, now: number = Date.now()): RunningElsewhere | undefined {
  const beat = parseHeartbeat(annotations?.[flowAliveAnnotation(kind)]);
  if (!beat || beat.replica === REPLICA_ID) return undefined;
  const age = now - beat.at;
  if (age >= HEARTBEAT_FRESH_MS || age <= -HEARTBEAT_FRESH_MS) return undefined;
  return { seenSecondsAgo: Math.max(0, Math.round(age / 1000)) };
}

/** Refuses (409, with the reason) to resume a `kind` flow that another replica runs, by its heartbeat in `annotations`. */
export function refuseIfRunningElsewhere(kind: string, annotations: Record<string, string> | null | undefined, what: string): void {
  const elsewhere = runningElsewhere(kind, annotations);
  if (!elsewhere) return;
  throw new Refusal(
    409,
    `${what} is ${runningElsewhereText(elsewhere)}: resuming it here would run it twice at once. ${PROGRESS_ON_RUNNER_TEXT} If that replica stopped, it can be resumed once its heartbeat is ${HEARTBEAT_FRESH_MS / 1000} s old.`,
  );
}

/** An object that holds a flow's intent, pinned by uid: a re-created object of the same name never gets the heartbeat. */
export interface HeartbeatTarget {
  kind: KindRef;
  namespace?: string;
  name: string;
  uid: string;
}

/**
 * Starts the heartbeat of the `kind` flow `key` on `targets`, with `kc` (the flow owner's
 * credentials): written now and every HEARTBEAT_PERIOD_MS, one write at a time. Failures are
 * logged and never fail the flow. `stop()` ends it and clears the annotation (after any write in
 * flight, so none lands after the clear).
 */
export function startHeartbeat(kc: KubeConfig, options: { kind: string; key: string; targets: HeartbeatTarget[] }): { stop: () => Promise<void> } {
  const annotation = flowAliveAnnotation(options.kind);
  const write = async (value: string | null) => {
    await Promise.all(
      options.targets.map(async (target) => {
        try {
          await patchObject(kc, {
            kind: target.kind,
            ...(target.namespace ? { namespace: target.namespace } : {}),
            name: target.name,
            // The uid in a merge patch is a precondition: a re-created object refuses it.
            patch: { type: 'merge', body: { metadata: { uid: target.uid, annotations: { [annotation]: value } } } },
            context: `${value === null ? 'clear' : 'refresh'} the heartbeat of the ${options.kind} on ${target.kind.kind} ${target.name}`,
            signal: AbortSignal.timeout(WRITE_TIMEOUT_MS),
          });
        } catch (error) {
          // Gone (a removal deletes its host and node): nothing to keep alive or clear.
          if (isClusterError(error, 'NotFound')) return;
          console.warn(`[flow] ${options.key}: ${userMessageOf(error, `${value === null ? 'clear' : 'refresh'} the ${options.kind} heartbeat on ${target.kind.kind} ${target.name}`)}`);
        }
      }),
    );
  };
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();
  const beat = () => {
    chain = chain.then(() => (stopped ? undefined : write(heartbeatValue())));
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_PERIOD_MS);
  timer.unref();
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await chain;
      await write(null);
    },
  };
}
