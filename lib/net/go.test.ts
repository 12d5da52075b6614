/**
 * Expected values are what Go 1.26 answers (with BMO's urlstrictcolons=0), checked against a
 * throwaway Go program calling the same functions on these and some 100,000 generated strings.
 */
import { describe, expect, it } from 'vitest';
import { goParseIp, goParseMac, goParseUrl, goQuote, goSplitHostPort, goSplitUrlHost, isGoogleUuid, parseAddr } from './go';

describe('url.Parse with URL.Hostname and URL.Port', () => {
  it.each([
    ['redfish-virtualmedia://[fd00::1]:8443/redfish/v1', { scheme: 'redfish-virtualmedia', opaque: '', host: '[fd00::1]:8443', path: '/redfish/v1', hostname: 'fd00::1', port: '8443', hasUserinfo: false }],
    ['Redfish-VirtualMedia:10.0.0.1/x', { scheme: 'redfish-virtualmedia', opaque: '10.0.0.1/x', host: '', path: '', hostname: '', port: '', hasUserinfo: false }],
    ['ipmi://user:pw@10.0.0.1:623', { scheme: 'ipmi', opaque: '', host: '10.0.0.1:623', path: '', hostname: '10.0.0.1', port: '623', hasUserinfo: true }],
    ['bmc.example.com', { scheme: '', opaque: '', host: '', path: 'bmc.example.com', hostname: '', port: '', hasUserinfo: false }],
    // Several colons in a host: the port is after the last one, for every scheme (urlstrictcolons=0).
    ['ipmi://h:1:2', { scheme: 'ipmi', opaque: '', host: 'h:1:2', path: '', hostname: 'h:1', port: '2', hasUserinfo: false }],
    ['redfish://[fe80::1%25eth0]/x', { scheme: 'redfish', opaque: '', host: '[fe80::1%eth0]', path: '/x', hostname: 'fe80::1%eth0', port: '', hasUserinfo: false }],
    ['ipmi://10.0.0.1?privilegelevel=OPERATOR#top', { scheme: 'ipmi', opaque: '', host: '10.0.0.1', path: '', hostname: '10.0.0.1', port: '', hasUserinfo: false }],
  ])('%s', (raw, expected) => {
    const url = goParseUrl(raw);
    expect('error' in url ? url : { ...url, ...goSplitUrlHost(url.host), rawQuery: undefined }).toEqual({ ...expected, rawQuery: undefined });
  });

  it.each([
    ['10.0.0.1:623', 'parse "10.0.0.1:623": first path segment in URL cannot contain colon'],
    ['::1', 'parse "::1": missing protocol scheme'],
    ['redfish://10.0.0.1/a%zz', 'parse "redfish://10.0.0.1/a%zz": invalid URL escape "%zz"'],
    // In a host, %-escapes may only stand for non-ASCII bytes.
    ['redfish://b%41d/x', 'parse "redfish://b%41d/x": invalid URL escape "%41"'],
    ['redfish://[10.0.0.1]/x', 'parse "redfish://[10.0.0.1]/x": invalid IP-literal'],
    ['redfish://a b/x', 'parse "redfish://a b/x": invalid character " " in host name'],
    ['redfish://h/x#%zz', 'parse "redfish://h/x#%zz": invalid URL escape "%zz"'],
    ['redfish://h/\tx', 'parse "redfish://h/\\tx": net/url: invalid control character in URL'],
    // Go quotes three bytes, cutting the é in two.
    ['a/%+é', 'parse "a/%+é": invalid URL escape "%+\\xc3"'],
  ])('%j: %s', (raw, error) => {
    expect(goParseUrl(raw)).toEqual({ error });
  });

  it('decodes %-escapes of a host byte by byte, as UTF-8, each stray byte one U+FFFD', () => {
    expect(goParseUrl('ipmi://%c3%a9t%e9')).toMatchObject({ host: 'ét\ufffd' });
  });
});

