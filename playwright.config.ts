import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
// The test server's secret, made once in the runner: workers inherit it, so tests can make what the
// server verifies (an enrollment proof, e2e/cluster/seal.ts) for hosts they create with the API.
process.env.E2E_CONSOLE_SESSION_SECRET ??= `e2e-${Date.now()}-session-secret-of-the-test-server`;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  forbidOnly: !!process.env.CI,
  // Tests wait on the real BMO walking hosts through their states.
  timeout: 180_000,
  retries: process.env.CI ? 1 : 0,
  // One shared cluster and one console: specs that change the cluster must not race.
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'on-first-retry',
    launchOptions: {
      // Chromium from the system (Debian), never a downloaded browser.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // The built app, as an administrator would run it; KUBECONFIG comes from with-cluster.ts.
    command: `npx next build && node server/launch.mjs`,
    url: `${baseURL}/sign-in`,
    // next build of every page takes 3 to 4 minutes on 2 idle cores, and over twice that beside the running test bed and other work.
    timeout: 900_000,
    reuseExistingServer: !process.env.CI,
    // Token sign-in, as a production console runs; the secret is only for this test server.
    env: {
      CONSOLE_AUTH_MODE: 'token',
      CONSOLE_SESSION_SECRET: process.env.E2E_CONSOLE_SESSION_SECRET,
      CONSOLE_LISTEN_ADDRESS: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
