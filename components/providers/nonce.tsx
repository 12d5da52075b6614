'use client';

import { type ReactNode, createContext, useContext } from 'react';

const NonceContext = createContext<string | undefined>(undefined);

/** The request's CSP nonce (proxy.ts), for client code that adds its own <style> (CodeMirror). */
export function NonceProvider({ nonce, children }: { nonce: string | undefined; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
