import { z } from '@/lib/zod';

/** A core/v1 Event as the console reads it (what `oc describe` lists). */
export const eventSchema = z.looseObject({
  type: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  count: z.number().optional(),
  lastTimestamp: z.string().nullable().optional(),
  eventTime: z.string().nullable().optional(),
  metadata: z.looseObject({ uid: z.string().optional(), creationTimestamp: z.string().optional() }),
});

/** An event as the host page shows it. */
export const eventViewSchema = z.object({ uid: z.string(), type: z.string(), reason: z.string(), message: z.string(), count: z.number(), at: z.string() });
export type EventView = z.infer<typeof eventViewSchema>;

export function toEventView(raw: unknown): EventView {
  const event = eventSchema.parse(raw);
  return {
    uid: event.metadata.uid ?? '',
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    count: event.count ?? 1,
    at: event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? '',
  };
}

/** Newest first. */
export function newestFirst(events: readonly EventView[]): EventView[] {
  return [...events].sort((a, b) => b.at.localeCompare(a.at));
}
