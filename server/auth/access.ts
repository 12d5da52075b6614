import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { kubeFetch } from '../kube/transport';
import { type Session, identityKey } from './session';

export interface AccessQuestion {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

export interface Access {
  allowed: boolean;
  /** Why not, in the console's words: "<user> may not <verb> <resource>". */
  reason?: string;
}

const reviewSchema = z.object({ status: z.object({ allowed: z.boolean() }).loose() });
const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; access: Promise<Access> }>();

/**
 * May the session's user do this (SelfSubjectAccessReview, cached briefly)? Only for showing
 * actions disabled with the reason; the apiserver's answer to the action itself is what counts.
 */
export function accessFor(session: Session, kc: KubeConfig, question: AccessQuestion): Promise<Access> {
  const key = `${identityKey(session)}|${question.verb}|${question.group}|${question.resource}|${question.namespace ?? ''}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.access;
  const access = review(kc, question).then((allowed): Access =>
    allowed
      ? { allowed }
      : { allowed, reason: `${session.username} may not ${question.verb} ${question.resource}${question.namespace ? ` in namespace ${question.namespace}` : ''}.` },
  );
  cache.set(key, { at: Date.now(), access });
  access.catch(() => cache.delete(key));
  return access;
}

async function review(kc: KubeConfig, question: AccessQuestion): Promise<boolean> {
  const answer = await kubeFetch(kc, {
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: question },
    },
    context: 'check your permissions',
  });
  return reviewSchema.parse(answer).status.allowed;
}
