import { isDns1123Label } from '@/lib/k8s/names';
import { z } from '@/lib/zod';
import { DAY2_ACTIONS } from './actions';
import { bmcChangeViewSchema, maintenanceViewSchema } from './flows';
import { verdictSchema } from './verdict';

/**
 * The day-2 part of the host page (lib/hosts/page.ts `day2`), sent whole with every change of the
 * host topic: what the viewer's RBAC allows (SelfSubjectAccessReview, per viewer), and the
 * maintenance and BMC change of the host (their progress while a flow runs here), and which
 * actions BMO would honour now, by the same policies the server's intents apply again.
 */
export const accessVerdictSchema = z.object({ allowed: z.boolean(), reason: z.string().optional() });
export type AccessVerdict = z.infer<typeof accessVerdictSchema>;

export const hostDay2Schema = z.object({
  /** Per action: would BMO honour it now (lib/day2/actions.ts policies over lib/day2/facts.ts), or why not; null once the host is gone. */
  verdicts: z.record(z.enum(DAY2_ACTIONS), verdictSchema).nullable(),
  /** Per action: may this viewer do it (RBAC), and if not, why. */
  access: z.record(z.enum(DAY2_ACTIONS), accessVerdictSchema),
  /** May this viewer record Events in the host's namespace (every action is recorded as one)? */
  events: accessVerdictSchema,
  /** May this viewer remove a host here (delete it, cordon and delete its node), and if not, why. */
  remove: accessVerdictSchema,
  maintenance: maintenanceViewSchema,
  bmcChange: bmcChangeViewSchema,
});
export type HostDay2 = z.infer<typeof hostDay2Schema>;

/** What the viewer may do to the hosts of one namespace (the inventory's row menus): hostDay2Schema's RBAC half. */
export const day2AccessSchema = hostDay2Schema.pick({ access: true, events: true, remove: true });
export type Day2Access = z.infer<typeof day2AccessSchema>;

/** The query of GET /api/inventory/access: the namespace whose hosts the menus act on. */
export const day2AccessQuerySchema = z.object({ namespace: z.string().refine(isDns1123Label, 'The namespace is not a valid namespace name.') });

export { blockedReason } from './rules';
