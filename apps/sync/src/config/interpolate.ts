import { ConfigError } from './config-error.js';

/**
 * Replaces `${NAME}` in every string of a parsed JSON config with the environment variable NAME, so secrets
 * stay out of the file. A missing variable is a config error (naming the variable, never a value).
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, path = 'config'): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined || v === '') {
        throw new ConfigError(`${path}: expected the environment variable ${name} to be set, but it is not`);
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, `${path}.${k}`)]),
    );
  }
  return value;
}
