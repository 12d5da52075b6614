import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // server/ modules import 'server-only', which throws outside React's server environment;
      // its own package maps that environment to this empty module.
      'server-only': `${root}node_modules/server-only/empty.js`,
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'server/**/*.test.ts', 'components/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['node_modules/**'],
          // Each file talks to the one shared local cluster; running them in parallel would make
          // the BMO fixture's shared state (TESTBED.md) race.
          fileParallelism: false,
          // The console's key for sessions and recorded intents, shared with the console processes a
          // test starts (a removal resumed by another process must verify the first one's record).
          env: { CONSOLE_SESSION_SECRET: 'integration-tests-session-secret-not-for-production' },
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
