import { z } from '@/lib/zod';

/** What happened to one object of an enrollment: the dry run's verdict, or a create and its rollback. */
export const objectOutcomeSchema = z.object({
  object: z.string(),
  outcome: z.enum(['accepted', 'refused', 'created', 'already created by this submission', 'failed', 'deleted again', 'left behind']),
  message: z.string().optional(),
  /**
   * For a refused object: the refusal's messages by enrollment form field (`bmc.address`,
   * `bootMode`, `name`, ...), from BMO's admission webhook or the apiserver's field causes
   * (lib/metal3/admission.ts). Absent when the refusal names no field of the form.
   */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ObjectOutcome = z.infer<typeof objectOutcomeSchema>;

export const enrollmentOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    host: z.object({ namespace: z.string(), name: z.string() }),
    steps: z.array(objectOutcomeSchema),
    /** Why the console could not record its enrollment proof (the host is enrolled, but never approved automatically). */
    proofMissing: z.string().optional(),
  }),
  z.object({ ok: z.literal(false), status: z.number(), error: z.string(), steps: z.array(objectOutcomeSchema) }),
]);
export type EnrollmentOutcome = z.infer<typeof enrollmentOutcomeSchema>;
