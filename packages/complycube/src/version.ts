/** The npm package name, used in the User-Agent. */
export const PACKAGE_NAME = '@idvkit/complycube';
/** The package version (kept equal to package.json's by a test). */
export const VERSION = '0.1.0';
