import type { Day2Action } from '@/lib/day2/rules';

/** The day-2 actions a selection of hosts can take at once (app/api/hosts/bulk/…); their labels are ACTION_LABELS'. */
export const BULK_ACTIONS = ['power-off', 'power-on', 'restart', 'maintenance-start', 'maintenance-end'] as const satisfies readonly Day2Action[];
export type BulkAction = (typeof BULK_ACTIONS)[number];
