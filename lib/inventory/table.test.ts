import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_ROWS, firstScreen, inventoryRowModel } from './first-screen';
import { linkInventory } from './links';
import { DEFAULT_COLUMN_VISIBILITY, DEFAULT_TABLE_STATE, type RowFilter, batchesOf, storedColumnVisibility } from './table';
import { hostView, nodeView } from './test-fixtures';

const BATCH = '2b1c0b1e-5f7a-4a51-9c7e-0d6c8b0f4e21';
const rows = linkInventory(
  [
    hostView('controller1', { state: 'externally provisioned', externallyProvisioned: true, bootMACAddress: '52:54:00:00:01:01', createdAt: '2026-01-01T00:00:00Z' }),
    hostView('openshift-worker-0', { staticIps: ['192.168.111.30'], bootMACAddress: '52:54:00:00:02:00', createdAt: '2026-01-03T00:00:00Z' }),
    hostView('broken', { state: 'registering', operationalStatus: 'error', errorType: 'registration error', createdAt: '2026-01-02T00:00:00Z' }),
    hostView('openshift-worker-3', { staticIps: ['2001:db8::0023'], createdAt: '2026-01-04T00:00:00Z', batch: BATCH }),
  ],
  [nodeView('controller1'), nodeView('app1', { internalIps: ['192.168.111.30'] }), nodeView('stray', { internalIps: ['10.1.1.1'] }), nodeView('v6-only', { internalIps: ['fd00::1:0:0:7'] })],
);

/** The rows the table shows, headless, as the component configures it. */
function names(query: { filter?: RowFilter; batch?: string; search?: string; sort?: string; desc?: boolean }) {
  return inventoryRowModel(rows, {
    ...DEFAULT_TABLE_STATE,
    ...(query.sort ? { sorting: [{ id: query.sort, desc: query.desc ?? false }] } : {}),
    columnFilters: [...(query.filter && query.filter !== 'all' ? [{ id: 'state', value: query.filter }] : []), ...(query.batch ? [{ id: 'host', value: query.batch }] : [])],
    globalFilter: query.search ?? '',
  }).map((r) => r.host?.name ?? `node:${r.node?.name}`);
}

describe('the inventory table model', () => {
  it('sorts by host name, node-only rows last either way', () => {
    expect(names({})).toEqual(['broken', 'controller1', 'openshift-worker-0', 'openshift-worker-3', 'node:stray', 'node:v6-only']);
    expect(names({ sort: 'host', desc: true }).slice(-2).sort()).toEqual(['node:stray', 'node:v6-only']);
  });

  it('filters by state group, including the error group and nodes without a host', () => {
    expect(names({ filter: 'error' })).toEqual(['broken']);
    expect(names({ filter: 'externally provisioned' })).toEqual(['controller1']);
    expect(names({ filter: 'node without host' })).toEqual(['node:stray', 'node:v6-only']);
  });

  it('filters by the batch a host was enrolled in, alone or with the state filter', () => {
    expect(batchesOf(rows)).toEqual([BATCH]);
    expect(names({ batch: BATCH })).toEqual(['openshift-worker-3']);
    expect(names({ batch: BATCH, filter: 'error' })).toEqual([]);
    expect(names({ batch: 'another-batch' })).toEqual([]);
  });

  it('searches by name, IP and MAC in any format', () => {
    expect(names({ search: 'app1' })).toEqual(['openshift-worker-0']);
    expect(names({ search: '192.168.111.30' })).toEqual(['openshift-worker-0']);
    expect(names({ search: '52-54-00-00-01-01' })).toEqual(['controller1']);
    expect(names({ search: '10.1.1' })).toEqual(['node:stray']);
  });

  it.each([
    ['2001:db8::23', 'openshift-worker-3'],
    ['2001:DB8::23', 'openshift-worker-3'],
    ['2001:db8:0:0:0:0:0:23', 'openshift-worker-3'],
    ['db8::23', 'openshift-worker-3'],
    ['FD00:0:0:0:1::7', 'node:v6-only'],
    ['::ffff:192.168.111.30', 'openshift-worker-0'],
  ])('finds an IP by any form of the address: %s', (search, found) => {
    expect(names({ search })).toEqual([found]);
  });

  it('sorts by age, newest first when descending', () => {
    expect(names({ sort: 'age', desc: true }).slice(0, 4)).toEqual(['openshift-worker-3', 'openshift-worker-0', 'broken', 'controller1']);
  });
});

describe('firstScreen', () => {
  it('is the first rows in the table’s first order, each host with the node it links to, however large the inventory', () => {
    const many = linkInventory(
      Array.from({ length: FIRST_SCREEN_ROWS * 3 }, (_, i) => hostView(`host-${String(i).padStart(4, '0')}`, { staticIps: [`10.0.${i >> 8}.${i & 255}`] })),
      Array.from({ length: FIRST_SCREEN_ROWS * 3 }, (_, i) => nodeView(`node-${i}`, { internalIps: [`10.0.${i >> 8}.${i & 255}`] })),
    );
    const screen = firstScreen(many);
    expect(screen.hosts.map((h) => h.name)).toEqual(Array.from({ length: FIRST_SCREEN_ROWS }, (_, i) => `host-${String(i).padStart(4, '0')}`));
    // Linked by IP: the screen carries each row's node, so it draws the same rows as the whole.
    expect(linkInventory(screen.hosts, screen.nodes).map((r) => r.node?.name)).toEqual(Array.from({ length: FIRST_SCREEN_ROWS }, (_, i) => `node-${i}`));
  });
});

describe('firstScreen on a large inventory', () => {
  it('is the whole table model’s first rows: names with numbers, any case, duplicates, node-only rows', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const names = ['worker-', 'Worker-', 'app', 'node-', 'a', 'z'];
    for (let round = 0; round < 20; round++) {
      const hosts = Array.from({ length: 300 }, (_, i) => hostView(`${names[random(names.length)]}${random(30)}`, { uid: `h${round}-${i}` }));
      const nodes = Array.from({ length: 300 }, (_, i) => nodeView(`${names[random(names.length)]}${random(500)}`, { uid: `n${round}-${i}` }));
      const rows = linkInventory(hosts.slice(0, random(300)), nodes);
      const whole = inventoryRowModel(rows, DEFAULT_TABLE_STATE).slice(0, FIRST_SCREEN_ROWS);
      const screen = firstScreen(rows);
      expect(screen.hosts).toEqual(whole.map((row) => row.host).filter((host) => host !== undefined));
      expect(screen.nodes).toEqual(whole.map((row) => row.node).filter((node) => node !== undefined));
    }
  });
});

describe('storedColumnVisibility', () => {
  it('keeps known, hideable columns and falls back to the defaults for the rest', () => {
    expect(storedColumnVisibility(JSON.stringify({ bootMac: true, roles: false, host: false, nonsense: false }))).toEqual({ ...DEFAULT_COLUMN_VISIBILITY, bootMac: true, roles: false });
    expect(storedColumnVisibility('{not json')).toEqual(DEFAULT_COLUMN_VISIBILITY);
    expect(storedColumnVisibility(JSON.stringify({ roles: 'no' }))).toEqual(DEFAULT_COLUMN_VISIBILITY);
    expect(storedColumnVisibility(null)).toEqual(DEFAULT_COLUMN_VISIBILITY);
  });
});
