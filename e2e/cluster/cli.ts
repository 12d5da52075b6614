/** npm run cluster:up [-- --scale N] | cluster:down | cluster:status */
import { down, status, up } from './testbed';

function scaleArgument(argv: string[]): number {
  const index = argv.indexOf('--scale');
  const raw = index >= 0 ? argv[index + 1] : process.env.TESTBED_SCALE;
  const scale = Number(raw ?? 0);
  if (!Number.isInteger(scale) || scale < 0) throw new Error(`--scale takes a whole number, not ${raw}`);
  return scale;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'up':
      await up({ scale: scaleArgument(rest) });
      break;
    case 'down':
      await down();
      break;
    case 'status': {
      const result = await status();
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exitCode = result.running ? 0 : 3;
      break;
    }
    default:
      throw new Error('usage: cli.ts up [--scale N] | down | status');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
