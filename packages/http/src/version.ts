/** The `User-Agent` value for a client package: `<package>/<version> node/<node version>`. */
export function userAgent(pkgName: string, version: string): string {
  return `${pkgName}/${version} node/${process.version}`;
}
