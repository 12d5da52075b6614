import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { type EnrollmentConflicts, conflictFieldErrors, enrollmentConflicts, enrollmentIps } from '@/lib/enroll/conflicts';
import { type EnrollmentObject, enrollmentObjects, objectLabel } from '@/lib/enroll/manifests';
import { type HostEnrollment, hostEnrollmentSchema } from '@/lib/enroll/schema';
import { fieldErrors } from '@/lib/validation';
import type { EnrollmentOutcome, ObjectOutcome } from '@/lib/enroll/outcome';
import { BareMetalHostKind, resourcePath } from '@/lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { ClusterError } from './errors';
import { deleteOptional, getOptional } from './kube/objects';
import { kubeFetch } from './kube/transport';
import type { InventoryHub } from './watch/inventory-hub';

/** What the wizard posts: the enrollment, and one id per submission so a retry is recognised. */
export const enrollmentRequestSchema = z.object({
  operationId: z.uuid({ error: 'The submission has no valid operation id; reload the page.' }),
  enrollment: hostEnrollmentSchema,
});

const objectMetaSchema = z.looseObject({ metadata: z.looseObject({ annotations: z.record(z.string(), z.string()).optional() }) });

/** Name, MAC and IP collisions with what the identity can see, from its watch cache (no extra LIST). */
export async function findEnrollmentConflicts(
  hub: InventoryHub,
  candidate: { name: string; bootMACAddress?: string; ips: readonly string[] },
): Promise<EnrollmentConflicts> {
  return enrollmentConflicts({ ...candidate, namespace: MACHINE_API_NAMESPACE }, await hub.snapshot());
}

async function readOperationId(kc: KubeConfig, object: EnrollmentObject): Promise<string | undefined> {
  const raw = await kubeFetch(kc, {
    method: 'GET',
    path: resourcePath(object.kind, { namespace: MACHINE_API_NAMESPACE, name: object.name }),
    context: `read ${objectLabel(object)}`,
  });
  return objectMetaSchema.parse(raw).metadata.annotations?.[ANNOTATIONS.operationId];
}

/** Server-side dry run (`dryRun=All`) of every object, each with the apiserver's verdict. */
export async function dryRunEnrollment(kc: KubeConfig, options: { enrollment: HostEnrollment; operationId: string; enrolledBy: string }): Promise<ObjectOutcome[]> {
  const objects = enrollmentObjects(options.enrollment, options);
  return Promise.all(
    objects.map(async (object): Promise<ObjectOutcome> => {
      try {
        await kubeFetch(kc, {
          method: 'POST',
          path: resourcePath(object.kind, { namespace: MACHINE_API_NAMESPACE }),
          query: { dryRun: 'All' },
          body: object.manifest,
          context: `dry-run create ${objectLabel(object)}`,
        });
        return { object: objectLabel(object), outcome: 'accepted' };
      } catch (error) {
        if (error instanceof ClusterError) return { object: objectLabel(object), outcome: 'refused', message: error.userMessage };
        throw error;
      }
    }),
  );
}

/**
 * createHost: the seed's `oc create -f bmh.yaml`, all or nothing. Secrets first, then the host. An
 * object that already exists is settled by reading it: made by this submission (same operation
 * id) counts as done; anything else fails the attempt. On failure, everything this submission
 * made is deleted again and the outcome says which step failed and what was undone.
 */
export async function createHost(
  kc: KubeConfig,
  options: { enrollment: HostEnrollment; operationId: string; enrolledBy: string },
): Promise<EnrollmentOutcome> {
  const objects = enrollmentObjects(options.enrollment, options);
  const made: EnrollmentObject[] = [];
  const steps: ObjectOutcome[] = [];
  for (const object of objects) {
    const label = objectLabel(object);
    try {
      await kubeFetch(kc, {
        method: 'POST',
        path: resourcePath(object.kind, { namespace: MACHINE_API_NAMESPACE }),
        body: object.manifest,
        context: `create ${label}`,
      });
      made.push(object);
      steps.push({ object: label, outcome: 'created' });
    } catch (error) {
      if (!(error instanceof ClusterError)) throw error;
      let failure = error.userMessage;
      if (error.kind === 'AlreadyExists') {
        const owner = await readOperationId(kc, object).catch((readError: unknown) => {
          if (readError instanceof ClusterError) return `unreadable: ${readError.userMessage}`;
          throw readError;
        });
        if (owner === options.operationId) {
          made.push(object);
          steps.push({ object: label, outcome: 'already created by this submission' });
          continue;
        }
        failure = `${label} already exists and was not made by this submission.`;
      }
      steps.push({ object: label, outcome: 'failed', message: failure });
      steps.push(...(await rollBack(kc, made)));
      return { ok: false, status: error.status, error: `Could not create ${label}: ${failure}`, steps };
    }
  }
  return { ok: true, host: { namespace: MACHINE_API_NAMESPACE, name: options.enrollment.name }, steps };
}

async function rollBack(kc: KubeConfig, made: EnrollmentObject[]): Promise<ObjectOutcome[]> {
  const undone: ObjectOutcome[] = [];
  for (const object of [...made].reverse()) {
    const label = objectLabel(object);
    try {
      await deleteOptional(kc, { path: resourcePath(object.kind, { namespace: MACHINE_API_NAMESPACE, name: object.name }), context: `delete ${label}` });
      undone.push({ object: label, outcome: 'deleted again' });
    } catch (error) {
      if (!(error instanceof ClusterError)) throw error;
      undone.push({ object: label, outcome: 'left behind', message: `Delete it by hand: ${error.userMessage}` });
    }
  }
  return undone;
}

/** Whether a host of that name exists, and which submission made it (a retry finds its own). */
async function existingHost(kc: KubeConfig, name: string): Promise<{ exists: false } | { exists: true; operationId?: string }> {
  const host = await getOptional(kc, {
    path: resourcePath(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE, name }),
    schema: objectMetaSchema,
    context: `read host ${name}`,
  });
  return host ? { exists: true, operationId: host.metadata.annotations?.[ANNOTATIONS.operationId] } : { exists: false };
}

export type EnrollmentRequest = z.infer<typeof enrollmentRequestSchema>;

/**
 * The server's own check of a submission (never trust the browser): the shared schema, then the
 * collisions the cluster would only reveal later. Returns the problems by field, or the request.
 */
export async function checkEnrollmentRequest(
  body: unknown,
  options: { kc: KubeConfig; hub: InventoryHub },
): Promise<{ ok: true; request: EnrollmentRequest } | { ok: false; fields: Record<string, string> }> {
  const parsed = enrollmentRequestSchema.safeParse(body);
  if (!parsed.success) {
    const fields = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([field, message]) => [field.replace(/^enrollment\./, ''), message]));
    return { ok: false, fields };
  }
  const { enrollment, operationId } = parsed.data;
  const conflicts = await findEnrollmentConflicts(options.hub, { name: enrollment.name, bootMACAddress: enrollment.bootMACAddress, ips: enrollmentIps(enrollment) });
  if (conflicts.name) {
    const existing = await existingHost(options.kc, enrollment.name);
    // A retry of this very submission finds its own host: that is not a conflict.
    if (!existing.exists || existing.operationId === operationId) delete conflicts.name;
  }
  const fields = conflictFieldErrors(conflicts);
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, request: parsed.data };
}
