import type { DbHandle } from '@idvkit/db';

/** The URL of a Postgres test clone: its description (no credentials) on TEST_DATABASE_URL's server and user. */
export function cloneUrl(handle: DbHandle): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  url.pathname = new URL(handle.description).pathname;
  return url.toString();
}
