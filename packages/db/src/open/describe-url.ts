/**
 * A connection URL safe to print: scheme, host, port and database only. User, password and query parameters
 * (which may carry `password=` or `sslkey=`) are dropped. Unparseable input yields a placeholder, never the input.
 */
export function describeDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'postgres://(unparseable connection string)';
  }
}
