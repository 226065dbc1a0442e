import { randomBytes } from 'node:crypto';

/**
 * Access tokens issued by the emulated IDnow auth server. Tokens are random opaque strings that
 * expire after `ttlSeconds` of real time; `revokeAll` invalidates every token issued so far.
 */
export class IdnowTokens {
  private readonly tokens = new Map<string, number>();

  constructor(
    readonly ttlSeconds: number,
    private readonly realNow: () => number = Date.now,
  ) {}

  issue(): string {
    this.prune();
    const token = `idn_${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, this.realNow() + this.ttlSeconds * 1000);
    return token;
  }

  /** Whether `token` was issued, not revoked and not expired. */
  isValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.realNow()) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }

  revokeAll(): number {
    const count = this.tokens.size;
    this.tokens.clear();
    return count;
  }

  private prune(): void {
    if (this.tokens.size < 1000) return;
    const now = this.realNow();
    for (const [token, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(token);
  }
}
