/** npm package name, used in the User-Agent. */
export const PKG = '@idvkit/yoti';
/** Package version (kept equal to package.json's; a test checks it). */
export const VERSION = '0.1.0';
/** Value of the `X-Yoti-SDK` header. */
export const YOTI_SDK_NAME = 'idvkit-node';
