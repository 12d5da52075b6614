import { describe, expect, it } from 'vitest';
import { hostView, nodeView } from '@/lib/inventory/test-fixtures';
import { JsonText, jsonText, liveMessageJson, snapshotJson } from './json-text';

describe('snapshotJson', () => {
  it('is the JSON of the snapshot, whatever it holds', () => {
    const hosts = [hostView('a'), hostView('b', { staticIps: ['192.0.2.1'], errorMessage: 'say "no"\n' })];
    const nodes = [nodeView('a')];
    for (const snapshot of [{ hosts, nodes }, { hosts: [], nodes: [] }, { hosts, nodes, partial: { hosts: 5, nodes: 6 } }]) {
      expect(JSON.parse(snapshotJson(snapshot).text)).toEqual(snapshot);
    }
  });

  it('serializes a shared view once: the same object gives the same text after a change elsewhere', () => {
    const host = hostView('a');
    const first = snapshotJson({ hosts: [host], nodes: [] }).text;
    const second = snapshotJson({ hosts: [host, hostView('b')], nodes: [] }).text;
    expect(second.startsWith(first.slice(0, first.indexOf(']')))).toBe(true);
  });

  it('wraps an inventory snapshot as the live message, and other messages as they are', () => {
    const snapshot = { hosts: [hostView('a')], nodes: [nodeView('a')] };
    expect(JSON.parse(liveMessageJson({ topic: 'inventory', event: 'snapshot', data: snapshot }).text)).toEqual({ topic: 'inventory', event: 'snapshot', data: snapshot });
    const health = { topic: 'inventory', event: 'health', data: { hosts: 'live', nodes: 'live' } } as const;
    expect(liveMessageJson(health).text).toBe(JSON.stringify(health));
    expect(jsonText(new JsonText('[1]'))).toBe('[1]');
    expect(jsonText({ a: 1 })).toBe('{"a":1}');
  });
});
