import 'server-only';
import { z } from 'zod';
import { mac, verifyMac } from '../auth/keys';

/**
 * An intent the console records on an object (an annotation) so that a restarted console, or
 * another replica, can resume a flow. Anyone who may patch that object can write the annotation,
 * so an intent is sealed with an HMAC under the console's key (server/auth/keys.ts): only one this
 * console (or a replica sharing CONSOLE_SESSION_SECRET) wrote is ever acted on.
 */

const envelopeSchema = z.object({ v: z.literal(1), body: z.string(), mac: z.string() });

export type OpenedIntent<T> =
  | { state: 'none' }
  | { state: 'verified'; intent: T }
  /** Present but not written by this console (or by one with another key), or not readable: never acted on. */
  | { state: 'unverified'; reason: string };

/**
 * `opened`, read from the object `on`, pinned to it: a sealed intent that names another object
 * (copied from another host, or left by an earlier object of the same name) is unverified, so it
 * is neither acted on nor shown as this object's. `named` gives the object the intent is for
 * (its `host`); `on.uid` is checked when known.
 */
export function pinIntent<T>(opened: OpenedIntent<T>, on: { name: string; uid?: string | undefined }, named: (intent: T) => { name: string; uid: string }): OpenedIntent<T> {
  if (opened.state !== 'verified') return opened;
  const target = named(opened.intent);
  if (target.name === on.name && (on.uid === undefined || target.uid === on.uid)) return opened;
  const whose = target.name === on.name ? `an earlier host named ${target.name}` : `host ${target.name}`;
  return { state: 'unverified', reason: `the record was written for ${whose}, not this one (copied here): it is never acted on` };
}

/** The annotation value for `intent`: `{"v":1,"body":"<json>","mac":"<hmac>"}`. */
export function sealIntent(kind: string, intent: unknown): string {
  const body = JSON.stringify(intent);
  return JSON.stringify({ v: 1, body, mac: mac('intent', `${kind}\n${body}`) });
}

/** Reads an annotation written by sealIntent: verified (and parsed with `schema`), absent, or refused with the reason. */
export function openIntent<T>(kind: string, text: string | undefined, schema: z.ZodType<T>): OpenedIntent<T> {
  if (text === undefined || text === '') return { state: 'none' };
  let envelope;
  try {
    envelope = envelopeSchema.parse(JSON.parse(text));
  } catch {
    return { state: 'unverified', reason: 'the record is not one the console writes' };
  }
  if (!verifyMac('intent', `${kind}\n${envelope.body}`, envelope.mac)) {
    return { state: 'unverified', reason: 'the record was not written by this console (or was changed since)' };
  }
  try {
    return { state: 'verified', intent: schema.parse(JSON.parse(envelope.body)) };
  } catch {
    return { state: 'unverified', reason: 'the record is sealed but does not hold a valid intent' };
  }
}
