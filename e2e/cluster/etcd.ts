import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testbedPaths } from './paths';

/** The client URL of the test bed's etcd, from kwokctl's record of the cluster. */
function etcdUrl(): string {
  const config = readFileSync(join(testbedPaths().clusterDir, 'kwok.yaml'), 'utf8');
  const url = /--listen-client-urls=(http:\/\/[^\s"]+)/.exec(config)?.[1];
  if (!url) throw new Error("etcd's client URL is not in kwok.yaml");
  return url;
}

async function etcdCall<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${etcdUrl()}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`etcd ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Compacts etcd up to its current revision (through etcd's JSON gateway), as the apiserver does
 * every 5 minutes: afterwards a watch from an older resourceVersion is answered 410 Gone.
 */
export async function compactEtcd(): Promise<number> {
  const range = await etcdCall<{ header: { revision: string } }>('/v3/kv/range', { key: Buffer.from('/registry').toString('base64') });
  const revision = Number(range.header.revision);
  await etcdCall('/v3/kv/compaction', { revision, physical: true });
  return revision;
}
