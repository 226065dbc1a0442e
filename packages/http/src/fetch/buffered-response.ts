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
  return new BufferedResponse(bytes, init);
}

class BufferedResponse extends Response {
  readonly #bytes: Uint8Array<ArrayBuffer>;
  readonly #init: ResponseInit;
  #used = false;
  // Built only when `body` is read or for `formData`; from then on it owns the body.
  #full: Response | undefined;

  constructor(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
    this.#init = init;
  }

  #materialize(): Response {
    this.#full ??= new Response(this.#bytes, this.#init);
    return this.#full;
  }

  #take(): Uint8Array<ArrayBuffer> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#materialize().body;
  }

  override get bodyUsed(): boolean {
    return this.#used || (this.#full?.bodyUsed ?? false);
  }

  override async text(): Promise<string> {
    return this.#full ? this.#full.text() : utf8.decode(this.#take());
  }

  override async json(): Promise<unknown> {
    return this.#full ? this.#full.json() : JSON.parse(utf8.decode(this.#take()));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#full ? this.#full.arrayBuffer() : new Uint8Array(this.#take()).buffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#full ? new Uint8Array(await this.#full.arrayBuffer()) : new Uint8Array(this.#take());
  }

  override async blob(): Promise<Blob> {
    if (this.#full) return this.#full.blob();
    return new Blob([this.#take()], { type: this.headers.get('content-type') ?? '' });
  }

  override async formData(): Promise<FormData> {
    if (!this.#full && this.#used) this.#take();
    return this.#materialize().formData();
  }

  override clone(): Response {
    if (this.#full) return this.#full.clone();
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.#bytes, this.#init);
  }
}
