import type { RowVerdict } from './batch';

/**
 * The bulk page's record of what the server said of each row, and the decision of which rows to
 * ask it to dry-run. Pure, so the rule that every passing row ends up with a dry run of its
 * current content is tested on its own (lib/bulk/verdicts.test.ts).
 */

/** The server's verdict on a row, for the content (rowContentKey) it was given. */
export interface ServerVerdict extends RowVerdict {
  key: string;
}

/** A row as sent to the server's check: its id, its content key, and whether the browser's own check passes it. */
export interface SentRow {
  id: string;
  key: string;
  passes: boolean;
}

/**
 * The rows the server is asked to dry-run: every row the browser passes that has no dry run for
 * its current content. A row is asked again when its content changed, and also when it did not
 * but its last check refused it without a dry run (a conflict with another row or the cluster
 * that has since gone away): the server dry-runs only the rows it passes, so an unchanged row
 * would otherwise wait forever.
 */
export function rowsToDryRun(sent: readonly SentRow[], server: ReadonlyMap<string, ServerVerdict>): string[] {
  return sent.filter(({ id, key, passes }) => passes && !hasDryRun(server.get(id), key)).map(({ id }) => id);
}

/** Whether `verdict` holds a dry run of the content `key`. */
export function hasDryRun(verdict: ServerVerdict | undefined, key: string): boolean {
  return verdict?.key === key && verdict.dryRun !== undefined;
}

/**
 * The verdicts after the server's answer to a check of `sent`: each answered row gets the new
 * verdict for the content it was sent with; a row not dry-run this time keeps its earlier dry run
 * when that was of the same content. Rows not answered keep what they had.
 */
export function mergeVerdicts(previous: ReadonlyMap<string, ServerVerdict>, sent: readonly Pick<SentRow, 'id' | 'key'>[], answer: readonly RowVerdict[]): Map<string, ServerVerdict> {
  const next = new Map(previous);
  for (const verdict of answer) {
    const key = sent.find(({ id }) => id === verdict.operationId)?.key ?? '';
    const old = previous.get(verdict.operationId);
    next.set(verdict.operationId, { ...verdict, key, ...(verdict.dryRun || !old || !hasDryRun(old, key) ? {} : { dryRun: old.dryRun }) });
  }
  return next;
}
