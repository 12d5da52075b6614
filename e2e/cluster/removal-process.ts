/**
 * A console process that runs one host removal and prints its progress as JSON lines, so a test
 * can kill it mid-flow (SIGKILL, as a crash would) and check that another process resumes it.
 * Run with `node --conditions=react-server --import tsx` (server modules are server-only).
 */
import { removalOptionsSchema } from '../../lib/removal/progress';
import { startRemoval } from '../../server/removal/flow';
import { InventoryHub } from '../../server/watch/inventory-hub';
import { adminKubeConfig } from './kube';

const [namespace = '', name = '', optionsJson = '{}'] = process.argv.slice(2);
const kc = adminKubeConfig();
const flow = await startRemoval(kc, {
  hub: new InventoryHub(kc),
  host: { namespace, name },
  removal: removalOptionsSchema.parse(JSON.parse(optionsJson)),
  requestedBy: 'removal-process',
});
flow.subscribe((progress) => process.stdout.write(`${JSON.stringify(progress)}\n`));
await flow.running;
process.exit(flow.progress.status === 'completed' ? 0 : 1);
