import { describe, expect, it } from 'vitest';
import { BMC_DRIVERS, type BmcDriver, bmcAddressMessage, bmoHostnameValid, driverOfScheme, parseBmcAddress } from './bmc';

const DRIVERS = Object.keys(BMC_DRIVERS) as BmcDriver[];

describe("BMO's driver registry (hardwareutils v0.9.0 RegisterFactory)", () => {
  /** Each driver's `schemes` argument, read from its file in hardwareutils v0.9.0 bmc/. */
  const SCHEMES: Record<BmcDriver, string[]> = {
    ipmi: [],
    libvirt: [],
    irmc: [],
    ilo4: ['https'],
    'ilo4-virtualmedia': ['https'],
    ilo5: ['https'],
    redfish: ['http', 'https'],
    'ilo5-redfish': ['http', 'https'],
    'idrac-redfish': ['http', 'https'],
    'redfish-virtualmedia': ['http', 'https'],
    'ilo5-virtualmedia': ['http', 'https'],
    'idrac-virtualmedia': ['http', 'https'],
    'redfish-uefihttp': ['http', 'https'],
  };

  it.each(DRIVERS)('%s: the bare name, and +http/+https exactly where it registered them', (driver) => {
    expect(driverOfScheme(driver)).toEqual({ driver });
    for (const transport of ['http', 'https'] as const) {
      expect(driverOfScheme(`${driver}+${transport}`)).toEqual(SCHEMES[driver].includes(transport) ? { driver, transport } : undefined);
    }
  });

  it('knows no idrac, no double suffix, no other name', () => {
    for (const scheme of ['idrac', 'idrac+https', 'redfish+https+http', 'redfish+', 'foo', '', 'ipmi+ipmi']) expect(driverOfScheme(scheme)).toBeUndefined();
  });

  it('capabilities as each driver answers them: MAC needed, secure boot, virtual media (no provisioning network)', () => {
    const table = Object.fromEntries(DRIVERS.map((d) => [d, [BMC_DRIVERS[d].needsMAC, BMC_DRIVERS[d].supportsSecureBoot, BMC_DRIVERS[d].virtualMedia]]));
    expect(table).toEqual({
      'redfish-virtualmedia': [true, true, true],
      'idrac-virtualmedia': [true, true, true],
      'ilo5-virtualmedia': [true, true, true],
      'ilo4-virtualmedia': [true, true, true],
      'redfish-uefihttp': [true, true, true],
      ipmi: [false, false, false],
      redfish: [true, true, false],
      'idrac-redfish': [true, true, false],
      'ilo5-redfish': [true, true, false],
      irmc: [true, true, false],
      ilo4: [true, true, false],
      ilo5: [true, true, false],
      libvirt: [true, false, false],
    });
  });

  it('marks the drivers real BMO v0.13.2 no longer has', () => {
    expect(DRIVERS.filter((d) => 'removedUpstream' in BMC_DRIVERS[d])).toEqual(['ilo4-virtualmedia', 'irmc', 'ilo4', 'ilo5']);
  });
});

