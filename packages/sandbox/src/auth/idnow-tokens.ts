import { randomBytes } from 'node:crypto';

/**
 * Access tokens issued by the emulated IDnow auth server. Tokens are random opaque strings that
 * expire after `ttlSeconds` of real time; `revokeAll` invalidates every token issued so far. A token may be
 * scoped to one environment (IDnow API clients belong to one environment).
 */
export class IdnowTokens {
  private readonly tokens = new Map<string, number>();
  /** Environment of scoped tokens; absent = any environment (the sandbox-only default client). */
  private readonly scopes = new Map<string, string>();

  constructor(
    readonly ttlSeconds: number,
    private readonly realNow: () => number = Date.now,
  ) {}

  /** Issues a token, valid for `environment` only when given. */
  issue(environment?: string): string {
    this.prune();
    const token = `idn_${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, this.realNow() + this.ttlSeconds * 1000);
    if (environment !== undefined) this.scopes.set(token, environment);
    return token;
  }

  /** The environment a valid token is limited to, or null when it is valid for every environment. */
  environmentOf(token: string): string | null {
    return this.scopes.get(token) ?? null;
  }

  /** Whether `token` was issued, not revoked and not expired. */
  isValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.realNow()) {
      this.tokens.delete(token);
      this.scopes.delete(token);
      return false;
    }
    return true;
  }

  revokeAll(): number {
    const count = this.tokens.size;
    this.tokens.clear();
    this.scopes.clear();
    return count;
  }

  private prune(): void {
    if (this.tokens.size < 1000) return;
    const now = this.realNow();
    for (const [token, expiresAt] of this.tokens) {
      if (expiresAt > now) continue;
      this.tokens.delete(token);
      this.scopes.delete(token);
    }
  }
}
