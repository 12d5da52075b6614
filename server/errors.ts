import 'server-only';
import { ApiException } from '@kubernetes/client-node';
import { InvalidNameError } from '@/lib/k8s/names';

/**
 * One error vocabulary for the server (DESIGN house style 6):
 * - ClusterError: the apiserver said no. `reason` is Kubernetes' own StatusReason
 *   (k8s.io/apimachinery/pkg/apis/meta/v1 types.go), so `reason === 'AlreadyExists'` reads as the
 *   apiserver meant it; an admission webhook's denial carries `admission` and is never shown as an
 *   RBAC "forbidden" (they are different problems with different fixes).
 * - Refusal: the console itself says no (a policy, a check, a precondition), with the HTTP status
 *   the route answers and a message for the user; optionally per field.
 * Both have `status` and `userMessage`, safe to show; anything else is logged and shown generically.
 */

/** The StatusReasons the console tells apart; anything else is InternalError. */
export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'BadRequest'
  | 'TooManyRequests'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'InternalError';

export interface StatusCause {
  /** The field the cause is about, as the apiserver names it (e.g. `spec.bmc.address`). */
  field?: string;
  message: string;
}

export class ClusterError extends Error {
  readonly reason: StatusReason;
  readonly status: number;
  readonly userMessage: string;
  readonly causes: StatusCause[];
  /** Set when an admission webhook denied the request: its name (e.g. `baremetalhost.metal3.io`). */
  readonly admission?: { webhook: string };

  constructor(options: { reason: StatusReason; status: number; userMessage: string; causes?: StatusCause[]; admission?: { webhook: string } }) {
    super(options.userMessage);
    this.name = 'ClusterError';
    this.reason = options.reason;
    this.status = options.status;
    this.userMessage = options.userMessage;
    this.causes = options.causes ?? [];
    if (options.admission) this.admission = options.admission;
  }
}

/** The console's own "no": a check or policy failed, or a precondition does not hold. */
export class Refusal extends Error {
  readonly status: number;
  readonly userMessage: string;
  /** Problems by form field (`bmc.address` → message), when the refusal is about fields. */
  readonly fields?: Record<string, string>;
  /** Anything else the browser shows with the refusal (e.g. the steps of a failed create). */
  readonly extra?: Record<string, unknown>;

  constructor(status: number, userMessage: string, options: { fields?: Record<string, string>; extra?: Record<string, unknown> } = {}) {
    super(userMessage);
    this.name = 'Refusal';
    this.status = status;
    this.userMessage = userMessage;
    if (options.fields) this.fields = options.fields;
    if (options.extra) this.extra = options.extra;
  }
}

/** A result that can fail, saying so in its type (never `T | string`). */
export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

interface StatusBody {
  reason?: string;
  message?: string;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

function statusBody(body: unknown): StatusBody {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null ? (value as StatusBody) : {};
}

/**
 * The apiserver says `... is forbidden: User "alice" cannot list resource "baremetalhosts" in API
 * group "metal3.io" in the namespace "x"`; the console says "alice may not list baremetalhosts".
 */
export function forbiddenMessage(apiserverMessage: string): string {
  const match = /User "([^"]+)" cannot (\S+) resource "([^"]+)"/.exec(apiserverMessage);
  if (!match) return apiserverMessage;
  const [, user, verb, resource] = match;
  const namespace = /in the namespace "([^"]+)"/.exec(apiserverMessage)?.[1];
  return `${user} may not ${verb} ${resource}${namespace ? ` in namespace ${namespace}` : ''}.`;
}

/** `admission webhook "name" denied the request: why` (k8s.io/apiserver webhook errors.ToStatusErr). */
const ADMISSION_DENIAL = /^admission webhook "([^"]+)" denied the request(?::\s*([\s\S]*))?$/;
/** A webhook with failurePolicy Fail that did not answer: the apiserver refuses with 500. */
const ADMISSION_UNREACHABLE = /failed calling webhook "([^"]+)"/;

const REASON_BY_CODE: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Gone',
  422: 'Invalid',
  429: 'TooManyRequests',
  502: 'ServiceUnavailable',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

const KNOWN_REASONS = new Set<string>(Object.values(REASON_BY_CODE).concat(['AlreadyExists', 'InternalError']));

