import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { FlowStatus } from '@/lib/flows/progress';
import { holdForSession } from '../auth/session-resources';
import type { Session } from '../auth/session';
import { userMessageOf } from '../errors';
import { type HeartbeatTarget, startHeartbeat } from './heartbeat';
import { FlowStop } from './wait';

/**
 * The flow engine (DESIGN "flows"): a flow is a list of idempotent steps, each of which finds its
 * position from the cluster, run one after another by whoever started or resumed it, with that
 * user's credentials. Its intent is recorded on the objects it changes (by the intents that start
 * it), so a restarted console or another replica can resume it; here it only runs, reports
 * progress and stops:
 * - `stop('cancelled')` (the user), `'signed out'` (its user's session ended), `'shutting down'`:
 *   the current step's requests and waits are aborted through one AbortController, and nothing
 *   further runs;
 * - before each step, `stillRecorded()` re-reads the intent from the cluster: if someone cancelled
 *   it elsewhere (another replica), the flow stops as "cancelled elsewhere";
 * - while it runs, its heartbeat beside the intent (server/flows/heartbeat.ts) tells the other
 *   replicas it runs here; it is cleared when the flow ends or pauses, so they may resume it at once.
 */

export interface StepResult {
  state: 'done' | 'skipped';
  message: string;
}

export interface FlowStepDefinition {
  id: string;
  label: string;
  run: (signal: AbortSignal) => Promise<StepResult>;
}

/** How long a flow that ended stays visible to late viewers. */
const KEEP_ENDED_MS = 10 * 60_000;

export class Flow<P extends FlowStatus> {
  readonly progress: P;
  private readonly controller = new AbortController();
  private readonly listeners = new Set<(progress: P) => void>();
  private running: Promise<void> | undefined;
  private releaseOwner: () => void = () => {};
  private stopHeartbeat: () => Promise<void> = async () => {};

  constructor(
    readonly key: string,
    private readonly options: {
      progress: Omit<P, 'status' | 'steps'>;
      steps: FlowStepDefinition[];
      /** The session that started or resumed it: its sign-out stops the flow. */
      owner: Session;
      /** False when the intent is no longer recorded (cancelled elsewhere). */
      stillRecorded?: (signal: AbortSignal) => Promise<boolean>;
      /** After the last step, or a stop: e.g. note whether the node is still cordoned. */
      onEnd?: (progress: P) => Promise<void>;
      /** The objects that hold the intent, kept alive with the owner's credentials `kc` while the flow runs. */
      heartbeat?: { kc: KubeConfig; kind: string; targets: HeartbeatTarget[] };
    },
  ) {
    this.progress = {
      ...options.progress,
      status: 'running',
      steps: options.steps.map((step) => ({ id: step.id, label: step.label, state: 'pending' as const })),
    } as P;
  }

  get active(): boolean {
    return this.progress.status === 'running';
  }

  get owner(): string {
    return this.options.owner.username;
  }

  /** Sends the progress now and on every change, until unsubscribed. */
  subscribe(listener: (progress: P) => void): () => void {
    this.listeners.add(listener);
    listener(this.progress);
    return () => this.listeners.delete(listener);
  }

  /** Changes the progress (e.g. a pod's drain state) and sends it. */
  update(mutate: (progress: P) => void): void {
    mutate(this.progress);
    this.publish();
  }

  /** Stops the current step's requests and waits, and runs nothing further. */
  stop(why: FlowStop['why']): void {
    if (!this.controller.signal.aborted) this.controller.abort(new FlowStop(why));
  }

  /** Runs the steps once; later calls return the same run. Resolves when the flow has ended. */
  start(): Promise<void> {
    if (!this.running) {
      this.releaseOwner = holdForSession(this.options.owner, { key: `flow:${this.key}`, phase: 'flow', release: () => this.stop('signed out') });
      const { heartbeat } = this.options;
      if (heartbeat) this.stopHeartbeat = startHeartbeat(heartbeat.kc, { kind: heartbeat.kind, key: this.key, targets: heartbeat.targets }).stop;
      this.running = this.run().finally(() => this.releaseOwner());
    }
    return this.running;
  }

  /** Resolves when the flow has ended (at once if it never started). */
  async ended(): Promise<void> {
    await this.running;
  }

  private publish(): void {
    for (const listener of this.listeners) listener(this.progress);
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    for (const [index, step] of this.options.steps.entries()) {
      const progress = this.progress.steps[index];
      if (!progress) continue;
      try {
        if (signal.aborted) throw signal.reason;
        if (this.options.stillRecorded && !(await this.options.stillRecorded(signal))) throw new FlowStop('cancelled elsewhere');
        Object.assign(progress, { state: 'running', startedAt: new Date().toISOString() });
        this.publish();
        const result = await step.run(signal);
        Object.assign(progress, result, { endedAt: new Date().toISOString() });
        this.publish();
      } catch (error) {
        return this.end(error, index);
      }
    }
    this.progress.status = 'completed';
    await this.finish();
  }

