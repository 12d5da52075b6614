import 'server-only';
import { KubeConfig } from '@kubernetes/client-node';
import { oidcKubeConfig } from '../auth/oidc-credentials';
import type { Session } from '../auth/session';
import { consoleEnv } from '../env';

let base: KubeConfig | undefined;

/**
 * The console's own kubeconfig: which cluster to reach (and, in kubeconfig mode, as whom), from
 * KUBECONFIG, ~/.kube/config, or the pod's service account.
 */
export function consoleKubeConfig(): KubeConfig {
  if (!base) {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    // client-node's last resort when it finds nothing at all is an unauthenticated localhost:8080.
    if (kc.getCurrentCluster()?.server === 'http://localhost:8080') {
      throw new Error('No kubeconfig found: set KUBECONFIG, provide ~/.kube/config, or run the console in a pod.');
    }
    base = kc;
  }
  return base;
}

/** A KubeConfig for the same cluster that authenticates with `token` only. */
export function tokenKubeConfig(token: string): KubeConfig {
  const cluster = consoleKubeConfig().getCurrentCluster();
  if (!cluster) throw new Error('The console kubeconfig names no current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'session', token }],
    contexts: [{ name: 'session', cluster: cluster.name, user: 'session' }],
    currentContext: 'session',
  });
  return kc;
}

/** Every cluster call runs with the signed-in user's credentials, so Kubernetes RBAC decides. */
export function kubeConfigFor(session: Session): KubeConfig {
  if (session.mode === 'kubeconfig') {
    if (consoleEnv().CONSOLE_AUTH_MODE !== 'kubeconfig') throw new Error('kubeconfig sessions are not accepted in token mode');
    return consoleKubeConfig();
  }
  if (session.mode === 'oidc') {
    const cluster = consoleKubeConfig().getCurrentCluster();
    if (!cluster) throw new Error('The console kubeconfig names no current cluster');
    return oidcKubeConfig(session, cluster);
  }
  if (!session.token) throw new Error('The session carries no token');
  return tokenKubeConfig(session.token);
}
