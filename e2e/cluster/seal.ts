import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The console's enrollment proof for a host a test creates as if the console had enrolled it,
 * made by the documented scheme rather than the console's code (server/auth/keys.ts,
 * server/host-seals.ts), so a change of either shows here: HMAC-SHA256 under the key
 * HKDF-SHA256(CONSOLE_SESSION_SECRET, no salt, "bare-metal-console/enrollment-proof", 32 bytes)
 * of `<host uid>\n<operation id>\n<expected node name>\n<Secret uids, comma-separated>`, base64url.
 * `rootSecret` is the CONSOLE_SESSION_SECRET of the console that must verify it.
 */
export function enrollmentProofFor(rootSecret: string, hostUid: string, vouched: { operationId?: string; expectedNodeName?: string; secretUids?: readonly string[] }): string {
  const key = new Uint8Array(hkdfSync('sha256', Buffer.from(rootSecret, 'utf8'), Buffer.alloc(0), 'bare-metal-console/enrollment-proof', 32));
  return createHmac('sha256', key)
    .update([hostUid, vouched.operationId ?? '', vouched.expectedNodeName ?? '', (vouched.secretUids ?? []).join(',')].join('\n'), 'utf8')
    .digest('base64url');
}
