import type * as k8s from '@kubernetes/client-node';
import { ClusterRoleBindingKind, ClusterRoleKind, ServiceAccountKind } from '../../lib/k8s/kinds';
import { type ObjectClient, kubeRequest } from './kube';

/** A bearer token of a ServiceAccount from the TokenRequest API, as `oc create token` gives one. */
export async function serviceAccountToken(
  kc: k8s.KubeConfig,
  options: { namespace: string; name: string; expirationSeconds?: number },
): Promise<string> {
  const review = await kubeRequest<{ status: { token: string } }>(kc, {
    method: 'POST',
    path: `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/serviceaccounts/${encodeURIComponent(options.name)}/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: options.expirationSeconds ?? 3600 } },
  });
  return review.status.token;
}

/**
 * A ServiceAccount bound to a ClusterRole, and a token of it: an existing role by name, or a role of
 * the same name made (again) from `rules`, so tests get exactly the rights they name.
 */
export async function serviceAccountWithRole(
  client: ObjectClient,
  options: { namespace: string; name: string } & ({ clusterRole: string } | { rules: unknown[] }),
): Promise<string> {
  const { namespace, name } = options;
  await client.ensure(ServiceAccountKind, { metadata: { name, namespace } });
  let role: string;
  if ('rules' in options) {
    await client.delete(ClusterRoleKind, name);
    await client.create(ClusterRoleKind, { metadata: { name }, rules: options.rules });
    role = name;
  } else {
    role = options.clusterRole;
  }
  await client.ensure(ClusterRoleBindingKind, {
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  });
  return serviceAccountToken(client.kc, { namespace, name });
}

/** A signed-in session as the console holds one (for calling server intents directly in tests). */
export function testSession(options: { username: string; token?: string; mode?: 'token' | 'kubeconfig' }): import('../../server/auth/session').Session {
  return {
    sid: `test-${options.username.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 14)}`,
    mode: options.mode ?? (options.token ? 'token' : 'kubeconfig'),
    ...(options.token ? { token: options.token } : {}),
    username: options.username,
    groups: ['system:authenticated'],
    csrf: 'test-csrf-token',
    expiresAt: Date.now() + 3600_000,
  };
}
