import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { NextResponse } from 'next/server';
import { ClusterError, toClusterError } from '../errors';
import { kubeConfigFor } from '../kube/identity';
import { csrfRefusal, hostRefusal, originRefusal, sessionFromCookies } from './request';
import type { Session } from './session';

export interface RouteContext {
  request: Request;
  session: Session;
  kc: KubeConfig;
}

export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}): NextResponse {
  return NextResponse.json({ error, ...extra }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Turns a thrown ClusterError into the answer the browser sees; anything else is a 500. */
export function errorResponse(error: unknown, context: string): NextResponse {
  const clusterError = error instanceof ClusterError ? error : toClusterError(error, context);
  return jsonError(clusterError.status, clusterError.userMessage, { kind: clusterError.kind });
}

/**
 * Every API route goes through here: no session → 401; a mutating route also needs the console's
 * own Origin and the session's CSRF token; cluster calls run with the user's identity.
 */
export function sessionRoute<P = unknown>(
  options: { mutating: boolean; context: string },
  handler: (ctx: RouteContext, params: P) => Promise<Response>,
) {
  return async (request: Request, segment: { params: Promise<P> }): Promise<Response> => {
    const hostProblem = hostRefusal(request.headers);
    if (hostProblem) return jsonError(403, hostProblem);
    const session = await sessionFromCookies();
    if (!session) return jsonError(401, 'Sign in first.');
    if (options.mutating) {
      const refusal = originRefusal(request.headers) ?? csrfRefusal(request.headers, session);
      if (refusal) return jsonError(403, refusal);
    }
    try {
      return await handler({ request, session, kc: kubeConfigFor(session) }, await segment.params);
    } catch (error) {
      return errorResponse(error, options.context);
    }
  };
}
