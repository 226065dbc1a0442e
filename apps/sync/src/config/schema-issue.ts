import type * as z from 'zod';
import { ConfigError } from './config-error.js';

/** `config.connections.eu.flows[0].flowId`: the path of an issue, as every config message names it. */
export function issuePath(path: readonly PropertyKey[], root = 'config'): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    root,
  );
}

/**
 * The first issue of a failed parse as the one-line {@link ConfigError} the CLI prints (exit 2). A key zod does
 * not know wins over the rest: it is usually a typo, and the "missing" key it was meant to be follows from it.
 * The messages come from the schema's own `error` options (./schema-kit.ts); they never quote a secret.
 */
export function issueToError(error: z.ZodError, root = 'config'): ConfigError {
  const issues = error.issues;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  if (!issue) return new ConfigError(`${root}: expected a valid config, received one zod rejected`);
  return new ConfigError(describe(issue, [], root));
}

function describe(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[], root: string): string {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return `${issuePath([...path, issue.keys[0] ?? ''], root)}: ${issue.message}`;
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A value that may take several forms (an IDnow flow: an id, or { flowId, environment }): report the form
    // the value has, the branch that failed on more than its type.
    const branch = issue.errors.find((b) => b.some((i) => i.code !== 'invalid_type' || i.path.length > 0));
    const inner = branch?.find((i) => i.code === 'unrecognized_keys') ?? branch?.[0];
    if (inner) return describe(inner, path, root);
  }
  if (issue.code === 'invalid_key' && issue.issues[0]) {
    return `${issuePath(path, root)}: ${issue.issues[0].message}`;
  }
  return `${issuePath(path, root)}: ${issue.message}`;
}
