import { z } from '@/lib/zod';

/**
 * Kubernetes' own object-name rules (k8s.io/apimachinery/pkg/util/validation and
 * pkg/api/validation/path), checked wherever a name becomes part of an API path: a name of `.` or
 * `..` survives encodeURIComponent and is then resolved by URL normalisation, so a Secret named `..`
 * would turn a DELETE of that Secret into one of its namespace.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** How a kind's names are validated by the apiserver. */
export type NameRule =
  /** Most kinds (ValidateObjectMeta with NameIsDNSSubdomain): lowercase DNS-1123 subdomain, ≤ 253. */
  | 'dns1123-subdomain'
  /** Namespaces (ValidateNamespaceName): DNS-1123 label, ≤ 63. */
  | 'dns1123-label'
  /** CSRs, ClusterRoles and their bindings (path.IsValidPathSegmentName): anything but `.`, `..`, `/`, `%`. */
  | 'path-segment';

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** Why `value` is not a valid name under `rule`, in words, or undefined. */
export function nameProblem(value: string, rule: NameRule): string | undefined {
  if (value === '') return 'a name cannot be empty';
  if (value === '.' || value === '..') return `"${value}" may not be used as a name`;
  if (value.includes('/') || value.includes('%')) return 'a name may not contain "/" or "%"';
  if (rule === 'dns1123-label' && !isDns1123Label(value)) {
    return 'a namespace is a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit';
  }
  if (rule === 'dns1123-subdomain' && !isDns1123Subdomain(value)) {
    return 'a name is a DNS-1123 subdomain: at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/**
 * A name (or namespace) that may not go into an API path. It comes from the cluster or the
 * browser, so it is the caller's input that is wrong: routes answer 400 with the message.
 */
export class InvalidNameError extends Error {
  constructor(
    readonly value: string,
    readonly what: string,
    problem: string,
  ) {
    super(`${what} ${JSON.stringify(value.slice(0, 80))} is not valid: ${problem}.`);
    this.name = 'InvalidNameError';
  }
}

/** Returns `value` when it is a valid name under `rule`; throws InvalidNameError otherwise. */
export function checkedName(value: string, options: { rule: NameRule; what: string }): string {
  const problem = nameProblem(value, options.rule);
  if (problem) throw new InvalidNameError(value, options.what, problem);
  return value;
}

/** A namespaced object named in a URL (`/hosts/<namespace>/<name>`), checked before any path is built. */
export const namespacedNameSchema = z.object({
  namespace: z.string().refine(isDns1123Label, 'The namespace is not a valid namespace name.'),
  name: z.string().refine(isDns1123Subdomain, 'The name is not a valid object name.'),
});

/** A cluster-scoped object named in a URL whose kind allows any path segment (a CSR). */
export const pathSegmentNameSchema = z.object({
  name: z.string().refine((value) => nameProblem(value, 'path-segment') === undefined, 'The name is not a valid object name.'),
});
