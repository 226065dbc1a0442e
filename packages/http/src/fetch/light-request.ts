/** A signal nobody can abort (its controller is dropped): the signal of a request made without one. */
const NEVER_ABORTED = new AbortController().signal;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const REDIRECTS = new Set(['follow', 'manual', 'error']);
const SIMPLE_INIT_KEYS = new Set(['method', 'headers', 'body', 'signal', 'redirect']);
const utf8 = new TextEncoder();

/**
 * What openapi-fetch builds per call (its `Request` option) when nothing but idvkit's own fetch will see it: the
 * method, URL, headers, signal, redirect mode and a string body, without undici's `Request` (a parsed URL, a
 * signal of its own following the caller's, a body stream: ~20 µs of CPU and garbage per call, bench scenario 7).
 * The URL is parsed once here and reused for the redacted URL and by the dispatcher transport. Anything else
 * (a body that is not a string, another init key, a URL with credentials, an unusual method) gets a real
 * `Request`, which also throws as it always did; so does every call where a middleware or a foreign fetch would
 * see the request (`createOpenApiClient`). `instanceof` accepts both.
 */
export class LightRequest {
  // Assigned unless the constructor returns a real Request instead.
  readonly method!: string;
  readonly url!: string;
  readonly headers!: Headers;
  readonly signal!: AbortSignal;
  readonly redirect!: RequestRedirect;
  /** `url`, parsed. */
  readonly parsedUrl!: URL;
  readonly #body: string | undefined;
  #used = false;

  constructor(input: string | URL | Request, init: RequestInit = {}) {
    const url = typeof input === 'string' ? parsedSimple(input, init) : undefined;
    // openapi-fetch calls `new Request(…)`: returning the real one (all its checks and behaviour) is the fallback.
    // biome-ignore lint/correctness/noConstructorReturn: see above; `instanceof LightRequest` holds for it too.
    if (!url) return new Request(input, init) as unknown as LightRequest;
    this.parsedUrl = url;
    this.url = url.href;
    this.method = init.method ?? 'GET';
    this.redirect = init.redirect ?? 'follow';
    this.signal = init.signal ?? NEVER_ABORTED;
    // openapi-fetch hands over a Headers it built for this call alone: kept, not copied.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.#body = (init.body ?? undefined) as string | undefined;
    if (this.#body !== undefined && !this.headers.has('content-type')) {
      this.headers.set('content-type', 'text/plain;charset=UTF-8');
    }
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Request || (typeof value === 'object' && value !== null && #body in value);
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = this.#body !== undefined;
    return this.#body === undefined ? new ArrayBuffer(0) : utf8.encode(this.#body).buffer;
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.arrayBuffer());
  }

  clone(): LightRequest {
    if (this.#used) throw new TypeError('Request.clone: Body has already been consumed.');
    return new LightRequest(this.url, {
      method: this.method,
      headers: new Headers(this.headers),
      redirect: this.redirect,
      ...(this.signal !== NEVER_ABORTED ? { signal: this.signal } : {}),
      ...(this.#body !== undefined ? { body: this.#body } : {}),
    });
  }
}

/** True when `signal` can never abort (a request made without a signal). */
export function neverAborts(signal: AbortSignal): boolean {
  return signal === NEVER_ABORTED;
}

/** The parsed URL of a request, without parsing it again when it is a {@link LightRequest}. */
export function parsedUrlOf(request: { url: string }): URL | undefined {
  return (request as Partial<LightRequest>).parsedUrl;
}

/** The parsed URL when `new Request(url, init)` would need nothing a LightRequest lacks; else undefined. */
function parsedSimple(url: string, init: RequestInit): URL | undefined {
  for (const key in init) {
    if (!SIMPLE_INIT_KEYS.has(key) && (init as Record<string, unknown>)[key] !== undefined) return undefined;
  }
  const method = init.method ?? 'GET';
  if (!METHODS.has(method)) return undefined;
  if (init.redirect !== undefined && !REDIRECTS.has(init.redirect)) return undefined;
  const body = init.body ?? undefined;
  if (body !== undefined && (typeof body !== 'string' || method === 'GET' || method === 'HEAD'))
    return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.username || parsed.password ? undefined : parsed;
}
