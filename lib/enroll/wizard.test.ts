import { describe, expect, it } from 'vitest';
import { validateNmstate } from '@/lib/nmstate/validate';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { DRAFT_STORAGE_KEY, absorbPastedBmcUrl, initialWizardState, networkProblems, restoredWizard, shownProblems, storedWizard, wizardReducer } from './wizard';

const start = () => initialWizardState('openshift-worker-5');

describe('the wizard reducer', () => {
  it('marks the draft dirty on an edit, and forgets the server problem of the edited field only', () => {
    let state = wizardReducer(start(), { type: 'server-fields', fields: { name: 'taken', bootMACAddress: 'used' } });
    state = wizardReducer(state, { type: 'edit', field: 'name', change: (d) => ({ ...d, name: 'openshift-worker-6' }) });
    expect(state.draft.name).toBe('openshift-worker-6');
    expect(state.dirty).toBe(true);
    expect(state.serverFields).toEqual({ bootMACAddress: 'used' });
  });

  it('remembers a field once it is left, once', () => {
    let state = wizardReducer(start(), { type: 'touch', field: 'name' });
    state = wizardReducer(state, { type: 'touch', field: 'name' });
    expect(state.touched).toEqual(['name']);
  });
});

describe('the stored draft', () => {
  it('never holds the BMC password, and comes back over a fresh draft', () => {
    let state = wizardReducer(start(), { type: 'edit', field: 'bmc.password', change: (d) => ({ ...d, bmc: { ...d.bmc, password: 'canary-secret', username: 'root' } }) });
    state = wizardReducer(state, { type: 'operation', operation: { id: '1f6e0c2a-0000-4000-8000-000000000000', key: 'k' } });
    const text = storedWizard(state);
    expect(text).not.toContain('canary-secret');
    const restored = restoredWizard(text, 'openshift-worker-9');
    expect(restored?.draft.bmc).toMatchObject({ username: 'root', password: '' });
    expect(restored?.draft.name).toBe('openshift-worker-5');
    expect(restored?.operation?.id).toBe('1f6e0c2a-0000-4000-8000-000000000000');
    expect(DRAFT_STORAGE_KEY).toMatch(/enrollment-draft/);
  });

  it('ignores what it cannot read', () => {
    expect(restoredWizard(null, 'x')).toBeUndefined();
    expect(restoredWizard('{not json', 'x')).toBeUndefined();
    expect(restoredWizard('{"v":2,"draft":{}}', 'x')).toBeUndefined();
  });
});

describe('a URL pasted into "BMC host and path"', () => {
  const bmc = start().draft.bmc;
  it.each([
    ['https://192.168.111.1:8000/redfish/v1/Systems/1', { driver: 'redfish-virtualmedia', transport: 'https', hostAndPath: '192.168.111.1:8000/redfish/v1/Systems/1' }],
    ['http://10.0.0.9/redfish/v1/Systems/2', { driver: 'redfish-virtualmedia', transport: 'http', hostAndPath: '10.0.0.9/redfish/v1/Systems/2' }],
    ['idrac-virtualmedia+https://bmc.example.com/redfish/v1/Systems/System.Embedded.1', { driver: 'idrac-virtualmedia', transport: 'https', hostAndPath: 'bmc.example.com/redfish/v1/Systems/System.Embedded.1' }],
    ['redfish-virtualmedia://10.0.0.1/x', { driver: 'redfish-virtualmedia', transport: '', hostAndPath: '10.0.0.1/x' }],
  ])('%s sets the driver and transport from its scheme, and keeps the rest', (typed, expected) => {
    expect(absorbPastedBmcUrl(bmc, typed)).toMatchObject(expected);
  });

  it('leaves an unknown scheme in the field, for its message to name', () => {
    expect(absorbPastedBmcUrl(bmc, 'ftp://10.0.0.1/')).toMatchObject({ hostAndPath: 'ftp://10.0.0.1/' });
  });
});

describe('the problems shown, and the summary that lists them', () => {
  const bad = staticNmstateYaml({ ip: '192.168.111.300', prefix: 33, gateway: '10.0.0.1', dns: '192.168.111.1', interfaceName: 'an-interface-name-too-long' });

  it('shows a field’s problem once it is left, network fields included, in the order of the form', () => {
    let state = wizardReducer(start(), { type: 'edit', field: 'networkConfig', change: (d) => ({ ...d, networkConfig: bad }) });
    const network = { ...networkProblems(bad, validateNmstate(bad).issues), conflicts: [] };
    const schemaErrors = { bootMACAddress: 'Enter the boot MAC address.', 'bmc.hostAndPath': 'Enter the BMC host.' };
    expect(shownProblems({ state, schemaErrors, conflictErrors: {}, network })).toEqual([]);

    state = wizardReducer(state, { type: 'touch', field: 'network.interfaces.0.ipv4.address' });
    state = wizardReducer(state, { type: 'touch', field: 'bootMACAddress' });
    expect(shownProblems({ state, schemaErrors, conflictErrors: {}, network }).map((p) => [p.label, p.elementId])).toEqual([
      ['Boot MAC address', 'field-bootMACAddress'],
      ['IPv4 address of an-interface-name-too-long', 'net-if0-ipv4-address'],
    ]);

    state = wizardReducer(state, { type: 'attempt' });
    const all = shownProblems({ state, schemaErrors, conflictErrors: {}, network });
    // The gateway is not judged while its interface's address is broken (one problem at a time there).
    expect(all.map((p) => p.elementId)).toEqual(['field-bootMACAddress', 'field-bmc.hostAndPath', 'net-if0-name', 'net-if0-ipv4-address']);
    expect(new Set(all.map((p) => p.message)).size).toBe(all.length);
  });

  it("shows nmstate's live refusal of the network config at once, as the network config's problem", () => {
    const good = staticNmstateYaml({ ip: '192.168.111.60', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });
    const state = wizardReducer(start(), { type: 'edit', field: 'networkConfig', change: (d) => ({ ...d, networkConfig: good }) });
    const network = { ...networkProblems(good, validateNmstate(good).issues), conflicts: [], nmstate: 'Line 4, column 5: nmstate refuses this config (nmstatectl gc): unknown field `speedd`' };
    expect(shownProblems({ state, schemaErrors: {}, conflictErrors: {}, network })).toEqual([
      { field: 'networkConfig', label: 'Static network (NMState)', elementId: 'network-heading', message: network.nmstate },
    ]);
  });

  it('shows conflicts the server found at once', () => {
    expect(shownProblems({ state: start(), schemaErrors: {}, conflictErrors: { name: 'Host openshift-worker-5 already exists.' } })).toEqual([
      { field: 'name', label: 'Host name', elementId: 'field-name', message: 'Host openshift-worker-5 already exists.' },
    ]);
  });
});
