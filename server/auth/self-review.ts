import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { kubeFetch } from '../kube/transport';

const selfSubjectReviewSchema = z.object({
  status: z.object({
    userInfo: z.object({ username: z.string(), groups: z.array(z.string()).default([]) }),
  }),
});

/** Who `kc` authenticates as, according to the cluster (authentication.k8s.io/v1 SelfSubjectReview). */
export async function reviewSelf(kc: KubeConfig): Promise<{ username: string; groups: string[] }> {
  const review = await kubeFetch(kc, {
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    context: 'review who you are',
  });
  return selfSubjectReviewSchema.parse(review).status.userInfo;
}