describe('parseBmcAddress: what BMO accepts, read as it reads it', () => {
  it.each([
    ['redfish-virtualmedia://192.168.111.1/redfish/v1/Systems/1', { scheme: 'redfish-virtualmedia', driver: 'redfish-virtualmedia', hostname: '192.168.111.1', port: '', path: '/redfish/v1/Systems/1' }],
    ['redfish-virtualmedia+https://bmc.example.com:8443/redfish/v1/Systems/abc', { scheme: 'redfish-virtualmedia+https', driver: 'redfish-virtualmedia', transport: 'https', hostname: 'bmc.example.com', port: '8443', path: '/redfish/v1/Systems/abc' }],
    ['idrac-virtualmedia://[fd00::10]/redfish/v1/Systems/System.Embedded.1', { scheme: 'idrac-virtualmedia', driver: 'idrac-virtualmedia', hostname: 'fd00::10', port: '', path: '/redfish/v1/Systems/System.Embedded.1' }],
    ['ilo4-virtualmedia+https://10.0.0.4', { scheme: 'ilo4-virtualmedia+https', driver: 'ilo4-virtualmedia', transport: 'https', hostname: '10.0.0.4', port: '', path: '' }],
    ['ilo5+https://10.0.0.5', { scheme: 'ilo5+https', driver: 'ilo5', transport: 'https', hostname: '10.0.0.5', port: '', path: '' }],
    // No scheme means ipmi: an IP or a name, an IP with a port, a bracketed IPv6 with a port.
    ['192.168.111.5', { scheme: 'ipmi', driver: 'ipmi', hostname: '192.168.111.5', port: '', path: '' }],
    ['192.168.111.5:6230', { scheme: 'ipmi', driver: 'ipmi', hostname: '192.168.111.5', port: '6230', path: '' }],
    ['[fd00::5]:623', { scheme: 'ipmi', driver: 'ipmi', hostname: 'fd00::5', port: '623', path: '' }],
    ['bmc.example.com', { scheme: 'ipmi', driver: 'ipmi', hostname: 'bmc.example.com', port: '', path: '' }],
    ['ipmi://bmc-7:623?privilegelevel=OPERATOR', { scheme: 'ipmi', driver: 'ipmi', hostname: 'bmc-7', port: '623', path: '' }],
    // Go lowercases the scheme; `driver:host` is read as `driver://host`.
    ['Redfish-VirtualMedia://10.0.0.1/x', { scheme: 'redfish-virtualmedia', driver: 'redfish-virtualmedia', hostname: '10.0.0.1', port: '', path: '/x' }],
    ['redfish-virtualmedia:10.0.0.1/redfish/v1', { scheme: 'redfish-virtualmedia', driver: 'redfish-virtualmedia', hostname: '10.0.0.1', port: '', path: '/redfish/v1' }],
    ['redfish-virtualmedia://[::ffff:10.0.0.1]/x', { scheme: 'redfish-virtualmedia', driver: 'redfish-virtualmedia', hostname: '::ffff:10.0.0.1', port: '', path: '/x' }],
    // Accepted by BMO, refused by the console's policies (lib/enroll/policies.ts).
    ['redfish-virtualmedia://300.1.1.1/x', { scheme: 'redfish-virtualmedia', driver: 'redfish-virtualmedia', hostname: '300.1.1.1', port: '', path: '/x' }],
    ['redfish-virtualmedia://10.0.0.1:99999/x', { scheme: 'redfish-virtualmedia', driver: 'redfish-virtualmedia', hostname: '10.0.0.1', port: '99999', path: '/x' }],
    ['redfish-virtualmedia:///redfish/v1', { scheme: 'redfish-virtualmedia', driver: 'redfish-virtualmedia', hostname: '', port: '', path: '/redfish/v1' }],
    ['redfish-virtualmedia:', { scheme: 'redfish-virtualmedia', driver: 'redfish-virtualmedia', hostname: '', port: '', path: '' }],
    ['10.0.0.1:', { scheme: 'ipmi', driver: 'ipmi', hostname: '10.0.0.1', port: '', path: '' }],
  ])('%s', (text, address) => {
    expect(parseBmcAddress(text)).toEqual({ ok: true, address: { hasUserinfo: false, ...address } });
  });

  it('notices credentials in the address', () => {
    expect(parseBmcAddress('redfish://admin:secret@10.0.0.1/redfish/v1')).toMatchObject({ ok: true, address: { hasUserinfo: true, hostname: '10.0.0.1' } });
  });
});

