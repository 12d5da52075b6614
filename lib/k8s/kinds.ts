import { type NameRule, checkedName } from './names';

/**
 * Kinds are data, not classes: one constant per resource kind, and generic helpers (in server/
 * and the test bed) build API paths from them.
 */
export interface KindRef {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** How the apiserver validates this kind's names; dns1123-subdomain when absent. */
  nameRule?: NameRule;
}

export const BareMetalHostKind = {
  group: 'metal3.io',
  version: 'v1alpha1',
  plural: 'baremetalhosts',
  kind: 'BareMetalHost',
  namespaced: true,
} as const satisfies KindRef;

export const ProvisioningKind = {
  group: 'metal3.io',
  version: 'v1alpha1',
  plural: 'provisionings',
  kind: 'Provisioning',
  namespaced: false,
} as const satisfies KindRef;

export const NodeKind = { group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false } as const satisfies KindRef;

export const SecretKind = { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true } as const satisfies KindRef;

export const ConfigMapKind = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true } as const satisfies KindRef;

export const EventKind = { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true } as const satisfies KindRef;

export const NamespaceKind = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, nameRule: 'dns1123-label' } as const satisfies KindRef;

export const ServiceAccountKind = { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true } as const satisfies KindRef;

export const ClusterRoleKind = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  plural: 'clusterroles',
  kind: 'ClusterRole',
  namespaced: false,
  nameRule: 'path-segment',
} as const satisfies KindRef;

export const ClusterRoleBindingKind = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  plural: 'clusterrolebindings',
  kind: 'ClusterRoleBinding',
  namespaced: false,
  nameRule: 'path-segment',
} as const satisfies KindRef;

export const RoleKind = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role', namespaced: true, nameRule: 'path-segment' } as const satisfies KindRef;

export const RoleBindingKind = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true, nameRule: 'path-segment' } as const satisfies KindRef;

export const PodDisruptionBudgetKind = {
  group: 'policy',
  version: 'v1',
  plural: 'poddisruptionbudgets',
  kind: 'PodDisruptionBudget',
  namespaced: true,
} as const satisfies KindRef;

export const PodKind = { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true } as const satisfies KindRef;

export const CertificateSigningRequestKind = {
  group: 'certificates.k8s.io',
  version: 'v1',
  plural: 'certificatesigningrequests',
  kind: 'CertificateSigningRequest',
  namespaced: false,
  nameRule: 'path-segment',
} as const satisfies KindRef;

export const DeploymentKind = {
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  kind: 'Deployment',
  namespaced: true,
} as const satisfies KindRef;

export const DaemonSetKind = {
  group: 'apps',
  version: 'v1',
  plural: 'daemonsets',
  kind: 'DaemonSet',
  namespaced: true,
} as const satisfies KindRef;

export const CustomResourceDefinitionKind = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  plural: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
  namespaced: false,
} as const satisfies KindRef;

/** Asks "may I?" (authorization.k8s.io/v1); created, never stored. */
export const SelfSubjectAccessReviewKind = {
  group: 'authorization.k8s.io',
  version: 'v1',
  plural: 'selfsubjectaccessreviews',
  kind: 'SelfSubjectAccessReview',
  namespaced: false,
} as const satisfies KindRef;

/** Asks "who am I?" (authentication.k8s.io/v1); created, never stored. */
export const SelfSubjectReviewKind = {
  group: 'authentication.k8s.io',
  version: 'v1',
  plural: 'selfsubjectreviews',
  kind: 'SelfSubjectReview',
  namespaced: false,
} as const satisfies KindRef;

export function apiVersionOf(kind: KindRef): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/**
 * The REST path of a collection or of one object of `kind`. The namespace and name are checked
 * against Kubernetes' own rules first (lib/k8s/names.ts): a name read from the cluster or sent by
 * the browser never reaches a path unchecked. Throws InvalidNameError.
 */
export function resourcePath(kind: KindRef, options: { namespace?: string; name?: string } = {}): string {
  const prefix = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
  if (kind.namespaced && !options.namespace && options.name) {
    throw new Error(`${kind.kind} is namespaced: a namespace is needed to name one`);
  }
  const namespace = kind.namespaced && options.namespace ? checkedName(options.namespace, { rule: 'dns1123-label', what: 'Namespace' }) : undefined;
  const name = options.name === undefined ? undefined : checkedName(options.name, { rule: kind.nameRule ?? 'dns1123-subdomain', what: `${kind.kind} name` });
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${ns}/${kind.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}
