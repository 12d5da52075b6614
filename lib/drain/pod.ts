import { z } from '@/lib/zod';
import type { DrainPod } from './plan';

/**
 * The fields of a Pod (core/v1, as the apiserver returns it) that kubectl's drain filters read;
 * a LIST can be parsed with it and each item given to drainPodOf.
 */
export const drainablePodSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string(),
    uid: z.string().optional(),
    deletionTimestamp: z.string().nullish(),
    annotations: z.record(z.string(), z.string()).nullish(),
    ownerReferences: z
      .array(z.looseObject({ apiVersion: z.string().optional(), kind: z.string(), name: z.string(), controller: z.boolean().nullish() }))
      .nullish(),
  }),
  spec: z.looseObject({ volumes: z.array(z.looseObject({ emptyDir: z.unknown().optional() })).nullish() }).nullish(),
  status: z.looseObject({ phase: z.string().nullish() }).nullish(),
});

/** The annotation the kubelet puts on the mirror of a static pod (corev1.MirrorPodAnnotationKey). */
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * A Pod as planDrain needs it, read exactly as kubectl reads it (filters.go at v0.35.4):
 * - controller: the first ownerReference with `controller: true` (metav1.GetControllerOf), with
 *   its apiVersion (a DaemonSet is kind DaemonSet of apps/v1 only);
 * - mirror: the annotation is present, whatever its value (an empty value counts);
 * - emptyDir: a volume whose `emptyDir` is set (`null` is Go's nil pointer: no emptyDir);
 * - terminating: `metadata.deletionTimestamp` is set.
 * Throws (zod) if the object is not a Pod with a name and namespace.
 */
export function drainPodOf(raw: unknown): DrainPod {
  const { metadata, spec, status } = drainablePodSchema.parse(raw);
  const controller = metadata.ownerReferences?.find((ref) => ref.controller === true);
  return {
    namespace: metadata.namespace,
    name: metadata.name,
    uid: metadata.uid ?? '',
    phase: status?.phase ?? '',
    ...(controller ? { controller: { kind: controller.kind, name: controller.name, apiVersion: controller.apiVersion ?? '' } } : {}),
    mirror: metadata.annotations != null && Object.hasOwn(metadata.annotations, MIRROR_ANNOTATION),
    usesEmptyDir: (spec?.volumes ?? []).some((v) => v.emptyDir != null),
    terminating: metadata.deletionTimestamp != null,
  };
}
