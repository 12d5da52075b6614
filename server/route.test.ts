import { describe, expect, it } from 'vitest';
import { Refusal } from './errors';
import { readJsonBody } from './route';

const request = (body: BodyInit | null, headers: Record<string, string> = {}) => new Request('http://127.0.0.1/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('readJsonBody', () => {
  it('reads JSON, and an empty body as undefined', async () => {
    expect(await readJsonBody(request('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJsonBody(request(''))).toBeUndefined();
  });

  it('refuses a body larger than the cap before reading it, when it says its length', async () => {
    const error = await readJsonBody(request('x'.repeat(10), { 'content-length': '5000000' }), 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ status: 413, userMessage: 'The request is too large: this endpoint takes at most 1 KiB.' });
  });

  it('stops reading a streamed body at the cap, whatever it claimed', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const error = await readJsonBody(request(endless), 256 * 1024).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413 });
    expect(sent, 'it stopped pulling soon after the cap').toBeLessThan(10);
  });

  it('says when the body is not JSON', async () => {
    await expect(readJsonBody(request('{not json'))).rejects.toMatchObject({ status: 400, userMessage: 'The request body is not JSON.' });
  });
});
