/** Runs once when the console starts: refuse to start with an invalid configuration. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { consoleEnv } = await import('./server/env');
    const { consoleKubeConfig } = await import('./server/kube/identity');
    consoleEnv();
    consoleKubeConfig();
    const { startAutoApprover } = await import('./server/auto-approve');
    startAutoApprover();
  }
}
