const utf8 = new TextDecoder();

/**
 * A `Response` over a body already read into memory (the transport reads it inside the attempt). A Response
 * built on bytes creates a body stream at once (a `ReadableStream`, its controller and a transferable wrapper),
 * which costs more than the JSON parse it feeds (~35 µs of CPU per call); this one is a real `Response`
 * (status, headers, `instanceof`) whose `text`, `json`, `arrayBuffer`, `bytes`, `blob` read the bytes directly,
 * and which builds the stream only if `body` is asked for. A body can be read once, as with any Response.
 */
export function bufferedResponse(bytes: Uint8Array<ArrayBuffer> | null, init: ResponseInit): Response {
  if (bytes === null) return new Response(null, init);
  const response = new Response(null, init);
  let used = false;
  // Built only when `body` is read or for `formData`; from then on it owns the body.
  let full: Response | undefined;
  const materialize = (): Response => {
    full ??= new Response(bytes, init);
    return full;
  };
  const take = (): Uint8Array<ArrayBuffer> => {
    if (used) throw new TypeError('Body is unusable: Body has already been read');
    used = true;
    return bytes;
  };
  const copy = (b: Uint8Array<ArrayBuffer>) => new Uint8Array(b);
  Object.defineProperties(response, {
    body: { get: () => materialize().body, configurable: true },
    bodyUsed: { get: () => used || (full?.bodyUsed ?? false), configurable: true },
    text: {
      value: async () => (full ? full.text() : utf8.decode(take())),
      configurable: true,
    },
    json: {
      value: async () => (full ? full.json() : JSON.parse(utf8.decode(take()))),
      configurable: true,
    },
    arrayBuffer: {
      value: async () => (full ? full.arrayBuffer() : copy(take()).buffer),
      configurable: true,
    },
    bytes: {
      value: async () => (full ? new Uint8Array(await full.arrayBuffer()) : copy(take())),
      configurable: true,
    },
    blob: {
      value: async () =>
        full ? full.blob() : new Blob([take()], { type: response.headers.get('content-type') ?? '' }),
      configurable: true,
    },
    formData: {
      value: async () => {
        if (!full && used) take();
        return materialize().formData();
      },
      configurable: true,
    },
    clone: {
      value: () => {
        if (full) return full.clone();
        if (used) throw new TypeError('Response.clone: Body has already been consumed.');
        return bufferedResponse(bytes, init);
      },
      configurable: true,
    },
  });
  return response;
}
