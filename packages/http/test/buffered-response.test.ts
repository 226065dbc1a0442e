import { describe, expect, it } from 'vitest';
import { bufferedResponse } from '../src/fetch/buffered-response.js';

const init = { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' } };
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text)) as Uint8Array<ArrayBuffer>;

describe('bufferedResponse', () => {
  it('is a real Response with the status and headers given', () => {
    const res = bufferedResponse(bytesOf('{}'), { ...init, status: 404 });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(404);
    expect(res.ok).toBe(false);
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('reads the body as json, text, arrayBuffer and blob like a Response built on the bytes', async () => {
    const text = '{"name":"Zoë","n":[1,2]}';
    for (const read of ['json', 'text', 'arrayBuffer', 'blob'] as const) {
      const ours = await bufferedResponse(bytesOf(text), init)[read]();
      const theirs = await new Response(bytesOf(text), init)[read]();
      if (read === 'blob') {
        expect(await (ours as Blob).text()).toBe(await (theirs as Blob).text());
        expect((ours as Blob).type).toBe((theirs as Blob).type);
      } else if (read === 'arrayBuffer') {
        expect(Buffer.from(ours as ArrayBuffer).equals(Buffer.from(theirs as ArrayBuffer))).toBe(true);
      } else {
        expect(ours).toEqual(theirs);
      }
    }
  });

  it('can be read once, reports bodyUsed, and clones before reading', async () => {
    const res = bufferedResponse(bytesOf('"a"'), init);
    const twin = res.clone();
    expect(res.bodyUsed).toBe(false);
    expect(await res.json()).toBe('a');
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
    expect(() => res.clone()).toThrow(TypeError);
    expect(await twin.text()).toBe('"a"');
  });

  it('rejects invalid JSON with a SyntaxError, as Response.json does', async () => {
    await expect(bufferedResponse(bytesOf('{nope'), init).json()).rejects.toThrow(SyntaxError);
  });

  it('gives a readable body stream when asked for one', async () => {
    const res = bufferedResponse(bytesOf('streamed'), init);
    const chunks: Uint8Array[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('streamed');
    expect(res.bodyUsed).toBe(true);
  });

  it('has a null body for a body-less answer', async () => {
    const res = bufferedResponse(null, { status: 204 });
    expect(res.body).toBeNull();
    expect(await res.text()).toBe('');
  });
});
