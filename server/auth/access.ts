import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { SelfSubjectAccessReviewKind } from '@/lib/k8s/kinds';
import { Refusal } from '../errors';
import { createObject } from '../kube/objects';
import { type Session, identityKey } from './session';

export interface AccessQuestion {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  /** One object's name, where the rule may name objects (resourceNames). */
  name?: string;
  /** A subresource (`approval` of a CSR, `eviction` of a pod). */
  subresource?: string;
}

export interface Access {
  allowed: boolean;
  /** Why not, in the console's words: "<user> may not <verb> <resource>". */
  reason?: string;
}

const reviewSchema = z.object({ status: z.object({ allowed: z.boolean() }).loose() });
const CACHE_MS = 30_000;
/** The cache never holds more than this; expired entries are pruned as new ones arrive. */
const MAX_ENTRIES = 5_000;
const cache = new Map<string, { at: number; access: Promise<Access> }>();

function prune(now: number): void {
  for (const [key, entry] of cache) if (now - entry.at >= CACHE_MS) cache.delete(key);
  // Still full of fresh entries: drop the oldest (a Map iterates in insertion order).
  for (const key of cache.keys()) {
    if (cache.size < MAX_ENTRIES) break;
    cache.delete(key);
  }
}

/**
 * May the session's user do this (SelfSubjectAccessReview, authorization.k8s.io/v1, cached for
 * 30 s)? For showing actions disabled with the reason, and for gating what a user may see of a
 * flow another user runs; the apiserver's answer to the action itself is what counts.
 */
export function accessFor(session: Session, kc: KubeConfig, question: AccessQuestion): Promise<Access> {
  const key = `${identityKey(session)}|${question.verb}|${question.group}|${question.resource}|${question.subresource ?? ''}|${question.namespace ?? ''}|${question.name ?? ''}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.access;
  if (cache.size >= MAX_ENTRIES) prune(now);
  const access = reviewAccess(kc, question).then((allowed): Access => (allowed ? { allowed } : { allowed, reason: refusalReason(session.username, question) }));
  cache.set(key, { at: now, access });
  access.catch(() => cache.delete(key));
  return access;
}

/** "<user> may not <verb> <resource> [<name>] [in namespace <namespace>].", as the console words the apiserver's 403. */
export function refusalReason(username: string, question: AccessQuestion): string {
  return `${username} may not ${question.verb} ${question.resource}${question.subresource ? `/${question.subresource}` : ''}${question.name ? ` ${question.name}` : ''}${question.namespace ? ` in namespace ${question.namespace}` : ''}.`;
}

/** Throws a 403 Refusal with the reason unless every question is allowed. */
export async function requireAccess(session: Session, kc: KubeConfig, questions: AccessQuestion[]): Promise<void> {
  const answers = await Promise.all(questions.map((question) => accessFor(session, kc, question)));
  const refused = answers.find((answer) => !answer.allowed);
  if (refused) throw new Refusal(403, refused.reason ?? 'You may not do this.');
}

/**
 * The apiserver's answer to one SelfSubjectAccessReview with `kc`'s identity, uncached: whether
 * that identity may do this now. Throws a ClusterError when the review itself fails.
 */
export async function reviewAccess(kc: KubeConfig, question: AccessQuestion): Promise<boolean> {
  const answer = await createObject(kc, { kind: SelfSubjectAccessReviewKind, manifest: { spec: { resourceAttributes: question } }, context: 'check your permissions' });
  return reviewSchema.parse(answer).status.allowed;
}
