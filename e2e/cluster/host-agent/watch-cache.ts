import * as k8s from '@kubernetes/client-node';
import { type KubeList, type KubeObject, kubeRequest } from '../kube';

/**
 * A list+watch cache of one collection (client-node's informer), restarted after errors, that
 * calls `onChange` after every event.
 */
export class WatchCache<T extends KubeObject> {
  private readonly informer: k8s.ListWatch<T>;
  private stopped = false;

  constructor(
    kc: k8s.KubeConfig,
    path: string,
    private readonly handlers: { onChange: () => void; onDelete?: (object: T) => void },
  ) {
    const list = () => kubeRequest<KubeList<T>>(kc, { method: 'GET', path }) as Promise<k8s.KubernetesListObject<T>>;
    this.informer = new k8s.ListWatch<T>(path, new k8s.Watch(kc), list, false);
    // 'change' fires after every add, update and delete.
    this.informer.on('change', () => handlers.onChange());
    this.informer.on('delete', (object) => handlers.onDelete?.(object));
    this.informer.on('error', () => {
      if (this.stopped) return;
      setTimeout(() => void this.informer.start().catch(() => undefined), 1000);
    });
  }

  start(): Promise<void> {
    return this.informer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.informer.stop();
  }

  items(): readonly T[] {
    return this.informer.list();
  }

  get(name: string, namespace?: string): T | undefined {
    return this.informer.get(name, namespace);
  }
}
