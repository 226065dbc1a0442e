/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  config?: string;
  database?: string;
  dataDir?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}