describe('net.SplitHostPort', () => {
  it.each([
    ['10.0.0.1:623', { host: '10.0.0.1', port: '623' }],
    ['[fd00::1]:623', { host: 'fd00::1', port: '623' }],
    ['redfish://h/x%zz', { host: 'redfish', port: '//h/x%zz' }],
    ['[fd00::1]', { error: 'address [fd00::1]: missing port in address' }],
    ['fd00::1', { error: 'address fd00::1: too many colons in address' }],
    ['redfish://[10.0.0.1]/x', { error: "address redfish://[10.0.0.1]/x: unexpected '[' in address" }],
    ['', { error: 'missing port in address' }],
  ])('%j', (hostport, expected) => {
    expect(goSplitHostPort(hostport)).toEqual(expected);
  });
});

describe('netip.ParseAddr and net.ParseIP', () => {
  it.each([
    ['10.0.0.1', 4],
    ['::ffff:1.2.3.4', 6],
    ['fd00::1', 6],
    ['::', 6],
    ['1:2:3:4:5:6:7::', 6],
    ['010.0.0.1', 'ParseAddr("010.0.0.1"): IPv4 field has octet with leading zero'],
    ['1.2.3', 'ParseAddr("1.2.3"): IPv4 address too short'],
    ['5254.0012.3456', 'ParseAddr("5254.0012.3456"): IPv4 field has value >255'],
    ['1:2:3:4:5:6:7:8:9', 'ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")'],
    ['1::2::3', 'ParseAddr("1::2::3"): multiple :: in address (at ":3")'],
    ['52:54:00:12:34:56', 'ParseAddr("52:54:00:12:34:56"): address string too short'],
    ['fd00::zz', 'ParseAddr("fd00::zz"): each colon-separated field must have at least one digit (at "zz")'],
    ['bmc.example.com', 'ParseAddr("bmc.example.com"): unexpected character (at "bmc.example.com")'],
    ['bmc', 'ParseAddr("bmc"): unable to parse IP'],
    ['%eth0', 'ParseAddr("%eth0"): missing IPv6 address'],
  ])('%j', (text, expected) => {
    const addr = parseAddr(text);
    expect('error' in addr ? addr.error : addr.family).toBe(expected);
  });

  it('net.ParseIP refuses a zone that ParseAddr takes', () => {
    expect(parseAddr('fe80::1%eth0')).toEqual({ family: 6, zone: true });
    expect(goParseIp('fe80::1%eth0')).toBeUndefined();
    // 8 hex groups read as IPv6: a colon-separated EUI-64 MAC is an address to Go.
    expect(goParseIp('52:54:00:12:34:56:78:9a')).toBe(6);
  });
});

describe('net.ParseMAC', () => {
  it.each([
    ['52:54:00:12:34:56', 6],
    ['52:54:00:AB:cd:EF', 6],
    ['52-54-00-12-34-56', 6],
    ['5254.0012.3456', 6],
    ['525400123456', 6],
    ['52:54:00:12:34:56:78:9a', 8],
    [Array.from({ length: 20 }, () => 'ab').join(':'), 20],
    ['52:54:00:12:34', undefined],
    ['52:54-00:12:34:56', undefined],
    ['x52:54:00:00:0e:01', undefined],
    ['52:54:00:00:0e:0g', undefined],
    [' 52:54:00:12:34:56', undefined],
  ])('%j: %s bytes', (mac, bytes) => {
    expect(goParseMac(mac)).toBe(bytes);
  });
});

describe('google/uuid.Parse', () => {
  it.each([
    ['12345678-1234-1234-1234-123456789abc', true],
    ['12345678-1234-1234-1234-123456789ABC', true],
    ['0123456789abcdef0123456789abcdef', true],
    // 38 characters: the first and the last are not looked at (meant to be braces).
    ['x12345678-1234-1234-1234-123456789abcx', true],
    ['urn:uuid:12345678-1234-1234-1234-123456789abc', true],
    ['12345678-1234-1234-1234-123456789abg', false],
    ['12345678-1234-1234-1234-123456789abcd', false],
    ['openshift-worker-0', false],
  ])('%j: %s', (name, uuid) => {
    expect(isGoogleUuid(name)).toBe(uuid);
  });
});

it('goQuote escapes as strconv.Quote does', () => {
  expect(goQuote('a"b\\c\td\x01é')).toBe('"a\\"b\\\\c\\td\\x01é"');
});
