import { checkUrl, type UrlPolicy } from './check-url.js';
import { ConfigError, describeValue } from './config-error.js';
import { describeRange, type Range } from './limits.js';

/** A JSON object read from config, with the path used in error messages. */
export class Fields {
  constructor(
    readonly value: Record<string, unknown>,
    readonly path: string,
    readonly urlPolicy: UrlPolicy = { allowInsecureHttp: false },
  ) {}

  static of(value: unknown, path: string, urlPolicy?: UrlPolicy): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ConfigError(`${path}: expected an object, received ${describeValue(value)}`);
    }
    return new Fields(value as Record<string, unknown>, path, urlPolicy);
  }

  /** The same object, with the URL policy its `url()` fields (and nested objects) are checked against. */
  withUrlPolicy(urlPolicy: UrlPolicy): Fields {
    return new Fields(this.value, this.path, urlPolicy);
  }

  /** Rejects keys this object does not know, so typos are caught instead of silently ignored. */
  only(keys: string[]): this {
    for (const key of Object.keys(this.value)) {
      if (!keys.includes(key)) {
        throw new ConfigError(`${this.path}.${key}: unknown key (expected one of ${keys.join(', ')})`);
      }
    }
    return this;
  }

  string(key: string): string {
    const v = this.optionalString(key);
    if (v === undefined)
      throw new ConfigError(`${this.path}.${key}: expected a non-empty string, received nothing`);
    return v;
  }

  optionalString(key: string): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      throw new ConfigError(`${this.path}.${key}: expected a non-empty string, received ${describeValue(v)}`);
    }
    return v;
  }

  url(key: string, fallback?: string): string {
    const v = this.optionalString(key) ?? fallback;
    if (v === undefined) throw new ConfigError(`${this.path}.${key}: expected a URL, received nothing`);
    return checkUrl(v, `${this.path}.${key}`, this.urlPolicy);
  }

  /** An absent key gives the fallback; `null` is refused like any other non-number. */
  positiveNumber(key: string, fallback: number, { integer = false } = {}): number {
    const v = this.value[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      throw new ConfigError(
        `${this.path}.${key}: expected a positive ${integer ? 'integer' : 'number'}, received ${describeValue(v)}`,
      );
    }
    return v;
  }

  /** A number within `range` (inclusive); an absent key gives the fallback, `null` is refused. */
  numberInRange(key: string, fallback: number, range: Range): number {
    const v = this.value[key];
    if (v === undefined) return fallback;
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      v < range.min ||
      v > range.max ||
      (range.integer && !Number.isInteger(v))
    ) {
      throw new ConfigError(
        `${this.path}.${key}: expected ${describeRange(range)}, received ${describeValue(v)}`,
      );
    }
    return v;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.value[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') {
      throw new ConfigError(`${this.path}.${key}: expected true or false, received ${describeValue(v)}`);
    }
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.value[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      throw new ConfigError(
        `${this.path}.${key}: expected one of ${allowed.join(', ')}, received ${JSON.stringify(v)}`,
      );
    }
    return v as T;
  }

  array(key: string): Fields[] {
    const v = this.value[key];
    if (!Array.isArray(v) || v.length === 0) {
      throw new ConfigError(`${this.path}.${key}: expected a non-empty array, received ${describeValue(v)}`);
    }
    return v.map((item, i) => Fields.of(item, `${this.path}.${key}[${i}]`, this.urlPolicy));
  }

  object(key: string): Fields | undefined {
    const v = this.value[key];
    return v === undefined || v === null ? undefined : Fields.of(v, `${this.path}.${key}`, this.urlPolicy);
  }
}
