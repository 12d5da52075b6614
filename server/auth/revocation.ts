import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { ConfigMapKind } from '@/lib/k8s/kinds';
import { isClusterError } from '../errors';
import { consoleEnv } from '../env';
import { consoleKubeConfig } from '../kube/identity';
import { createObject, getOptional, patchObject } from '../kube/objects';
import { WatchedCollection } from '../watch/collection';

/**
 * Sign-out revokes the session's id (`sid`), so its cookie is refused even if it is replayed
 * before it expires. The list is kept in this process and, when CONSOLE_NAMESPACE is set, in one
 * ConfigMap there that every replica watches, so a sign-out on one replica holds on all of them.
 * Entries are kept until the session would have expired anyway, then pruned.
 *
 * The ConfigMap is written and watched with the console's own identity: its ServiceAccount needs
 * get, list, watch, create and patch on ConfigMaps in its own namespace (deploy/ grants exactly
 * that, for this one object). Session ids are random and useless without the sealed cookie.
 */
export const REVOCATION_CONFIGMAP = 'bare-metal-console-revoked-sessions';

const configMapSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  data: z.record(z.string(), z.string()).nullish(),
});

type Listener = (sid: string) => void;

export class RevocationList {
  /** sid → when its session would expire (ms since the epoch). */
  private readonly revoked = new Map<string, number>();
  private readonly listeners = new Set<Listener>();
  private watch: WatchedCollection | undefined;

  constructor(private readonly shared?: { kc: KubeConfig; namespace: string }) {}

  /** Starts following the shared list (no-op without one). Resolves once it has been read. */
  async start(): Promise<void> {
    if (!this.shared || this.watch) return;
    this.watch = new WatchedCollection(this.shared.kc, ConfigMapKind, { namespace: this.shared.namespace, fieldSelector: `metadata.name=${REVOCATION_CONFIGMAP}` });
    this.watch.subscribe((event) => {
      if (event.type === 'ADDED' || event.type === 'MODIFIED') this.absorb(event.object);
      if (event.type === 'RESYNC') for (const object of event.objects) this.absorb(object);
    });
    await this.watch.start();
    for (const object of this.watch.items()) this.absorb(object);
  }

  stop(): void {
    this.watch?.stop();
  }

  isRevoked(sid: string): boolean {
    const until = this.revoked.get(sid);
    if (until === undefined) return false;
    if (until < Date.now()) {
      this.revoked.delete(sid);
      return false;
    }
    return true;
  }

  /** Called with each newly revoked sid, from this process or another replica. */
  onRevoked(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Revokes a session here at once, then in the shared list. A failed shared write is thrown
   * (sign-out says so), but the session is already refused by this process.
   */
  async revoke(sid: string, expiresAt: number): Promise<void> {
    this.add(sid, expiresAt);
    if (!this.shared) return;
    const { kc, namespace } = this.shared;
    const now = Date.now();
    const current = await getOptional(kc, { kind: ConfigMapKind, namespace, name: REVOCATION_CONFIGMAP, schema: configMapSchema });
    const expired = Object.entries(current?.data ?? {}).filter(([, until]) => Date.parse(until) < now).map(([key]) => key);
    const entry = { [sid]: new Date(expiresAt).toISOString() };
    if (!current) {
      try {
        await createObject(kc, { kind: ConfigMapKind, namespace, manifest: { metadata: { name: REVOCATION_CONFIGMAP, namespace }, data: entry } });
        return;
      } catch (error) {
        // Another replica created it first: add to theirs.
        if (!isClusterError(error, 'AlreadyExists')) throw error;
      }
    }
    await patchObject(kc, {
      kind: ConfigMapKind,
      namespace,
      name: REVOCATION_CONFIGMAP,
      patch: { type: 'merge', body: { data: { ...Object.fromEntries(expired.map((key) => [key, null])), ...entry } } },
      context: 'record the sign-out',
    });
  }

  private add(sid: string, expiresAt: number): void {
    if (this.isRevoked(sid)) return;
    this.revoked.set(sid, expiresAt);
    for (const listener of this.listeners) listener(sid);
  }

  private absorb(object: unknown): void {
    const parsed = configMapSchema.safeParse(object);
    if (!parsed.success) return;
    for (const [sid, until] of Object.entries(parsed.data.data ?? {})) {
      const at = Date.parse(until);
      if (Number.isFinite(at) && at > Date.now()) this.add(sid, at);
    }
  }
}

const HOLDER = Symbol.for('bare-metal-console.revocations');

/** The process's revocation list (shared by every route bundle); started from instrumentation.ts. */
export function revocations(): RevocationList {
  const holder = globalThis as typeof globalThis & { [HOLDER]?: RevocationList };
  if (!holder[HOLDER]) {
    const namespace = consoleEnv().CONSOLE_NAMESPACE;
    holder[HOLDER] = new RevocationList(namespace ? { kc: consoleKubeConfig(), namespace } : undefined);
  }
  return holder[HOLDER];
}
