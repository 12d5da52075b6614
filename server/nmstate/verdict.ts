import 'server-only';
import { unknownFieldPosition } from '@/lib/nmstate/unknown-field';
import { nmstatectlStatus, runNmstatectlGc } from './nmstatectl';

/** nmstate's answer on one static network config, in the words the wizard shows at the field. */
export interface NmstateVerdict {
  /** Why nmstate refuses the config, or why it could not be asked now; absent when it accepts it or is not installed. */
  problem?: string;
  /** The 1-based line nmstate names, when it names one (for the YAML view). */
  line?: number;
}

/**
 * nmstate's own verdict on a static network config: `nmstatectl gc`, what metal3's image
 * customization runs on the Secret before the host boots (SPEC §5). The console's rules
 * (lib/nmstate) catch most problems first; this catches what they do not model. Without
 * nmstatectl the console's rules stand alone (start-up and the wizard say so: nmstateCheckedBy);
 * a hung nmstatectl is a problem to retry, since enrolling an unchecked config would fail only
 * at boot. Never throws.
 */
export async function nmstateVerdict(document: string): Promise<NmstateVerdict> {
  const verdict = await runNmstatectlGc(document);
  if (verdict.ok || verdict.reason === 'unavailable') return {};
  if (verdict.reason === 'invalid') {
    // nmstate names the interface item for an unknown key inside it: point at the key itself.
    const key = verdict.line ? unknownFieldPosition(document, { line: verdict.line, message: verdict.message }) : undefined;
    const line = key?.line ?? verdict.line;
    const column = key ? key.column : verdict.column;
    const at = line ? `Line ${line}${column ? `, column ${column}` : ''}: ` : '';
    return { problem: `${at}nmstate refuses this config (nmstatectl gc): ${verdict.message}`, ...(line ? { line } : {}) };
  }
  return { problem: `nmstate could not check this config: ${verdict.message} Try again.` };
}

let nmstatectlFound: ReturnType<typeof nmstatectlStatus> | undefined;

/** The nmstatectl this server runs (nmstatectlStatus), looked up once per process. */
export function foundNmstatectl(): ReturnType<typeof nmstatectlStatus> {
  nmstatectlFound ??= nmstatectlStatus();
  return nmstatectlFound;
}

/**
 * Who checks static network configs on this server, in words: `nmstate 2.2.62 accepts the
 * network config (nmstatectl gc, …)` once it has, or why only the console's rules do.
 */
export async function nmstateCheckedBy(): Promise<string> {
  const status = await foundNmstatectl();
  return status.available
    ? `nmstate ${status.version} accepts the network config (nmstatectl gc, as metal3 runs it before the host boots).`
    : `Only the console's rules checked the network config: ${status.message}`;
}
