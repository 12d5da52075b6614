import { describe, expect, it } from 'vitest';
import { hostPath, safeNextPath, signInPath } from './paths';

describe('safeNextPath', () => {
  it.each(['/', '/csrs', '/hosts/openshift-machine-api/w0?x=1#steps'])('keeps the console path %s', (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it.each([
    '/\\evil.example',
    '//evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'evil.example',
    '',
    undefined,
    ['/a', '/b'],
  ])('sends %j to the inventory instead of another origin', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });
});

describe('signInPath', () => {
  it('comes back to a safe path only', () => {
    expect(signInPath('/csrs')).toBe('/sign-in?next=%2Fcsrs');
    expect(signInPath('/\\evil.example')).toBe('/sign-in?next=%2F');
  });
});

describe('hostPath', () => {
  it('escapes each segment', () => {
    expect(hostPath({ namespace: 'ns', name: 'a b' })).toBe('/hosts/ns/a%20b');
  });
});
