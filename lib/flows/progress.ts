import { z } from '@/lib/zod';

/**
 * What every long operation (removal, maintenance, BMC change) shows while it runs, shared by the
 * browser and the server's flow engine (server/flows/engine.ts): its steps, each with a state,
 * times and a message, and the status of the whole.
 */

export const STEP_STATES = ['pending', 'running', 'done', 'skipped', 'failed', 'cancelled'] as const;

export const flowStepSchema = z.object({
  id: z.string(),
  label: z.string(),
  state: z.enum(STEP_STATES),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  message: z.string().optional(),
});
export type FlowStep = z.infer<typeof flowStepSchema>;

export const FLOW_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'paused'] as const;

export const flowStatusSchema = z.object({
  status: z.enum(FLOW_STATUSES),
  steps: z.array(flowStepSchema),
  /** Why the flow failed, or why it paused (its user signed out, the console restarted). */
  error: z.string().optional(),
});
export type FlowStatus = z.infer<typeof flowStatusSchema>;

/** What each status reads as. */
export const FLOW_STATUS_TEXT: Record<FlowStatus['status'], string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Stopped by an error',
  cancelled: 'Cancelled',
  paused: 'Paused',
};

/**
 * A flow recorded on the cluster that no flow of this console process runs, but whose heartbeat
 * (server/flows/heartbeat.ts) another replica refreshed `seenSecondsAgo` seconds ago: it is
 * running there, so it is not offered for resuming here.
 */
export const runningElsewhereSchema = z.object({ seenSecondsAgo: z.number().int().nonnegative() });
export type RunningElsewhere = z.infer<typeof runningElsewhereSchema>;

/** "running on another replica of the console (seen 12 s ago)": what pages and refusals say. */
export function runningElsewhereText(elsewhere: RunningElsewhere): string {
  return `running on another replica of the console (seen ${elsewhere.seenSecondsAgo} s ago)`;
}

/** What a page served by a replica that does not run the flow says of its progress. */
export const PROGRESS_ON_RUNNER_TEXT = 'Its progress is shown by the replica running it; reload to reach it.';