/** Maps an apiserver answer that is not 2xx (a Status object in `body`) to a ClusterError. */
export function clusterErrorFromStatus(options: { code: number; body: unknown; context: string }): ClusterError {
  const { reason: rawReason, message, details } = statusBody(options.body);
  const detail = message ?? `${options.context} failed`;
  const causes = (details?.causes ?? []).flatMap((cause) => (cause.message ? [{ ...(cause.field ? { field: cause.field } : {}), message: cause.message }] : []));
  const admission = ADMISSION_DENIAL.exec(detail);
  if (admission && options.code >= 400 && options.code < 500) {
    // An admission webhook's answer: its own words, at the fields it names; never "you may not".
    return new ClusterError({
      reason: rawReason && KNOWN_REASONS.has(rawReason) && rawReason !== 'Forbidden' ? (rawReason as StatusReason) : 'Invalid',
      status: 422,
      userMessage: `Refused by the admission webhook ${admission[1]}: ${admission[2]?.trim() || 'without explanation'}`,
      causes,
      admission: { webhook: admission[1] ?? '' },
    });
  }
  const unreachable = options.code >= 500 ? ADMISSION_UNREACHABLE.exec(detail) : null;
  if (unreachable) {
    return new ClusterError({
      reason: 'ServiceUnavailable',
      status: 503,
      userMessage: `The admission webhook ${unreachable[1]} is not answering, so the cluster accepts no change it checks (is the Bare Metal Operator running?).`,
    });
  }
  const reason: StatusReason | undefined = rawReason && KNOWN_REASONS.has(rawReason) ? (rawReason as StatusReason) : REASON_BY_CODE[options.code];
  switch (reason) {
    case 'Unauthorized':
      return new ClusterError({ reason, status: 401, userMessage: 'Your session is no longer accepted by the cluster. Sign in again.' });
    case 'Forbidden':
      return new ClusterError({ reason, status: 403, userMessage: forbiddenMessage(detail) });
    case 'TooManyRequests':
      // An eviction's 429 names the PodDisruptionBudget only in its causes.
      return new ClusterError({ reason, status: 429, userMessage: [detail, ...causes.map((c) => c.message)].join(' '), causes });
    case 'ServiceUnavailable':
    case 'Timeout':
      return new ClusterError({ reason, status: 503, userMessage: 'The cluster API is not available right now.' });
    case 'NotFound':
    case 'AlreadyExists':
    case 'Conflict':
    case 'Gone':
    case 'Invalid':
    case 'BadRequest':
      return new ClusterError({ reason, status: options.code >= 400 && options.code < 500 ? options.code : 400, userMessage: detail, causes });
    default:
      console.error(`[cluster] ${options.context}: ${options.code}`, detail);
      return new ClusterError({ reason: 'InternalError', status: 500, userMessage: `${options.context} failed. The console's log has the details.` });
  }
}

/** Maps any failure of a cluster call to a ClusterError; unknown ones are logged and shown generically. */
export function toClusterError(error: unknown, context: string): ClusterError {
  if (error instanceof ClusterError) return error;
  if (error instanceof ApiException) return clusterErrorFromStatus({ code: error.code, body: error.body, context });
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'ECONNRESET') {
    return new ClusterError({ reason: 'ServiceUnavailable', status: 503, userMessage: 'The cluster API is not reachable.' });
  }
  console.error(`[cluster] ${context}:`, error);
  return new ClusterError({ reason: 'InternalError', status: 500, userMessage: `${context} failed. The console's log has the details.` });
}

export function isClusterError(error: unknown, reason: StatusReason): error is ClusterError {
  return error instanceof ClusterError && error.reason === reason;
}

/** What a route answers for any thrown error: its status, message and kind; unknown ones are logged. */
export function errorPayload(error: unknown, context: string): { status: number; body: Record<string, unknown> } {
  if (error instanceof Refusal) return { status: error.status, body: { error: error.userMessage, ...(error.fields ? { fields: error.fields } : {}), ...error.extra } };
  if (error instanceof InvalidNameError) return { status: 400, body: { error: error.message, reason: 'BadRequest' } };
  const clusterError = toClusterError(error, context);
  return {
    status: clusterError.status,
    body: {
      error: clusterError.userMessage,
      reason: clusterError.reason,
      ...(clusterError.admission ? { admission: clusterError.admission.webhook } : {}),
      ...(clusterError.causes.length > 0 ? { causes: clusterError.causes } : {}),
    },
  };
}

/** The value, or the user message of the ClusterError or Refusal it failed with (other failures still throw). */
export async function settle<T>(promise: Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (error instanceof ClusterError || error instanceof Refusal) return { ok: false, message: error.userMessage };
    throw error;
  }
}

/** A user message for any error a flow step or intent threw; unexpected ones are logged. */
export function userMessageOf(error: unknown, context: string): string {
  if (error instanceof ClusterError || error instanceof Refusal) return error.userMessage;
  if (error instanceof InvalidNameError) return error.message;
  return toClusterError(error, context).userMessage;
}
