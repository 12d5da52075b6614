import { objectOutcomeSchema } from '@/lib/enroll/outcome';
import { flowStatusSchema } from '@/lib/flows/progress';
import { z } from '@/lib/zod';
import { MAX_BATCH_ROWS } from './rows';

/**
 * What the bulk page and the server say to each other, parsed with these schemas on both sides.
 * A batch is identified by a UUID the browser makes (label LABELS.batch on every object); each
 * row by its own submission id (a UUID, the wizard's operation id), so a retried row is
 * recognised by the objects it made.
 */

export const batchIdSchema = z.uuid({ error: 'The batch has no valid id; reload the page.' });

/** One row sent to the server: its id, its number in the table, and the enrollment as hostEnrollmentSchema takes it (checked there, row by row). */
export const batchRowRequestSchema = z.object({
  operationId: z.uuid({ error: 'A row has no valid id; reload the page.' }),
  row: z.number().int().min(1).max(MAX_BATCH_ROWS),
  enrollment: z.unknown(),
});
export type BatchRowRequest = z.infer<typeof batchRowRequestSchema>;

const rows = z
  .array(batchRowRequestSchema)
  .min(1, 'The batch has no rows to create.')
  .max(MAX_BATCH_ROWS, `A batch has at most ${MAX_BATCH_ROWS} hosts.`)
  .refine((list) => new Set(list.map((r) => r.operationId)).size === list.length, 'Two rows have the same id; reload the page.');

/** Create these rows (all of them, or the failed ones again). */
export const batchCreateRequestSchema = z.object({ batchId: batchIdSchema, rows });
export type BatchCreateRequest = z.infer<typeof batchCreateRequestSchema>;

/** Check these rows (schema, across rows, with the cluster) and dry-run the ones named in `dryRun`. */
export const batchCheckRequestSchema = batchCreateRequestSchema.extend({ dryRun: z.array(z.uuid()).max(MAX_BATCH_ROWS) });
export type BatchCheckRequest = z.infer<typeof batchCheckRequestSchema>;

/** The server's verdict on a row: problems by enrollment schema field (none: it passes), and the dry run when asked and it passed. */
export const rowVerdictSchema = z.object({
  operationId: z.string(),
  fields: z.record(z.string(), z.string()),
  dryRun: z.array(objectOutcomeSchema).optional(),
});
export type RowVerdict = z.infer<typeof rowVerdictSchema>;

export const batchCheckResponseSchema = z.object({ rows: z.array(rowVerdictSchema) });

export const BATCH_ROW_STATES = ['waiting', 'creating', 'created', 'failed', 'cancelled'] as const;

/** One row of a create run: waiting for its turn, being created, created, or failed (and undone) with the reason. */
export const batchRunRowSchema = z.object({
  operationId: z.string(),
  row: z.number(),
  name: z.string(),
  state: z.enum(BATCH_ROW_STATES),
  message: z.string().optional(),
  steps: z.array(objectOutcomeSchema).optional(),
});
export type BatchRunRow = z.infer<typeof batchRunRowSchema>;

/** A create run as the flow engine reports it, with every row of the batch sent so far (a retry keeps the others' outcomes). */
export const batchRunSchema = flowStatusSchema.extend({ batchId: z.string(), startedBy: z.string(), rows: z.array(batchRunRowSchema) });
export type BatchRun = z.infer<typeof batchRunSchema>;
