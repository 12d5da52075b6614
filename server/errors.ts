import 'server-only';
import { ApiException } from '@kubernetes/client-node';

/** One error vocabulary for every cluster call; `userMessage` is safe to show. */
export type ClusterErrorKind =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'TooManyRequests'
  | 'Unavailable'
  | 'Unknown';

export class ClusterError extends Error {
  constructor(
    readonly kind: ClusterErrorKind,
    readonly status: number,
    readonly userMessage: string,
  ) {
    super(userMessage);
    this.name = 'ClusterError';
  }
}

interface StatusBody {
  reason?: string;
  message?: string;
  details?: { causes?: { message?: string }[] };
}

function statusBody(body: unknown): StatusBody {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return {};
    }
  }
  return typeof body === 'object' && body !== null ? (body as StatusBody) : {};
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

/** Maps an apiserver answer that is not 2xx (a Status object in `body`) to a ClusterError. */
export function clusterErrorFromStatus(options: { code: number; body: unknown; context: string }): ClusterError {
  const { reason, message, details } = statusBody(options.body);
  const detail = message ?? `${options.context} failed`;
  switch (options.code) {
    case 401:
      return new ClusterError('Unauthorized', 401, 'Your session is no longer accepted by the cluster. Sign in again.');
    case 403:
      return new ClusterError('Forbidden', 403, forbiddenMessage(detail));
    case 404:
      return new ClusterError('NotFound', 404, detail);
    case 409:
      // An AlreadyExists is not a Conflict: one means "it is there", the other "it changed under you".
      return reason === 'AlreadyExists' ? new ClusterError('AlreadyExists', 409, detail) : new ClusterError('Conflict', 409, detail);
    case 422:
      return new ClusterError('Invalid', 422, detail);
    case 429: {
      // An eviction's 429 names the PodDisruptionBudget only in its causes.
      const causes = (details?.causes ?? []).map((cause) => cause.message).filter(Boolean);
      return new ClusterError('TooManyRequests', 429, [detail, ...causes].join(' '));
    }
    case 502:
    case 503:
    case 504:
      return new ClusterError('Unavailable', 503, 'The cluster API is not available right now.');
    default:
      console.error(`[cluster] ${options.context}: ${options.code}`, detail);
      return new ClusterError('Unknown', 500, `${options.context} failed. The console's log has the details.`);
  }
}

/** Maps any failure of a cluster call to a ClusterError; unknown ones are logged and shown generically. */
export function toClusterError(error: unknown, context: string): ClusterError {
  if (error instanceof ClusterError) return error;
  if (error instanceof ApiException) return clusterErrorFromStatus({ code: error.code, body: error.body, context });
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'ECONNRESET') {
    return new ClusterError('Unavailable', 503, 'The cluster API is not reachable.');
  }
  console.error(`[cluster] ${context}:`, error);
  return new ClusterError('Unknown', 500, `${context} failed. The console's log has the details.`);
}

/** The value, or the user message of the ClusterError it failed with (other failures still throw). */
export async function orUserMessage<T>(promise: Promise<T>): Promise<T | string> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ClusterError) return error.userMessage;
    throw error;
  }
}
