import { csrViewSchema } from '@/lib/csr/view';
import { eventViewSchema } from '@/lib/k8s/event';
import { nodeDetailsSchema } from '@/lib/k8s/node';
import { hostViewSchema, nodeViewSchema } from '@/lib/inventory/views';
import { hostDetailsSchema } from '@/lib/metal3/host-details';
import { recordedRemovalSchema } from '@/lib/removal/progress';
import { hostDay2Schema } from '@/lib/day2/page';
import { z } from '@/lib/zod';

/** A part of a page that could not be read, and why (the rest of the page still shows). */
const unreadable = z.object({ error: z.string() });

/**
 * Everything the host page shows, as one value the server sends whole on every change of the host,
 * its events, its node or its CSRs (topic `host`): no second request, no refresh timer.
 */
export const hostPageSchema = z.object({
  /** The BareMetalHost (credentials by Secret name only), or null once it is gone. */
  host: hostDetailsSchema.nullable(),
  events: z.union([z.array(eventViewSchema), unreadable]),
  /** The host as the inventory links it: its node, how they were linked, or why not. */
  link: z.object({
    host: hostViewSchema.optional(),
    node: nodeViewSchema.optional(),
    rule: z.enum(['recorded', 'ip', 'name']).optional(),
    problem: z.string().optional(),
  }),
  node: z.union([nodeDetailsSchema, unreadable]).nullable(),
  /** The CSRs of the host's node (client and serving), for its timeline. */
  csrs: z.union([z.array(csrViewSchema), unreadable]),
  /** A removal recorded on the host, as the console verified it (a forged record is 'unverified', never shown as a removal). */
  removal: recordedRemovalSchema,
  /** Day-2 actions (SPEC §9): what the viewer may do, and the host's maintenance and BMC change (lib/day2/page.ts). */
  day2: hostDay2Schema,
});
export type HostPage = z.infer<typeof hostPageSchema>;
