import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { fieldErrors } from '@/lib/validation';
import { csrfRefusal, hostRefusal, originRefusal, sessionFromCookies } from './auth/request';
import type { Session } from './auth/session';
import { Refusal, errorPayload } from './errors';
import { JsonText } from './json-text';
import { kubeConfigFor } from './kube/identity';

/**
 * The one route wrapper (DESIGN house style 12): the session, the Origin and CSRF checks of a
 * mutating route, the body read with a size cap and parsed with the shared schema, the URL's
 * segments checked, and every thrown error mapped to an answer. A route handler is the intent
 * call and nothing else.
 */

/** Bodies larger than this are refused before they are read (an enrollment is well under it). */
const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export interface RouteContext<B> {
  request: Request;
  session: Session;
  kc: KubeConfig;
  body: B;
}

/** A JSON answer the browser never caches; a JsonText is sent as it is. */
export function json(data: unknown, status = 200): NextResponse {
  if (data instanceof JsonText) return new NextResponse(data.text, { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
  return NextResponse.json(data, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** A JSON error answer: `{ error, ...extra }`. */
export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}): NextResponse {
  return json({ error, ...extra }, status);
}

function errorResponse(error: unknown, context: string): NextResponse {
  const { status, body } = errorPayload(error, context);
  return json(body, status);
}

/**
 * The request's JSON body, read no further than `maxBytes` (413 past it); undefined when empty.
 * Throws Refusal.
 */
export async function readJsonBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const tooLarge = `The request is too large: this endpoint takes at most ${Math.floor(maxBytes / 1024)} KiB.`;
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw new Refusal(413, tooLarge);
  if (!request.body) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Refusal(413, tooLarge);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(400, 'The request body is not JSON.');
  }
}

/** Parses with the shared schema; problems come back by field (422). */
export function parseOrRefuse<T>(schema: z.ZodType<T>, value: unknown, message = 'Fix the fields marked below.'): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Refusal(422, message, { fields: fieldErrors(parsed.error) });
  return parsed.data;
}

interface RouteOptions<P, B> {
  mutating: boolean;
  /** Names the operation in generic error messages ("approve a CSR failed"). */
  context: string;
  /** The URL's dynamic segments, checked (names where API paths will be built). */
  params?: z.ZodType<P>;
  /** The body's schema, the same one the browser's form used. */
  body?: z.ZodType<B>;
  bodyMessage?: string;
  maxBodyBytes?: number;
}

/**
 * Every API route that needs a signed-in user: no session → 401; a mutating route also needs the
 * console's own Origin and the session's CSRF token; cluster calls run with the user's identity.
 */
export function sessionRoute<P = Record<string, never>, B = undefined>(
  options: RouteOptions<P, B>,
  handler: (ctx: RouteContext<B>, params: P) => Promise<Response>,
) {
  return async (request: Request, segment: { params: Promise<unknown> }): Promise<Response> => {
    const hostProblem = hostRefusal(request.headers);
    if (hostProblem) return jsonError(403, hostProblem);
    const session = await sessionFromCookies();
    if (!session) return jsonError(401, 'Sign in first.');
    if (options.mutating) {
      const refusal = originRefusal(request.headers) ?? csrfRefusal(request.headers, session);
      if (refusal) return jsonError(403, refusal);
    }
    try {
      const params = options.params ? parseOrRefuse(options.params, await segment.params, 'The address names no valid object.') : ({} as P);
      const body = options.body ? parseOrRefuse(options.body, await readJsonBody(request, options.maxBodyBytes), options.bodyMessage) : (undefined as B);
      return await handler({ request, session, kc: kubeConfigFor(session), body }, params);
    } catch (error) {
      return errorResponse(error, options.context);
    }
  };
}

/** Routes used before sign-in (the sign-in itself): Host and Origin checked, body capped and parsed. */
export function publicRoute<B>(options: { context: string; body: z.ZodType<B>; bodyMessage?: string; maxBodyBytes: number }, handler: (ctx: { request: Request; body: B }) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const refusal = hostRefusal(request.headers) ?? originRefusal(request.headers);
    if (refusal) return jsonError(403, refusal);
    try {
      const body = parseOrRefuse(options.body, (await readJsonBody(request, options.maxBodyBytes)) ?? {}, options.bodyMessage);
      return await handler({ request, body });
    } catch (error) {
      return errorResponse(error, options.context);
    }
  };
}