describe('parseBmcAddress: what BMO refuses, with its exact words and the console\'s', () => {
  const unknown = (address: string, scheme: string) => `Unknown BMC type '${scheme}' for address ${address}`;
  it.each([
    // The colleague's findings (issue 12).
    ['ilo4-virtualmedia+http://10.0.0.1/x', unknown('ilo4-virtualmedia+http://10.0.0.1/x', 'ilo4-virtualmedia+http'), 'Unknown BMC driver "ilo4-virtualmedia+http". The ilo4-virtualmedia driver takes +https only.'],
    ['ipmi+http://10.0.0.1', unknown('ipmi+http://10.0.0.1', 'ipmi+http'), 'Unknown BMC driver "ipmi+http". The ipmi driver takes no +http or +https.'],
    ['ipmi+https://10.0.0.1', unknown('ipmi+https://10.0.0.1', 'ipmi+https'), 'Unknown BMC driver "ipmi+https". The ipmi driver takes no +http or +https.'],
    ['libvirt+https://10.0.0.1', unknown('libvirt+https://10.0.0.1', 'libvirt+https'), 'Unknown BMC driver "libvirt+https". The libvirt driver takes no +http or +https.'],
    ['irmc+http://10.0.0.1', unknown('irmc+http://10.0.0.1', 'irmc+http'), 'Unknown BMC driver "irmc+http". The irmc driver takes no +http or +https.'],
    ['ilo4+http://10.0.0.1', unknown('ilo4+http://10.0.0.1', 'ilo4+http'), 'Unknown BMC driver "ilo4+http". The ilo4 driver takes +https only.'],
    ['ilo5+http://10.0.0.1', unknown('ilo5+http://10.0.0.1', 'ilo5+http'), 'Unknown BMC driver "ilo5+http". The ilo5 driver takes +https only.'],
    ['idrac://10.0.0.1', unknown('idrac://10.0.0.1', 'idrac'), 'Unknown BMC driver "idrac". BMO has no idrac driver: use idrac-virtualmedia (or idrac-redfish).'],
    [
      'redfish-virtualmedia://bmc.example.com./redfish/v1/Systems/1',
      'failed to parse BMC address information: BMC address hostname/IP : [bmc.example.com.] is invalid',
      'BMO refuses a DNS name ending with a dot: write bmc.example.com.',
    ],
    // From the test bed's webhook tests (e2e/cluster/webhook.integration.test.ts).
    ['foo://192.168.111.1', unknown('foo://192.168.111.1', 'foo'), 'Unknown BMC driver "foo".'],
    ['redfish://bad_host/redfish/v1/Systems/1', 'failed to parse BMC address information: BMC address hostname/IP : [bad_host] is invalid', 'bad_host is not an IP address or DNS name.'],
    // Go's url.Parse refusals, quoted by BMO.
    ['redfish-virtualmedia://[fd00::1/x', 'failed to parse BMC address information: parse "redfish-virtualmedia://[fd00::1/x": missing \']\' in host', 'An IPv6 BMC address needs a closing bracket.'],
    ['redfish-virtualmedia://[10.0.0.1]/x', 'failed to parse BMC address information: parse "redfish-virtualmedia://[10.0.0.1]/x": invalid IP-literal', 'Only an IPv6 address goes in brackets, e.g. [fd00::1].'],
    ['redfish-virtualmedia://[fd00::zz]/x', 'failed to parse BMC address information: parse "redfish-virtualmedia://[fd00::zz]/x": invalid host: ParseAddr("fd00::zz"): each colon-separated field must have at least one digit (at "zz")', 'Only an IPv6 address goes in brackets, e.g. [fd00::1].'],
    ['redfish-virtualmedia://10.0.0.1:http/x', 'failed to parse BMC address information: parse "redfish-virtualmedia://10.0.0.1:http/x": invalid port ":http" after host', 'http is not a port (1–65535).'],
    ['::1', 'failed to parse BMC address information: parse "::1": missing protocol scheme', 'BMO cannot read this address: missing protocol scheme.'],
    // An IPv6 address without brackets: Go reads its last group as a port.
    ['redfish-virtualmedia://fd00::1/redfish', 'failed to parse BMC address information: BMC address hostname/IP : [fd00:] is invalid', 'Put an IPv6 BMC address in brackets, e.g. [fd00::1].'],
    ['fd00::1', unknown('fd00::1', 'fd00'), 'Put an IPv6 BMC address in brackets, e.g. ipmi://[fd00::1].'],
    ['redfish-virtualmedia://[fe80::1%25eth0]/x', 'failed to parse BMC address information: BMC address hostname/IP : [fe80::1%eth0] is invalid', 'fe80::1%eth0: a BMC address cannot have an IPv6 zone.'],
    // A name with a port and no scheme: the name is read as the driver.
    ['bmc.example.com:623', unknown('bmc.example.com:623', 'bmc.example.com'), 'Unknown BMC driver "bmc.example.com". BMO reads the text before the first colon as the driver: write ipmi://bmc.example.com:623.'],
    // Unparseable as a URL but splittable as host:port: BMO takes the whole text as the host.
    ['redfish-virtualmedia://10.0.0.1 /x', 'failed to parse BMC address information: BMC address hostname/IP : [redfish-virtualmedia://10.0.0.1 /x] is invalid', 'The BMC host cannot contain spaces.'],
    ['10.0.0.1:ipmi', 'failed to parse BMC address information: BMC address hostname/IP : [10.0.0.1:ipmi] is invalid', 'ipmi is not a port (1–65535).'],
    ['redfish-virtualmedia://bmc_1.example.com/x', 'failed to parse BMC address information: BMC address hostname/IP : [bmc_1.example.com] is invalid', 'bmc_1.example.com is not an IP address or DNS name.'],
  ])('%s', (text, bmoMessage, consoleMessage) => {
    const parsed = parseBmcAddress(text);
    expect(parsed.ok ? undefined : parsed.problem.bmoMessage).toBe(bmoMessage);
    expect(parsed.ok ? undefined : bmcAddressMessage(parsed.problem, text)).toBe(consoleMessage);
  });
});

describe('checkDNSValid', () => {
  it.each([
    ['', true],
    ['bmc', true],
    ['BMC-1.Example.com', true],
    [`${'a'.repeat(63)}.example.com`, true],
    [`${'a'.repeat(64)}.example.com`, false],
    // No limit on the whole name, and all-digit labels pass (the console's bmc-host-numeric policy).
    [Array.from({ length: 10 }, () => 'a'.repeat(63)).join('.'), true],
    ['300.1.1.1', true],
    ['bmc.example.com.', false],
    ['.example.com', false],
    ['-bmc.example.com', false],
    ['bmc_1', false],
    ['fd00::1', true],
    ['fe80::1%eth0', false],
  ])('%j: %s', (hostname, valid) => {
    expect(bmoHostnameValid(hostname)).toBe(valid);
  });
});
