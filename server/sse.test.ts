import { afterEach, describe, expect, it, vi } from 'vitest';
import { revocations } from './auth/revocation';
import { sseResponse } from './sse';

const session = (sid: string) => ({ sid, mode: 'kubeconfig' as const, username: 'alice', groups: [], csrf: 'c', expiresAt: Date.now() + 3600_000 });

async function readAll(response: Response): Promise<string> {
  return new Response(response.body).text();
}

describe('sseResponse', () => {
  afterEach(() => vi.useRealTimers());

  it('ends a stream whose browser stops reading (backpressure), instead of queueing for ever', async () => {
    let send: (event: string, data: unknown) => void = () => {};
    const unsubscribe = vi.fn();
    const response = sseResponse(new Request('http://127.0.0.1/api/stream'), session('bp-1'), (s) => {
      send = s;
      return unsubscribe;
    });
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 200; i += 1) send('change', big);
    expect(unsubscribe, 'the stream let go of its subscription').toHaveBeenCalled();
    const text = await readAll(response);
    expect(text.length).toBeLessThan(200 * big.length);
  });

  it('delivers a snapshot larger than the queue bound whole, and what follows it', async () => {
    let send: (event: string, data: unknown) => void = () => {};
    const unsubscribe = vi.fn();
    const response = sseResponse(new Request('http://127.0.0.1/api/stream'), session('big-1'), (s) => {
      send = s;
      return unsubscribe;
    });
    const snapshot = 'h'.repeat(10 * 1024 * 1024);
    send('message', snapshot);
    send('message', 'health');
    expect(unsubscribe).not.toHaveBeenCalled();
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('"health"')) text += (await reader.read()).value ?? '';
    expect(text).toContain(snapshot);
    await reader.cancel();
  });

  it('ends the stream with a session event when the session is signed out', async () => {
    const unsubscribe = vi.fn();
    const response = sseResponse(new Request('http://127.0.0.1/api/stream'), session('so-1'), () => unsubscribe);
    await revocations().revoke('so-1', Date.now() + 3600_000);
    const text = await readAll(response);
    expect(text).toContain('event: session\ndata: {"ended":"signed-out"}');
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('refuses more live streams per session than a person has tabs', async () => {
    const responses = Array.from({ length: 12 }, () => sseResponse(new Request('http://127.0.0.1/api/stream'), session('many-1'), () => () => {}));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const refused = sseResponse(new Request('http://127.0.0.1/api/stream'), session('many-1'), () => () => {});
    expect(refused.status).toBe(429);
    expect(sseResponse(new Request('http://127.0.0.1/api/stream'), session('many-2'), () => () => {}).status, 'another session is not affected').toBe(200);
  });
});
