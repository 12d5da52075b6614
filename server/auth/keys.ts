import 'server-only';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { consoleEnv } from '../env';

/**
 * The console's keys, all derived (HKDF-SHA256, RFC 5869) from CONSOLE_SESSION_SECRET with one
 * label per purpose, so a value sealed for one purpose never verifies for another. Without the
 * secret there is one random root per process: sessions, recorded intents and enrollment proofs
 * then end with the process and are not shared by replicas.
 */

export type KeyPurpose =
  /** Encrypts the session cookie (A256GCM). */
  | 'session'
  /** Authenticates intents the console records on objects (removal, maintenance). */
  | 'intent'
  /** Proves the console enrolled a host: an HMAC of its uid, operation id and expected node name (server/host-seals.ts). */
  | 'enrollment-proof'
  /** Seals the node name the console recorded on a host when it approved that node's client CSR (an HMAC of host uid and node name). */
  | 'node-name'
  /** Encrypts single sign-on round trips in their short-lived cookies: a sign-in in progress (PKCE verifier, state, nonce), a provider logout to do. */
  | 'sign-in-flow';

const ROOT_KEY = Symbol.for('bare-metal-console.root-key');

function rootKey(): Buffer {
  const secret = consoleEnv().CONSOLE_SESSION_SECRET;
  if (secret) return Buffer.from(secret, 'utf8');
  // On globalThis: proxy.ts and the routes are separate bundles with separate module state, and
  // must agree on the key.
  const holder = globalThis as typeof globalThis & { [ROOT_KEY]?: Buffer };
  holder[ROOT_KEY] ??= randomBytes(32);
  return holder[ROOT_KEY];
}

/** Whether keys survive a restart and are shared by replicas (CONSOLE_SESSION_SECRET is set). */
export function keysAreShared(): boolean {
  return Boolean(consoleEnv().CONSOLE_SESSION_SECRET);
}

/** 32 bytes of key material for one purpose. */
export function keyFor(purpose: KeyPurpose): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', rootKey(), Buffer.alloc(0), `bare-metal-console/${purpose}`, 32));
}

/** HMAC-SHA256 of `data` under the purpose's key, base64url. */
export function mac(purpose: KeyPurpose, data: string): string {
  return createHmac('sha256', keyFor(purpose)).update(data, 'utf8').digest('base64url');
}

/** Constant-time check of a MAC made by mac(). */
export function verifyMac(purpose: KeyPurpose, data: string, candidate: string): boolean {
  const expected = Buffer.from(mac(purpose, data));
  const given = Buffer.from(candidate);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
