import { type PodDisruptionBudget, covers } from './budgets';
import type { DrainPod } from './plan';

/**
 * Pacing evictions by their PodDisruptionBudgets, from what the budgets' watch says.
 *
 * The Eviction API (k8s.io/kubernetes pkg/registry/core/pod/storage/eviction.go,
 * checkAndDecrement, at v1.35.4) admits an eviction only while the pod's one budget has
 * `status.observedGeneration >= metadata.generation` and `status.disruptionsAllowed > 0`; each
 * admitted eviction decrements disruptionsAllowed and adds the pod's name to
 * `status.disruptedPods` in the same status write, so the budget's watch shows every admitted
 * eviction, in order. The pacer therefore counts, per budget, the evictions it has requested that
 * the budget's status does not show yet, and lets a new one go only while that count is below
 * what the budget allows: never more evictions in flight than the budget allows.
 */

export const budgetKey = (budget: { metadata: { namespace: string; name: string } }) => `${budget.metadata.namespace}/${budget.metadata.name}`;

/**
 * The budget that covers `pod`, from `budgets` (those of its namespace or any): the first whose
 * selector selects its labels. The Eviction API refuses (500) a pod covered by more than one, so
 * the first is as good as any.
 */
export function coveringBudget(pod: Pick<DrainPod, 'namespace' | 'labels'>, budgets: Iterable<PodDisruptionBudget>): PodDisruptionBudget | undefined {
  for (const budget of budgets) if (covers(budget, pod)) return budget;
  return undefined;
}

/** Disruptions a budget allows now, as the Eviction API reads its status (a stale status allows none). */
export function allowedNow(budget: PodDisruptionBudget): number {
  const generation = budget.metadata.generation;
  const observed = budget.status?.observedGeneration;
  if (generation !== undefined && (observed === undefined || observed < generation)) return 0;
  return Math.max(0, budget.status?.disruptionsAllowed ?? 0);
}

interface Pending {
  /** The eviction request is out (no answer yet), or was admitted and the status does not show it yet. */
  state: 'requesting' | 'admitted';
}

/**
 * Per-budget accounting of the evictions one drain has in flight. Feed it every budget the watch
 * reports (`observe`), and tell it about each request (`requesting`) and its answer (`admitted`,
 * `refused`). `mayEvict` says whether one more eviction under a budget fits in what it allows.
 */
export class EvictionPacer {
  private readonly known = new Map<string, PodDisruptionBudget>();
  private readonly pending = new Map<string, Map<string, Pending>>();
  /** Counts every observation; each budget remembers the count at its latest (see `changedSince`). */
  private sequence = 0;
  private readonly lastSeen = new Map<string, number>();

  /**
   * A budget as its watch reports it (ADDED or MODIFIED). `relisted`: it comes from a fresh LIST
   * after the watch broke, so it already shows every eviction admitted before it.
   */
  observe(budget: PodDisruptionBudget, options: { relisted?: boolean } = {}): void {
    const key = budgetKey(budget);
    this.known.set(key, budget);
    this.lastSeen.set(key, ++this.sequence);
    const pending = this.pending.get(key);
    if (!pending) return;
    const disrupted = budget.status?.disruptedPods ?? {};
    for (const [pod, entry] of pending) {
      if (Object.hasOwn(disrupted, pod) || (options.relisted && entry.state === 'admitted')) pending.delete(pod);
    }
  }

  /** The budget was deleted: it no longer limits anything. */
  forget(key: string): void {
    this.known.delete(key);
    this.pending.delete(key);
    this.lastSeen.set(key, ++this.sequence);
  }

  budget(key: string): PodDisruptionBudget | undefined {
    return this.known.get(key);
  }

  budgets(): Iterable<PodDisruptionBudget> {
    return this.known.values();
  }

  /** A mark to compare later observations with (take it before a request). */
  mark(): number {
    return this.sequence;
  }

  /** Whether the budget was observed (or deleted) after `mark`. */
  changedSince(key: string, mark: number): boolean {
    return (this.lastSeen.get(key) ?? 0) > mark;
  }

  /** The evictions under the budget not yet shown by its status (requests out, or admitted but unseen). */
  inFlight(key: string): number {
    return this.pending.get(key)?.size ?? 0;
  }

  /** Whether one more eviction under `key` fits in what the budget allows now (an unknown budget limits nothing). */
  mayEvict(key: string): boolean {
    const budget = this.known.get(key);
    if (!budget) return true;
    return this.inFlight(key) < allowedNow(budget);
  }

  requesting(key: string, pod: string): void {
    let pending = this.pending.get(key);
    if (!pending) this.pending.set(key, (pending = new Map()));
    pending.set(pod, { state: 'requesting' });
  }

  /** The eviction was admitted: it counts until the budget's status shows the pod among its disruptedPods. */
  admitted(key: string, pod: string): void {
    const entry = this.pending.get(key)?.get(pod);
    if (entry) entry.state = 'admitted';
  }

  /** The eviction was refused or failed: it never counted against the budget. */
  refused(key: string, pod: string): void {
    this.pending.get(key)?.delete(pod);
  }
}
