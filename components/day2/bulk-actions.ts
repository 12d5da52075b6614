/** The actions a selection of hosts can take at once (app/api/hosts/bulk/…). */
export const BULK_ACTIONS = ['power-off', 'power-on', 'restart', 'maintenance-start', 'maintenance-end'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** What each bulk action's button and confirmation say. */
export const BULK_LABELS: Record<BulkAction, string> = {
  'power-off': 'Power off',
  'power-on': 'Power on',
  restart: 'Restart',
  'maintenance-start': 'Start maintenance',
  'maintenance-end': 'End maintenance',
};
