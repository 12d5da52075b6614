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
