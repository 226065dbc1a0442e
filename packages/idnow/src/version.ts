/** npm package name, used in the User-Agent. */
export const PKG = '@idvkit/idnow';
/** Package version (kept equal to package.json's; a test checks it). */
export const VERSION = '0.1.0';
