import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { SelfSubjectReviewKind } from '@/lib/k8s/kinds';
import { createObject } from '../kube/objects';

const selfSubjectReviewSchema = z.object({
  status: z.object({
    userInfo: z.object({ username: z.string(), groups: z.array(z.string()).default([]) }),
  }),
});

/** Who `kc` authenticates as, according to the cluster (authentication.k8s.io/v1 SelfSubjectReview). */
export async function reviewSelf(kc: KubeConfig): Promise<{ username: string; groups: string[] }> {
  const review = await createObject(kc, { kind: SelfSubjectReviewKind, manifest: {}, context: 'review who you are' });
  return selfSubjectReviewSchema.parse(review).status.userInfo;
}
