/**
 * A console process that runs one host removal and prints its progress as JSON lines, so a test
 * can kill it mid-flow (SIGKILL, as a crash would) and check that another process can resume it.
 * Run with `node --conditions=react-server --import tsx` (server modules are server-only), with the
 * same CONSOLE_SESSION_SECRET as the resuming process (the record is sealed with its key).
 * SIGTERM pauses the flow as the console does (stopAllFlows: its heartbeat is cleared), then exits.
 */
import { removalOptionsSchema } from '../../lib/removal/progress';
import { stopAllFlows } from '../../server/flows/engine';
import { startRemoval } from '../../server/removal/intents';
import { InventoryHub } from '../../server/watch/inventory-hub';
import { testSession } from './identities';
import { adminKubeConfig } from './kube';

const [namespace = '', name = '', optionsJson = '{}'] = process.argv.slice(2);
const kc = adminKubeConfig();
const flow = await startRemoval(kc, {
  hub: new InventoryHub(kc),
  host: { namespace, name },
  removal: removalOptionsSchema.parse(JSON.parse(optionsJson)),
  session: testSession({ username: 'removal-process' }),
});
flow.subscribe((progress) => process.stdout.write(`${JSON.stringify(progress)}\n`));
process.once('SIGTERM', () => void stopAllFlows('shutting down'));
await flow.ended();
process.exit(flow.progress.status === 'completed' ? 0 : 1);
