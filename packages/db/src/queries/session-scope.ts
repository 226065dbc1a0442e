import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../database.js';

/**
 * Narrows a provider's sessions to one listing scope (of one connection). `null` or absent means "any": providers without
 * environments or flows pass null, and their rows may still carry an environment.
 */
export interface SessionScope {
  /** Only the sessions this connection wrote last. */
  connection?: string | null;
  environment?: string | null;
  flowId?: string | null;
}

/** The scope as a WHERE condition on `idv.sessions`. */
export function scopeCondition(
  eb: ExpressionBuilder<Database, 'idv.sessions'>,
  scope: SessionScope | undefined,
) {
  const conditions = [];
  if (scope?.connection != null) conditions.push(eb('connection', '=', scope.connection));
  if (scope?.environment != null) conditions.push(eb('environment', '=', scope.environment));
  if (scope?.flowId != null) conditions.push(eb('flow_id', '=', scope.flowId));
  return eb.and(conditions);
}