  private async end(error: unknown, index: number): Promise<void> {
    const now = new Date().toISOString();
    if (error instanceof FlowStop) {
      for (const step of this.progress.steps.slice(index)) if (step.state === 'pending' || step.state === 'running') Object.assign(step, { state: 'cancelled', endedAt: now });
      if (error.why === 'cancelled' || error.why === 'cancelled elsewhere') {
        this.progress.status = 'cancelled';
        if (error.why === 'cancelled elsewhere') this.progress.error = 'Cancelled: the recorded intent was cleared, by another console or another user.';
      } else {
        this.progress.status = 'paused';
        this.progress.error =
          error.why === 'signed out'
            ? `Paused: ${this.owner} signed out. It is still recorded on the cluster; resume it to go on.`
            : 'Paused: the console is shutting down. It is still recorded on the cluster; resume it to go on.';
      }
    } else {
      const step = this.progress.steps[index];
      const message = userMessageOf(error, `the step "${step?.label ?? ''}"`);
      if (step) Object.assign(step, { state: 'failed', message, endedAt: now });
      this.progress.status = 'failed';
      this.progress.error = `${step?.label ?? 'A step'} failed: ${message}`;
    }
    await this.finish();
  }

  private async finish(): Promise<void> {
    // Before anything else: another replica may resume a paused or failed flow as soon as it is gone.
    await this.stopHeartbeat();
    try {
      await this.options.onEnd?.(this.progress);
    } catch (error) {
      console.error(`[flow] ${this.key}: after the flow ended`, error);
    }
    this.publish();
  }
}

/** What stopAllFlows needs of any flow, whatever its progress type. */
interface StoppableFlow {
  readonly active: boolean;
  stop(why: FlowStop['why']): void;
  ended(): Promise<void>;
}

const ALL_KEY = Symbol.for('bare-metal-console.flow-registries');

/** Every registry of the process (one per flow kind), on globalThis: route bundles share them. */
function allRegistries(): Map<string, Map<string, StoppableFlow>> {
  const holder = globalThis as typeof globalThis & { [ALL_KEY]?: Map<string, Map<string, StoppableFlow>> };
  holder[ALL_KEY] ??= new Map();
  return holder[ALL_KEY];
}

export interface FlowRegistry<P extends FlowStatus> {
  /** The flow of this key known to this process (running, or ended in the last minutes). */
  known(key: string): Flow<P> | undefined;
  /** Registers and starts a flow; throws when one of the same key is running. */
  run(flow: Flow<P>): Flow<P>;
  /** Calls `listener` with each flow of this key (any key: '*') that starts from now on, until unsubscribed. */
  onRun(key: string, listener: (flow: Flow<P>) => void): () => void;
}

/** The registry of one kind of flow (removal, maintenance, ...), shared by the whole process. */
export function flowRegistry<P extends FlowStatus>(kind: string): FlowRegistry<P> {
  const all = allRegistries();
  const flows = new Map<string, Flow<P>>();
  // A second bundle of the same module finds the first one's flows.
  const existing = all.get(kind) as Map<string, Flow<P>> | undefined;
  const map = existing ?? flows;
  if (!existing) all.set(kind, map);
  const listeners = startListeners<P>(kind);
  return {
    known: (key) => map.get(key),
    onRun(key, listener) {
      const entry = { key, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    run(flow) {
      if (map.get(flow.key)?.active) throw new Error(`a ${kind} flow ${flow.key} is already running`);
      map.set(flow.key, flow);
      for (const { key, listener } of listeners) if (key === flow.key || key === '*') listener(flow);
      void flow.start().then(() => {
        setTimeout(() => {
          if (map.get(flow.key) === flow) map.delete(flow.key);
        }, KEEP_ENDED_MS).unref();
      });
      return flow;
    },
  };
}

const LISTENERS_KEY = Symbol.for('bare-metal-console.flow-start-listeners');

/** Who waits for flows of a kind to start (live topics), shared by every bundle of the process. */
function startListeners<P extends FlowStatus>(kind: string): Set<{ key: string; listener: (flow: Flow<P>) => void }> {
  const holder = globalThis as typeof globalThis & { [LISTENERS_KEY]?: Map<string, Set<{ key: string; listener: (flow: Flow<P>) => void }>> };
  holder[LISTENERS_KEY] ??= new Map();
  let set = holder[LISTENERS_KEY].get(kind);
  if (!set) {
    set = new Set();
    holder[LISTENERS_KEY].set(kind, set);
  }
  return set;
}

/** Where stopAllFlows leaves its promise, for server/launch.mjs to await before the process exits. */
const STOPPED_KEY = Symbol.for('bare-metal-console.flows-stopped');

/**
 * Stops every running flow (SIGTERM): each ends at its current step, its intent still recorded and
 * its heartbeat cleared (so another replica may resume it at once). The promise is also left on
 * globalThis: server/launch.mjs waits for it before it exits.
 */
export async function stopAllFlows(why: FlowStop['why']): Promise<void> {
  const running = [...allRegistries().values()].flatMap((flows) => [...flows.values()]).filter((flow) => flow.active);
  for (const flow of running) flow.stop(why);
  const stopped = Promise.all(running.map((flow) => flow.ended())).then(() => undefined);
  (globalThis as typeof globalThis & { [STOPPED_KEY]?: Promise<void> })[STOPPED_KEY] = stopped;
  await stopped;
}
