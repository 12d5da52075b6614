import { describe, expect, it } from 'vitest';
import { parseConsoleEnv } from './env';

describe('parseConsoleEnv', () => {
  it('defaults to token sign-in on loopback', () => {
    expect(parseConsoleEnv({})).toMatchObject({ CONSOLE_AUTH_MODE: 'token', CONSOLE_LISTEN_ADDRESS: '127.0.0.1', CONSOLE_SESSION_HOURS: 8 });
  });

  it('refuses kubeconfig mode unless the console listens on loopback', () => {
    expect(() => parseConsoleEnv({ CONSOLE_AUTH_MODE: 'kubeconfig', CONSOLE_LISTEN_ADDRESS: '0.0.0.0' })).toThrow(/must listen on loopback, not 0\.0\.0\.0/);
    expect(parseConsoleEnv({ CONSOLE_AUTH_MODE: 'kubeconfig', CONSOLE_LISTEN_ADDRESS: '::1' }).CONSOLE_AUTH_MODE).toBe('kubeconfig');
  });

  it('refuses a short session secret', () => {
    expect(() => parseConsoleEnv({ CONSOLE_SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });

  it('takes CONSOLE_NMSTATECTL only as an absolute path', () => {
    expect(parseConsoleEnv({ CONSOLE_NMSTATECTL: '/usr/bin/nmstatectl' }).CONSOLE_NMSTATECTL).toBe('/usr/bin/nmstatectl');
    expect(() => parseConsoleEnv({ CONSOLE_NMSTATECTL: 'bin/nmstatectl' })).toThrow(/CONSOLE_NMSTATECTL must be an absolute path/);
  });
});

describe('single sign-on configuration', () => {
  const sso = { CONSOLE_OIDC_ISSUER: 'https://sso.example.com/realms/acme', CONSOLE_OIDC_CLIENT_ID: 'console', CONSOLE_ORIGIN: 'https://console.example.com' };

  it('takes an https issuer, a client and the console origin; scopes default to openid profile', () => {
    expect(parseConsoleEnv(sso)).toMatchObject({ ...sso, CONSOLE_OIDC_SCOPES: 'openid profile', CONSOLE_OIDC_PROVIDER_NAME: 'your identity provider' });
  });

  it('refuses an issuer without a client id or without the origin the provider sends users back to', () => {
    expect(() => parseConsoleEnv({ ...sso, CONSOLE_OIDC_CLIENT_ID: undefined })).toThrow(/set CONSOLE_OIDC_CLIENT_ID/);
    expect(() => parseConsoleEnv({ ...sso, CONSOLE_ORIGIN: undefined })).toThrow(/api\/auth\/callback.*set CONSOLE_ORIGIN/);
    expect(() => parseConsoleEnv({ CONSOLE_OIDC_CLIENT_SECRET: 's3cret' })).toThrow(/set CONSOLE_OIDC_ISSUER/);
  });

  it('refuses a plain-http issuer and malformed scopes', () => {
    expect(() => parseConsoleEnv({ ...sso, CONSOLE_OIDC_ISSUER: 'http://sso.example.com' })).toThrow(/must be an https: URL/);
    expect(() => parseConsoleEnv({ ...sso, CONSOLE_OIDC_SCOPES: 'openid  "profile"' })).toThrow(/scope tokens/);
    expect(parseConsoleEnv({ ...sso, CONSOLE_OIDC_SCOPES: 'user:full' }).CONSOLE_OIDC_SCOPES).toBe('user:full');
  });
});
