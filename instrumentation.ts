/** Runs once when the console starts: refuse to start with an invalid configuration, then start what runs in the background. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { consoleEnv } = await import('./server/env');
    const { consoleKubeConfig } = await import('./server/kube/identity');
    const env = consoleEnv();
    consoleKubeConfig();
    const { revocations } = await import('./server/auth/revocation');
    if (env.CONSOLE_NAMESPACE) {
      await revocations()
        .start()
        .catch((error: unknown) => console.error(`[session] the shared sign-out list in namespace ${env.CONSOLE_NAMESPACE} cannot be read yet (retrying):`, error));
    } else {
      console.info('[session] sign-outs are revoked in this process only; set CONSOLE_NAMESPACE so every replica refuses a signed-out session');
    }
    const { oidcSettings } = await import('./server/auth/oidc');
    const sso = oidcSettings();
    if (sso) console.info(`[sso] single sign-on with ${sso.providerName} (${sso.issuer.href}, client ${sso.clientId}); redirect URI ${sso.redirectUri}`);
    const { keysAreShared } = await import('./server/auth/keys');
    if (!keysAreShared()) console.info('[session] CONSOLE_SESSION_SECRET is not set: sessions and recorded intents end with this process');
    const { nmstatectlStatus } = await import('./server/nmstate/nmstatectl');
    const nmstate = await nmstatectlStatus();
    if (nmstate.available) console.info(`[nmstate] static network configs are checked by nmstatectl ${nmstate.version} (${nmstate.path}, from ${nmstate.source})`);
    else console.warn(`[nmstate] ${nmstate.message} Static network configs are then checked by the console's own rules only.`);
    const { startAutoApprover } = await import('./server/auto-approve');
    startAutoApprover();
    const { stopAllFlows } = await import('./server/flows/engine');
    // Graceful shutdown: running flows stop at their current step with their intent recorded.
    const { markStopping } = await import('./server/health');
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        markStopping();
        void stopAllFlows('shutting down').catch((error: unknown) => console.error('[flow] stopping flows on shutdown failed', error));
      });
    }
  }
}
