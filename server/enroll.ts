import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { type EnrollmentConflicts, conflictFieldErrors, enrollmentConflicts, enrollmentIps, joinsAs } from '@/lib/enroll/conflicts';
import { type EnrollmentObject, enrollmentObjects, objectLabel } from '@/lib/enroll/manifests';
import { type HostEnrollment, hostEnrollmentSchema } from '@/lib/enroll/schema';
import { fieldErrors } from '@/lib/validation';
import type { EnrollmentOutcome, ObjectOutcome } from '@/lib/enroll/outcome';
import { BareMetalHostKind, SecretKind } from '@/lib/k8s/kinds';
import { admissionDenialFields, statusCauseFields } from '@/lib/metal3/admission';
import { metadataOnlySchema } from '@/lib/k8s/object-meta';
import { ANNOTATIONS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { type Access, accessFor } from './auth/access';
import type { Session } from './auth/session';
import { ClusterError, Refusal } from './errors';
import { recordConsoleEventOrLog } from './events';
import { recordEnrollmentProof } from './host-seals';
import { createObject, deleteOptional, getObject, getOptional } from './kube/objects';
import type { StreamSnapshot } from '@/lib/inventory/stream';
import { nmstateCheckedBy, nmstateVerdict } from './nmstate/verdict';
import type { InventoryHub } from './watch/inventory-hub';

/** What the wizard posts: the enrollment, and one id per submission so a retry is recognised. */
export const enrollmentRequestSchema = z.object({
  operationId: z.uuid({ error: 'The submission has no valid operation id; reload the page.' }),
  enrollment: hostEnrollmentSchema,
});


/** Name, MAC and IP collisions with what the identity can see, from its watch cache (no extra LIST). */
export async function findEnrollmentConflicts(
  hub: InventoryHub,
  candidate: Omit<Parameters<typeof enrollmentConflicts>[0], 'namespace'>,
): Promise<EnrollmentConflicts> {
  return enrollmentConflicts({ ...candidate, namespace: MACHINE_API_NAMESPACE }, await hub.snapshot());
}

/** The existing object's uid and the submission that made it (its operation id), or why it cannot be read. */
async function readExisting(kc: KubeConfig, object: EnrollmentObject): Promise<{ uid: string; operationId?: string } | { unreadable: string }> {
  try {
    const { metadata } = await getObject(kc, { kind: object.kind, namespace: MACHINE_API_NAMESPACE, name: object.name, schema: metadataOnlySchema });
    const operationId = metadata.annotations?.[ANNOTATIONS.operationId];
    return { uid: metadata.uid, ...(operationId ? { operationId } : {}) };
  } catch (error) {
    if (error instanceof ClusterError) return { unreadable: error.userMessage };
    throw error;
  }
}

/**
 * Whether the user may enroll hosts: create Secrets, then BareMetalHosts, in openshift-machine-api
 * (their own SelfSubjectAccessReviews, cached 30 s). The Secret's answer comes first when it is a
 * refusal, since enrollment creates the Secrets first.
 */
export async function enrollmentAccess(session: Session, kc: KubeConfig): Promise<Access> {
  const [hostAccess, secretAccess] = await Promise.all([
    accessFor(session, kc, { verb: 'create', group: BareMetalHostKind.group, resource: BareMetalHostKind.plural, namespace: MACHINE_API_NAMESPACE }),
    accessFor(session, kc, { verb: 'create', group: SecretKind.group, resource: SecretKind.plural, namespace: MACHINE_API_NAMESPACE }),
  ]);
  return secretAccess.allowed ? hostAccess : secretAccess;
}

/** The BareMetalHost webhook BMO registers (config/base/webhook/manifests.yaml). */
const BMH_WEBHOOK = 'baremetalhost.metal3.io';

/**
 * The enrollment form fields a refusal of one object concerns: BMO's denial read message by
 * message, or the apiserver's field causes (CRD schema, names). Undefined when it names none.
 */
export function refusedFields(object: Pick<EnrollmentObject, 'kind'>, error: ClusterError): Record<string, string> | undefined {
  let fields: Record<string, string> = {};
  if (error.admission?.webhook === BMH_WEBHOOK) {
    // server/errors.ts words an admission denial as this prefix and the webhook's own text.
    const prefix = `Refused by the admission webhook ${BMH_WEBHOOK}: `;
    if (error.userMessage.startsWith(prefix)) fields = admissionDenialFields(error.userMessage.slice(prefix.length));
  } else if (!error.admission && (object.kind === BareMetalHostKind || object.kind === SecretKind)) {
    fields = statusCauseFields(object.kind === SecretKind ? 'Secret' : 'BareMetalHost', error.causes);
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/**
 * Server-side dry run (`dryRun=All`) of every object, each with the apiserver's verdict and, for
 * a refusal, the form fields it concerns. Takes the enrollment as given: the schema is not applied
 * again (a caller may ask the cluster about input the schema would refuse).
 */
export async function dryRunEnrollment(kc: KubeConfig, options: { enrollment: HostEnrollment; operationId: string; enrolledBy: string; batchId?: string }): Promise<ObjectOutcome[]> {
  const objects = enrollmentObjects(options.enrollment, options);
  return Promise.all(
    objects.map(async (object): Promise<ObjectOutcome> => {
      try {
        await createObject(kc, { kind: object.kind, namespace: MACHINE_API_NAMESPACE, manifest: object.manifest, dryRun: true, context: `dry-run create ${objectLabel(object)}` });
        return { object: objectLabel(object), outcome: 'accepted' };
      } catch (error) {
        if (!(error instanceof ClusterError)) throw error;
        const fields = refusedFields(object, error);
        return { object: objectLabel(object), outcome: 'refused', message: error.userMessage, ...(fields ? { fields } : {}) };
      }
    }),
  );
}

/**
 * createHost: the seed's `oc create -f bmh.yaml`, all or nothing. Secrets first, then the host. An
 * object that already exists is settled by reading it: made by this submission (same operation
 * id) counts as done; anything else fails the attempt. On failure, everything this submission
 * made is deleted again and the outcome says which step failed and what was undone. An enrolled
 * host gets an Event naming the user (server/events.ts); a failed one leaves no host to hold one.
 */
export async function createHost(
  kc: KubeConfig,
  options: { enrollment: HostEnrollment; operationId: string; enrolledBy: string; batchId?: string },
): Promise<EnrollmentOutcome> {
  const objects = enrollmentObjects(options.enrollment, options);
  const made: EnrollmentObject[] = [];
  const steps: ObjectOutcome[] = [];
  let hostUid: string | undefined;
  /** The Secrets this submission made, by uid: the enrollment proof vouches for them (the removal deletes only these). */
  const secretUids: string[] = [];
  for (const object of objects) {
    const label = objectLabel(object);
    try {
      const created = metadataOnlySchema.parse(await createObject(kc, { kind: object.kind, namespace: MACHINE_API_NAMESPACE, manifest: object.manifest, context: `create ${label}` }));
      if (object.kind === BareMetalHostKind) hostUid = created.metadata.uid;
      else if (created.metadata.uid) secretUids.push(created.metadata.uid);
      made.push(object);
      steps.push({ object: label, outcome: 'created' });
    } catch (error) {
      if (!(error instanceof ClusterError)) throw error;
      let failure = error.userMessage;
      if (error.reason === 'AlreadyExists') {
        const existing = await readExisting(kc, object);
        if ('uid' in existing && existing.operationId === options.operationId) {
          made.push(object);
          steps.push({ object: label, outcome: 'already created by this submission' });
          if (object.kind === BareMetalHostKind) hostUid = existing.uid;
          else secretUids.push(existing.uid);
          continue;
        }
        failure = `${label} already exists and was not made by this submission.`;
      }
      steps.push({ object: label, outcome: 'failed', message: failure });
      steps.push(...(await rollBack(kc, made)));
      return { ok: false, status: error.status, error: `Could not create ${label}: ${failure}`, steps };
    }
  }
  const proof = hostUid
    ? await recordEnrollmentProof(kc, {
        namespace: MACHINE_API_NAMESPACE,
        name: options.enrollment.name,
        uid: hostUid,
        operationId: options.operationId,
        ...(options.enrollment.expectedNodeName ? { expectedNodeName: options.enrollment.expectedNodeName } : {}),
        secretUids,
      })
    : 'the host has no uid';
  await recordConsoleEventOrLog(kc, {
    host: { namespace: MACHINE_API_NAMESPACE, name: options.enrollment.name, ...(hostUid ? { uid: hostUid } : {}) },
    user: options.enrolledBy,
    action: 'enroll',
    outcome: 'ok',
    message: `Host ${options.enrollment.name} enrolled: ${steps.map((step) => `${step.object} ${step.outcome}`).join(', ')}${options.batchId ? ` (batch ${options.batchId})` : ''}.`,
  });
  return { ok: true, host: { namespace: MACHINE_API_NAMESPACE, name: options.enrollment.name }, steps, ...(proof ? { proofMissing: proof } : {}) };
}

async function rollBack(kc: KubeConfig, made: EnrollmentObject[]): Promise<ObjectOutcome[]> {
  const undone: ObjectOutcome[] = [];
  for (const object of [...made].reverse()) {
    const label = objectLabel(object);
    try {
      await deleteOptional(kc, { kind: object.kind, namespace: MACHINE_API_NAMESPACE, name: object.name, context: `delete ${label}` });
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
  const host = await getOptional(kc, { kind: BareMetalHostKind, namespace: MACHINE_API_NAMESPACE, name, schema: metadataOnlySchema });
  return host ? { exists: true, operationId: host.metadata.annotations?.[ANNOTATIONS.operationId] ?? undefined } : { exists: false };
}

export type EnrollmentRequest = z.infer<typeof enrollmentRequestSchema>;

/**
 * The server's own check of a submission (never trust the browser): the shared schema, then the
 * collisions the cluster would only reveal later. Returns the request, or the problems by field.
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
  const fields = await serverFieldProblems(parsed.data, { kc: options.kc, inventory: await options.hub.snapshot() });
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, request: parsed.data };
}

/**
 * The server's checks beyond the schema, by schema field: what the cluster already holds that this
 * enrollment collides with (name, boot MAC, BMC address, static IPs; from an inventory snapshot of
 * the identity's watch cache), then nmstate's own verdict on a static network config. A retry of
 * the same submission (`operationId`) finds its own host: that is not a conflict. Empty when all pass.
 */
export async function serverFieldProblems(request: EnrollmentRequest, options: { kc: KubeConfig; inventory: StreamSnapshot }): Promise<Record<string, string>> {
  const { enrollment, operationId } = request;
  const joins = joinsAs(enrollment);
  const candidate = { name: enrollment.name, namespace: MACHINE_API_NAMESPACE, bootMACAddress: enrollment.bootMACAddress, bmcAddress: enrollment.bmc.address, ips: enrollmentIps(enrollment), ...(joins ? { joinsAs: joins } : {}) };
  const conflicts = enrollmentConflicts(candidate, options.inventory);
  if (conflicts.name) {
    const existing = await existingHost(options.kc, enrollment.name);
    // A retry of this very submission finds its own host: that is not a conflict.
    if (!existing.exists || existing.operationId === operationId) delete conflicts.name;
  }
  const fields = conflictFieldErrors(conflicts);
  const network = await nmstateProblem(enrollment);
  if (network) fields.networkConfig ??= network;
  return fields;
}

/**
 * Who checked a static network config, for the review (the server's check has passed by then).
 * Undefined for an enrollment without one.
 */
export async function networkCheckedBy(enrollment: HostEnrollment): Promise<string | undefined> {
  return enrollment.kind === 'static' ? nmstateCheckedBy() : undefined;
}

async function nmstateProblem(enrollment: HostEnrollment): Promise<string | undefined> {
  if (enrollment.kind !== 'static' || !enrollment.networkConfig) return undefined;
  return (await nmstateVerdict(enrollment.networkConfig)).problem;
}

/** checkEnrollmentRequest for a route: the request, or a 422 Refusal with the problems by field. */
export async function checkedEnrollmentOrRefuse(body: unknown, options: { kc: KubeConfig; hub: InventoryHub }): Promise<EnrollmentRequest> {
  const checked = await checkEnrollmentRequest(body, options);
  if (!checked.ok) throw new Refusal(422, 'Fix the fields marked below.', { fields: checked.fields });
  return checked.request;
}
