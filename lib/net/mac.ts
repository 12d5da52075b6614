/**
 * MAC addresses as addresses, never as text (SPEC §5: MACs compare case-insensitively).
 *
 * Accepted: the EUI-48 forms Go's `net.ParseMAC` reads (`52:54:00:12:34:56`, `52-54-00-12-34-56`,
 * `5254.0012.3456`) in any case. Canonical: lower-case hex pairs joined by colons, as BMO and
 * Ironic report NICs (`status.hardware.nics[].mac`) and as Go's `HardwareAddr.String()` prints.
 */

const SEPARATED = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i;
const DOTTED = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i;

/** `52:54:00:ab:cd:ef` for any accepted form of that MAC, else undefined. */
export function canonicalMac(text: string): string | undefined {
  const trimmed = text.trim();
  if (!SEPARATED.test(trimmed) && !DOTTED.test(trimmed)) return undefined;
  const hex = trimmed.replace(/[:.-]/g, '').toLowerCase();
  return hex.match(/../g)?.join(':');
}

/** The key to compare MACs by: the canonical MAC, else (not a MAC) the text in lower case. */
export function macKey(text: string): string {
  return canonicalMac(text) ?? text.trim().toLowerCase();
}

/** Whether two texts are the same MAC address; false when either is not one. */
export function sameMac(a: string, b: string): boolean {
  const x = canonicalMac(a);
  return x !== undefined && x === canonicalMac(b);
}
