import 'server-only';
import { KubeConfig } from '@kubernetes/client-node';
import { consoleEnv } from '../env';

let kubeconfigIdentity: KubeConfig | undefined;

/**
 * The KubeConfig every cluster call of this request runs with. In `kubeconfig` mode that is the
 * kubeconfig's own identity (KUBECONFIG, ~/.kube/config, or the in-cluster service account).
 */
export function requestKubeConfig(): KubeConfig {
  const env = consoleEnv();
  if (env.CONSOLE_AUTH_MODE !== 'kubeconfig') {
    throw new Error('Token sign-in is not available yet: set CONSOLE_AUTH_MODE=kubeconfig');
  }
  if (!kubeconfigIdentity) {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    kubeconfigIdentity = kc;
  }
  return kubeconfigIdentity;
}
